package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Verdicts do not depend on the machine's load: scenarios from families A and C in the smoke profile, with
 * --strict, while two busy-loop threads compete for the CPUs with every fork (from JCStress's first fork to the end
 * of the run). Chosen for what used to flake or to cost: A's MAPCOUNT_GUP_BACKOFF (a SAFE design that once FAILed
 * under load when two wall-clock deadlines expired), and C2, whose WAIT_HOLDING_LOCK deadlocks in most samples and
 * whose DROP_LOCK_WHILE_WAITING waits in many. Every test must PASS: no FAIL, no ERROR (a STALL is one), no
 * UNWITNESSED. The whole suite under the same load is {@code .ci/load-test} (README, "Verdicts under load").
 */
class LoadIT {
    static final String TESTS = "writeback\\.GupVsWriteback\\.MapcountGupBackoff|dax\\.BreakLayoutsVsFaultingPinner\\.";

    @Test
    void familiesAAndCPassWhileTwoBusyLoopsCompeteForTheCpus() throws Exception {
        Path out = Cli.fresh("load");
        Path log = out.resolve("cli.log");
        String[] args = {"run", "--profile", "smoke", "--strict", "--tests", TESTS, "--out", out.toString()};
        Process cli = Cli.start(log, args);
        awaitFirstForks(cli, log); // JCStress's start-up (probing the JVM) under load would only take longer
        int code;
        try (BusyLoops load = new BusyLoops(2)) {
            code = Cli.await(cli, log, 10, args);
            assertTrue(load.spins() > 0, "the busy loops ran");
        }
        Report r = ReportJson.read(out.resolve("report.json"));
        assertEquals(3, r.tests().size(), r.summary().toString());
        List<String> bad = r.tests().stream().filter(t -> t.verdict() != Verdict.PASS).map(LoadIT::line).toList();
        assertTrue(bad.isEmpty(), "under load:\n  " + String.join("\n  ", bad) + "\nsee " + out.resolve("summary.md"));
        assertEquals(0, code, Cli.log(out.resolve("cli.log")));
    }

    /** Waits (at most two minutes) until the CLI reports that JCStress starts its first forks. */
    private static void awaitFirstForks(Process cli, Path log) throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (!Cli.log(log).contains("JCStress: starting the first forks")) {
            assertTrue(cli.isAlive(), "gupstress ended before JCStress started a fork: " + Cli.log(log));
            assertTrue(Instant.now().isBefore(until), "JCStress started no fork within two minutes: " + Cli.log(log));
            Thread.sleep(50);
        }
    }

    private static String line(TestReport t) {
        return t.verdict() + " " + t.family() + "/" + t.scenario() + " " + t.design() + ": " + t.reason();
    }

    /** Threads that spin without pause until closed: load that competes with the forks for every CPU. */
    static final class BusyLoops implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;
        private volatile long spins;

        BusyLoops(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> {
                    long local = 0;
                    while (!stop) {
                        local++;
                        if ((local & 0xFFFFF) == 0) {
                            spins = local;
                        }
                    }
                }, "busy-loop-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        long spins() {
            return spins;
        }

        @Override
        public void close() {
            stop = true;
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
