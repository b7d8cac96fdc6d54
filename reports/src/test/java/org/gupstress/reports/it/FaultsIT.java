package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.gupstress.reports.run.ForkWatchdog;
import org.junit.jupiter.api.Test;

/**
 * Faults, end to end through the CLI jar: a hung JCStress fork (simulated by stopping it with SIGSTOP: it never
 * exits, exactly like a fork whose actor blocks for good), the global deadline, and SIGTERM to gupstress itself.
 * Each time the report is written, the rest of the suite still reports, and no JCStress process is left behind.
 */
class FaultsIT {
    static final String REGEX = "primitives\\.StoreBuffering";

    /**
     * Two tests; the first fork is stopped ({@code kill -STOP}) and killed by the watchdog: its test is ERROR, the
     * other test still runs. Independent of the fork JDK (one fork per test on JDK 18+, two on JDK 17). The forks
     * sample for 500 ms ({@code --time}: what is tested is the kill, not the evidence), so a fork that is not stopped
     * ends in about 1.5 s (1.3 s measured), well inside the 5 s fork deadline.
     */
    @Test
    void aHungForkIsKilledAndReportedAsError() throws Exception {
        Path out = Cli.fresh("hung");
        Process cli = Cli.start(out.resolve("cli.log"), "run", "--tests", REGEX, "--time", "500", "--fork-deadline", "5s",
                "--out", out.toString());
        ProcessHandle fork = awaitFork(cli, null);
        assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(fork.pid())).start().waitFor());
        assertTrue(cli.waitFor(5, TimeUnit.MINUTES), "gupstress survived the hung fork");
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(1, cli.exitValue(), log);
        Report r = ReportJson.read(out.resolve("report.json"));
        List<TestReport> errors = r.tests().stream().filter(t -> t.verdict() == Verdict.ERROR).toList();
        assertEquals(1, errors.size(), r.tests().toString());
        TestReport t = errors.get(0);
        assertEquals("VM_ERROR", t.jcstressStatus(), t.reason());
        assertTrue(r.tests().stream().anyMatch(o -> o != t && o.samples() > 0), "the other test ran and reported");
        assertTrue(r.run().notes().stream().anyMatch(n -> n.startsWith("killed JCStress fork pid " + fork.pid())), r.run().notes().toString());
        assertEquals("COMPLETE", r.run().completion(), "JCStress went on and finished the run");
        assertFalse(fork.isAlive());
    }

    /**
     * The whole suite against a 7 s deadline: at least two seconds per test and some 4 s of JCStress start-up, so the
     * deadline always passes mid-run, whatever the machine. (Keeping the forks that finished before a kill is what the SIGTERM test proves, with
     * a deterministic order: it waits for a fork result before it kills.)
     */
    @Test
    void theGlobalDeadlineStopsTheRunAndStillReportsEveryTest() throws Exception {
        Path out = Cli.fresh("deadline");
        Process cli = Cli.start(out.resolve("cli.log"), "run", "--deadline", "7s", "--out", out.toString());
        assertTrue(cli.waitFor(3, TimeUnit.MINUTES));
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(3, cli.exitValue(), log);
        Report r = ReportJson.read(out.resolve("report.json"));
        assertEquals("DEADLINE", r.run().completion());
        assertTrue(r.run().notes().stream().anyMatch(n -> n.startsWith("global deadline of 0:07 passed")), r.run().notes().toString());
        assertTrue(r.tests().size() > 2, "every selected test is reported: " + r.tests().size());
        assertTrue(r.tests().stream().anyMatch(t -> t.verdict() == Verdict.NOT_RUN
                && t.reason().equals("the global deadline passed before this test finished")), r.tests().toString());
        assertTrue(r.tests().stream().allMatch(t -> t.verdict() == Verdict.NOT_RUN || t.samples() > 0), r.tests().toString());
        assertFourFiles(out);
        // an interrupted run is an error in junit.xml, not a set of skips: only tests that need more CPUs are skipped
        org.w3c.dom.Element suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("junit.xml").toFile()).getDocumentElement();
        long cutShort = r.tests().stream().filter(t -> t.verdict() == Verdict.NOT_RUN && !t.reason().startsWith("needs ")).count();
        long needCpus = r.tests().stream().filter(t -> t.verdict() == Verdict.NOT_RUN && t.reason().startsWith("needs ")).count();
        long errors = r.tests().stream().filter(t -> t.verdict() == Verdict.ERROR).count();
        assertTrue(cutShort > 0);
        assertEquals(String.valueOf(cutShort + errors), suite.getAttribute("errors"));
        assertEquals(String.valueOf(needCpus), suite.getAttribute("skipped"));
    }

    @Test
    void sigtermWritesThePartialReport() throws Exception {
        Path out = Cli.fresh("interrupted");
        Process cli = Cli.start(out.resolve("cli.log"), "run", "--tests", REGEX, "--time", "500", "--out", out.toString());
        awaitForkResult(out);
        List<ProcessHandle> jcstress = cli.toHandle().descendants().toList();
        cli.destroy(); // SIGTERM to gupstress only
        assertTrue(cli.waitFor(2, TimeUnit.MINUTES));
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(143, cli.exitValue(), log);
        assertTrue(log.contains("interrupted: stopping JCStress and writing the partial report"), log);
        Report r = ReportJson.read(out.resolve("report.json"));
        assertEquals("INTERRUPTED", r.run().completion());
        assertEquals(2, r.tests().size());
        assertTrue(r.tests().stream().allMatch(t -> t.verdict() != Verdict.NOT_RUN
                || t.reason().equals("the run was interrupted before this test finished")), r.tests().toString());
        // the fork that had finished is kept, though JCStress never flushed it into its results file
        assertTrue(r.tests().stream().anyMatch(t -> t.samples() > 0), r.tests().toString());
        assertTrue(r.run().notes().stream().anyMatch(n -> n.contains("recovered from JCStress's console output")
                || n.contains("results file")), r.run().notes().toString());
        assertFourFiles(out);
        Instant until = Instant.now().plusSeconds(30);
        while (jcstress.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        assertTrue(jcstress.stream().noneMatch(ProcessHandle::isAlive), "JCStress and its forks were killed");
    }

    private static void assertFourFiles(Path out) throws Exception {
        for (String f : List.of("report.json", "junit.xml", "summary.md", "index.html")) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
    }

    /** Waits (at most two minutes) until JCStress has printed a fork's result on its console. */
    private static void awaitForkResult(Path out) throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            try (var dirs = Files.list(out)) {
                for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith(".jcstress-run-")).toList()) {
                    Path log = d.resolve("console.log");
                    if (Files.exists(log) && Files.readString(log).contains("] org.gupstress.stress.primitives.StoreBuffering.")) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no fork result within two minutes");
    }

    /** Waits (at most two minutes) for a JCStress fork of {@code cli} other than {@code not}. */
    private static ProcessHandle awaitFork(Process cli, ProcessHandle not) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            Optional<ProcessHandle> fork = cli.toHandle().descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(ForkWatchdog.FORK_MAIN)).orElse(false))
                    .filter(p -> not == null || p.pid() != not.pid())
                    .findFirst();
            if (fork.isPresent()) {
                return fork.get();
            }
            assertTrue(cli.isAlive(), "gupstress ended before a fork started");
            Thread.sleep(50);
        }
        throw new AssertionError("no JCStress fork started within two minutes");
    }
}
