package org.gupstress.reports.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;

/**
 * What a run knows that JCStress's results file does not: the suite version that produced it, how the run was
 * made, the tests it planned and why some did not run, and each fork's wall time. Written as
 * {@code jcstress/run.json} beside {@code jcstress/results.bin.gz}, so that {@code gupstress report} re-renders the
 * results with the run's own metadata and suite version instead of inventing them.
 *
 * @param suiteVersion the suite version of the build that ran (never the re-rendering build's)
 * @param run          the run's information
 * @param planned      every test of the run, in report order
 * @param notRun       tests without results, with the reason (too few CPUs, interrupted, deadline)
 * @param forkSeconds  per test, its forks' wall times in result order
 */
public record RunRecord(String suiteVersion, Report.RunInfo run, List<String> planned, Map<String, String> notRun,
                        Map<String, List<Double>> forkSeconds) {
    /** The file name, in the run's {@code jcstress/} directory. */
    public static final String FILE = "run.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes the record of {@code report} into {@code dir/jcstress/run.json} (when that directory exists). */
    public static void write(Path dir, Report report) throws IOException {
        Path jcstress = dir.resolve("jcstress");
        if (!Files.isDirectory(jcstress)) {
            return;
        }
        Map<String, String> notRun = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> seconds = new java.util.LinkedHashMap<>();
        for (TestReport t : report.tests()) {
            if (t.forkResults().isEmpty()) {
                notRun.put(t.name(), t.reason());
            }
            List<Double> s = t.forkResults().stream().map(TestReport.ForkResult::wallSeconds).toList();
            if (!s.isEmpty() && s.stream().allMatch(java.util.Objects::nonNull)) {
                seconds.put(t.name(), s);
            }
        }
        RunRecord r = new RunRecord(report.suiteVersion(), report.run(), report.tests().stream().map(TestReport::name).toList(),
                notRun, seconds);
        Path tmp = Files.createTempFile(jcstress, ".run", ".tmp");
        Files.writeString(tmp, MAPPER.writeValueAsString(r));
        Files.move(tmp, jcstress.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The record beside a results file, or null when there is none (a results file from JCStress itself). */
    public static RunRecord besides(Path resultsFile) {
        Path f = resultsFile.toAbsolutePath().resolveSibling(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return MAPPER.readValue(f.toFile(), RunRecord.class);
        } catch (IOException e) {
            return null;
        }
    }
}
