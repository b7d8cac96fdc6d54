package org.gupstress.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.ReportBuilder;
import org.gupstress.reports.report.TestJudge;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.FirstWitness;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.results.ResultsReader;
import org.gupstress.reports.suite.OutcomeSpec;
import org.gupstress.reports.suite.SuiteCatalog;

/**
 * Test data: a real results file (the smoke profile over the primitives scenario: StoreBuffering.FullFence, SAFE,
 * and StoreBuffering.OnceOnly, BROKEN; two forks each), and reports built from hand-written forks.
 */
public final class Fixtures {
    /** The store-buffering outcomes as the SAFE design grades them. */
    public static final List<OutcomeSpec> SAFE_SPECS = List.of(
            OutcomeSpec.of("BOTH_SEEN", "ACCEPTABLE", "Both CPUs saw the other's store."),
            OutcomeSpec.of("ONE_SEEN", "ACCEPTABLE", "One CPU ran first; the other saw its store."),
            OutcomeSpec.of("NEITHER_SEEN", "FORBIDDEN", "Neither saw the other's store."));
    /** ... and as the BROKEN design grades them. */
    public static final List<OutcomeSpec> BROKEN_SPECS = List.of(
            OutcomeSpec.of("BOTH_SEEN", "ACCEPTABLE", "Both CPUs saw the other's store."),
            OutcomeSpec.of("ONE_SEEN", "ACCEPTABLE", "One CPU ran first; the other saw its store."),
            OutcomeSpec.of("NEITHER_SEEN", "ACCEPTABLE_INTERESTING", "BUG: neither saw the other's store."));

    private Fixtures() {
    }

    /** A copy of the recorded smoke results file in {@code dir}. */
    public static Path smokeResults(Path dir) {
        Path target = dir.resolve("smoke.bin.gz");
        try (InputStream in = Fixtures.class.getResourceAsStream("/results/smoke-store-buffering.bin.gz")) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The report of the recorded smoke results, as {@code gupstress report} builds it. */
    public static Report smokeReport(Path dir) {
        ResultsReader.Contents c = ResultsReader.read(smokeResults(dir), ResultsReader.Mode.COMPLETE);
        Report.RunInfo run = new Report.RunInfo("smoke", List.of("-f", "1"), null, null, 2, false, null, 12.0,
                "COMPLETE", List.of());
        return ReportBuilder.build(SuiteCatalog.load(), c.results(), null, Map.of(), null, run, n -> null);
    }

    /** A fork with the given counts (BOTH_SEEN, ONE_SEEN, NEITHER_SEEN), 1 x 300 ms, 1 s from JVM start to result. */
    public static ForkResult fork(String status, long both, long one, long neither, Long firstWitness) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (both > 0) {
            counts.put("BOTH_SEEN", both);
        }
        if (one > 0) {
            counts.put("ONE_SEEN", one);
        }
        if (neither > 0) {
            counts.put("NEITHER_SEEN", neither);
        }
        return new ForkResult("host-a", List.of("-Xmx512m"), "unified", status, 1, 300, both + one + neither, counts,
                firstWitness == null ? null : new FirstWitness("NEITHER_SEEN", firstWitness)).withWallSeconds(1.0);
    }

    /** A store-buffering test judged from {@code forks}. */
    public static TestReport test(String design, String expected, List<ForkResult> forks) {
        TestJudge.TestMeta meta = new TestJudge.TestMeta("org.example.SB." + design, "primitives", "store-buffering",
                "SB", design, expected, "source", 2);
        List<OutcomeSpec> specs = expected.equals("SAFE") ? SAFE_SPECS : BROKEN_SPECS;
        List<String> messages = new ArrayList<>();
        forks.stream().filter(f -> !f.status().equals("NORMAL")).forEach(f -> messages.add("Failed with error code 137"));
        return TestJudge.judge(meta, specs, forks, messages, forks.isEmpty() ? List.of() : List.of("host-a"), null,
                forks.isEmpty() ? "needs 3 CPUs, 2 available" : null);
    }

    /** A report of the given tests. */
    public static Report report(List<TestReport> tests, boolean strict) {
        Report.RunInfo run = new Report.RunInfo("smoke", List.of("-f", "1"), null, null, 2, strict, "2026-01-01T00:00:00Z",
                10.0, "COMPLETE", List.of());
        Report.HostEnvironment env = new Report.HostEnvironment("host-a", 2, "OpenJDK 17", "Linux", Map.of("java.version", "17"));
        List<TestReport> sorted = new ArrayList<>(tests);
        sorted.sort(ReportBuilder.ORDER);
        return new Report(Report.SCHEMA, "0.1.0+test", "2026-01-01T00:00:01Z", run, List.of(env),
                ReportBuilder.summary(sorted), List.copyOf(sorted));
    }
}
