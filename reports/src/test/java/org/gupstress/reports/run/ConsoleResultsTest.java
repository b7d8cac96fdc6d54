package org.gupstress.reports.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.gupstress.reports.Fixtures;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.results.ResultsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jcstress.infra.collectors.TestResult;

/** The console fallback reads back exactly what the results file of the same run holds, fork by fork. */
class ConsoleResultsTest {
    @TempDir
    Path dir;

    @Test
    void consoleAndResultsFileAgreeForkByFork() throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/results/smoke-store-buffering.console.log")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<ConsoleResults.Fork> printed = ConsoleResults.parse(lines);
        List<TestResult> file = ResultsReader.read(Fixtures.smokeResults(dir), ResultsReader.Mode.COMPLETE).results();
        assertEquals(4, printed.size(), "2 tests x 2 forks; the RUN RESULTS section is not counted");
        assertEquals(file.size(), printed.size());
        for (int i = 0; i < file.size(); i++) {
            TestResult r = file.get(i);
            ConsoleResults.Fork f = printed.get(i);
            assertEquals(r.getName(), f.test(), "same order as the results file");
            assertEquals(r.getConfig().jvmArgs, f.jvmArgs());
            for (String id : r.getStateKeys()) {
                assertEquals(r.getCount(id), f.counts().get(id), id);
            }
            ForkResult fr = f.toForkResult("h", 1, 300);
            assertEquals("NORMAL", fr.status());
            assertEquals(r.getTotalCount(), fr.samples());
            if (r.getName().endsWith("OnceOnly")) {
                assertNotNull(fr.firstWitness(), "the witness line is in the VM output");
                assertEquals("ACCEPTABLE_INTERESTING", f.grades().get("NEITHER_SEEN"));
            } else {
                assertNull(fr.firstWitness());
                assertEquals("FORBIDDEN", f.grades().get("NEITHER_SEEN"));
            }
        }
    }

    @Test
    void errorForksAndTheirMessages() {
        List<ConsoleResults.Fork> forks = ConsoleResults.parse(List.of(
                "...... [VM ERROR] org.x.T",
                "",
                "  JVM args: [-Xmx512m]",
                "  Fork: #1",
                "",
                "  Messages:",
                "    Failed with error code 137",
                "",
                "(ETA: now)"));
        assertEquals(1, forks.size());
        assertEquals("VM_ERROR", forks.get(0).status());
        assertEquals(List.of("Failed with error code 137"), forks.get(0).messages());
        assertEquals(0, forks.get(0).toForkResult("h", 1, 300).samples());
    }

    /** JCStress's probe of JVM configurations prints "[OK] [-Xmx512m]" on JDK 18+: a configuration, not a fork. */
    @Test
    void probedConfigurationsAreNotForks() {
        List<String> console = List.of(
                "Probing what VM configurations are available:",
                "----- [OK] [-Xmx512m]",
                "----- [OK] [-XX:+UseBiasedLocking, -Xmx512m]",
                ".......... [OK] org.x.T",
                "  JVM args: [-Xmx512m]",
                "(Results: 1 planned; 1 passed, 0 failed, 0 soft errs, 0 hard errs)");
        List<ConsoleResults.Fork> forks = ConsoleResults.parse(console);
        assertEquals(1, forks.size());
        assertEquals("org.x.T", forks.get(0).test());
        ConsoleMonitor monitor = new ConsoleMonitor(1);
        console.forEach(monitor::accept);
        assertEquals(1, monitor.forksDone());
        assertEquals(1, monitor.testsDone());
        assertEquals("org.x.T", monitor.lastTest());
    }
}
