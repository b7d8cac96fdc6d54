package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.gupstress.reports.explore.ExplorationReport;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.Test;

/**
 * {@code gupstress explore} through the CLI jar: into the report of a JCStress run of the same tests (a copy of
 * {@link SmokeRun}'s; one report, both kinds of evidence per design, in all four files), a later run keeps the
 * explorations, and bad input is one line and exit 2.
 */
class ExploreIT {
    static final String REGEX = SmokeRun.REGEX;

    @Test
    void runAndExploreWriteOneReport() throws Exception {
        Path out = SmokeRun.copy("explore"); // run --profile smoke --tests REGEX --strict, exit code 0
        int code = Cli.run(out.resolve("explore.log"), 5, "explore", "--tests", REGEX, "--bound", "2", "--strict",
                "--traces", "--out", out.toString());
        String log = Cli.log(out.resolve("explore.log"));
        assertEquals(0, code, log);
        assertTrue(log.contains("Interleaving.inEveryWorld()"), "--traces prints the scripts: " + log);

        Report r = ReportJson.read(out.resolve("report.json"));
        assertEquals(Report.SCHEMA, r.schema());
        assertEquals(2, r.tests().size());
        for (TestReport t : r.tests()) {
            assertEquals(Verdict.PASS, t.verdict(), "the JCStress results are kept: " + t.name());
            assertTrue(t.samples() > 0);
            ExplorationReport e = r.explorations().get(t.name());
            assertNotNull(e, "explored: " + t.name());
            assertEquals(Verdict.PASS, e.verdict(), e.reason());
            assertTrue(e.exhausted(), e.reason());
        }
        ExplorationReport broken = r.explorations().get("org.gupstress.stress.primitives.StoreBuffering.OnceOnly");
        assertEquals("NEITHER_SEEN", broken.traces().get(0).outcome());
        assertTrue(broken.traces().get(0).script().contains(".flush(\"cpu0\")"), broken.traces().get(0).script());
        // The reproduce block of the same test shows that trace; the SAFE design, which has none, no explore line.
        TestReport.Reproduce rep = test(r, "org.gupstress.stress.primitives.StoreBuffering.OnceOnly").reproduce();
        assertTrue(rep.trace() != null && rep.trace().contains("// NEITHER_SEEN (BUG)")
                && rep.trace().contains(broken.traces().get(0).script().strip()), String.valueOf(rep.trace()));
        assertEquals("./gupstress explore --tests '\\.StoreBuffering\\.OnceOnly$' --traces", rep.explore());
        assertTrue(rep.run().endsWith(" --strict"), "the run's --strict is in the reproduce line: " + rep.run());
        TestReport.Reproduce safe = test(r, "org.gupstress.stress.primitives.StoreBuffering.FullFence").reproduce();
        assertEquals(null, safe.trace());
        assertEquals(null, safe.explore());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<td>trace</td>") && html.contains("<td>explore</td>"), "the HTML reproduce block");
        assertTrue(Files.readString(out.resolve("summary.md")).contains("## Exploration"));
        assertTrue(Files.readString(out.resolve("index.html")).contains("id=\"exploration\""));
        String junit = Files.readString(out.resolve("junit.xml"));
        assertTrue(junit.contains("classname=\"gupstress.explore.primitives.store-buffering\""), junit);
        assertTrue(junit.contains("tests=\"4\""), "2 JCStress + 2 exploration testcases: " + junit);

        // A later run into the same directory keeps the explorations, also of the test it does not run again.
        assertEquals(0, Cli.run(out.resolve("run2.log"), 5, "run", "--tests", "\\.StoreBuffering\\.OnceOnly$", "--time", "500",
                "--out", out.toString()), Cli.log(out.resolve("run2.log")));
        Report again = ReportJson.read(out.resolve("report.json"));
        assertEquals(1, again.tests().size(), "the later run's own results");
        assertTrue(again.tests().get(0).samples() > 0);
        assertEquals(r.explorations().keySet(), again.explorations().keySet());
    }

    private static TestReport test(Report r, String name) {
        return r.tests().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void badInputIsOneLineAndExit2() throws Exception {
        Path out = Cli.fresh("explore-bad");
        assertEquals(2, Cli.run(out.resolve("a.log"), 2, "explore", "--bound", "-1", "--out", out.resolve("r").toString()));
        assertTrue(Cli.log(out.resolve("a.log")).contains("gupstress: --bound -1: must be at least 0"), Cli.log(out.resolve("a.log")));
        assertEquals(2, Cli.run(out.resolve("b.log"), 2, "explore", "--tests", "no-such-test", "--out", out.resolve("r").toString()));
        assertTrue(Cli.log(out.resolve("b.log")).contains("matches none"), Cli.log(out.resolve("b.log")));
        assertTrue(Files.notExists(out.resolve("r").resolve("report.json")), "nothing written on bad input");
    }
}
