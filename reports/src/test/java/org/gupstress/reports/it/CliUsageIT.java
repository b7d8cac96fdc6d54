package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.junit.jupiter.api.Test;

/** The CLI jar as a user meets it: usage errors are one line with a hint, an empty shard says so. */
class CliUsageIT {

    @Test
    void everyUsageErrorIsOneLineWithAHint() throws Exception {
        Path dir = Cli.fresh("usage");
        assertOneLine(dir, "gupstress: unknown command 'bogus' (see 'gupstress --help')", "bogus");
        assertOneLine(dir, "gupstress: unknown option '--bogus' (see 'gupstress run --help')", "run", "--bogus");
        assertOneLine(dir, "gupstress: invalid value for option '--cpus': 'abc' is not an int (see 'gupstress run --help')",
                "run", "--cpus", "abc");
        assertOneLine(dir, "gupstress: missing required parameter: 'RESULTS_FILE' (see 'gupstress report --help')", "report");
        assertOneLine(dir, "gupstress: unknown option '--bogus' (see 'gupstress list --help')", "list", "--bogus");
        assertOneLine(dir, "gupstress: merge needs at least two REPORT.json files, got one: a.json (see 'gupstress merge --help')",
                "merge", "a.json", "--out", dir.resolve("merged").toString());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("usage.log"), files.map(p -> p.getFileName().toString()).toList(), "nothing was written");
        }
    }

    @Test
    void anEmptyShardWarnsAndStillWritesItsReport() throws Exception {
        Path out = Cli.fresh("empty-shard");
        int code = Cli.run(out.resolve("cli.log"), 2, "run", "--tests", "primitives\\.StoreBuffering", "--shard", "3/3",
                "--out", out.toString());
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(0, code, log);
        assertTrue(log.contains("gupstress: warning: shard 3/3 of 2 selected tests is empty: nothing to run"), log);
        assertTrue(log.contains("gupstress: 0 tests (COMPLETE)"), log);
        Report r = ReportJson.read(out.resolve("report.json"));
        assertEquals(0, r.tests().size());
        assertEquals("3/3", r.run().shard());
    }

    @Test
    void listShowsKnobsAndWhatAMachineCannotRun() throws Exception {
        Path dir = Cli.fresh("list");
        assertEquals(0, Cli.run(dir.resolve("list.log"), 2, "list", "--cpus", "2"));
        String out = Cli.log(dir.resolve("list.log"));
        assertTrue(out.contains("knobs: gup_fast.pin_before_pte_recheck=RELEASE_ACQUIRE"), out);
        assertTrue(out.matches("(?s).*NOT_RUN +org\\.gupstress\\.stress\\.zap\\.ZapUnpinVsMkclean\\..*"), out);
        assertTrue(out.matches("(?s).*\non 2 CPUs: [1-9]\\d* of \\d+ tests cannot run.*"), out);
    }

    private static void assertOneLine(Path dir, String expected, String... args) throws Exception {
        Path log = dir.resolve("usage.log");
        int code = Cli.run(log, 1, args);
        String text = Cli.log(log);
        assertEquals(2, code, text);
        assertEquals(List.of(expected), text.lines().toList());
    }
}
