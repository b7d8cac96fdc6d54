package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The CI gate: the WHOLE suite in the smoke profile with --strict, through the CLI jar. Any FAIL, ERROR or
 * UNWITNESSED fails the build; NOT_RUN is accepted only for a test that needs more CPUs than the machine has.
 * The report stays in target/it/suite for the CI job to publish.
 */
class SuiteSmokeIT {

    @Test
    void wholeSuiteInTheSmokeProfile() throws Exception {
        Path out = Cli.fresh("suite");
        long start = System.nanoTime();
        int code = Cli.run(out.resolve("cli.log"), 14, "run", "--profile", "smoke", "--strict", "--out", out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        Report r = ReportJson.read(out.resolve("report.json"));
        System.out.printf("gupstress smoke suite: %d tests in %.0f s (%.1f s per run test); %s%n", r.tests().size(), seconds,
                seconds / Math.max(1, r.tests().stream().filter(t -> t.verdict() != Verdict.NOT_RUN).count()), r.summary());
        List<String> bad = r.tests().stream()
                .filter(t -> t.verdict() != Verdict.PASS && !(t.verdict() == Verdict.NOT_RUN && t.reason().startsWith("needs ")))
                .map(SuiteSmokeIT::line).toList();
        assertTrue(bad.isEmpty(), "smoke suite:\n  " + String.join("\n  ", bad) + "\nsee " + out.resolve("summary.md"));
        assertEquals("COMPLETE", r.run().completion());
        assertEquals(0, code, Cli.log(out.resolve("cli.log")));
    }

    private static String line(TestReport t) {
        return t.verdict() + " " + t.family() + "/" + t.scenario() + " " + t.design() + ": " + t.reason();
    }
}
