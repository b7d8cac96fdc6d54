package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The cause of a failure reaches every output. A SAFE design is made to fail for real: its forks run with a 1 ms
 * last-resort watchdog and random spins of up to a million iterations at every schedule point, so a thread waiting
 * for a lock or a folio lock held by a spinning thread outlives the watchdog; the model reports the stalled wait
 * ("... blocked for more than 1 ms", with the tasks and the locks they hold) on the fork's output, and the test is
 * FAIL or ERROR. That report must be in report.json (per test and per fork), summary.md (under the test),
 * junit.xml (the failure's or error's text) and index.html.
 *
 * <p>The stall usually comes in JCStress's sanity check, which then ends the fork at once (8 s for the whole run).
 * When the check passes and the stall comes while sampling, the fork may not exit (it was still alive at the fork
 * deadline each time this was seen), and it was killed at the smoke profile's fork deadline, 125 s (a verify took
 * 136 s for this test once; the case came in 3 of 10 runs of this command on one day). A fork deadline of 10 s bounds
 * it (the run took 18.5 s, measured): the stall line the fork printed is kept with the kill (JCStress adds a dead
 * fork's output to its result; the test is ERROR with "Failed with error code 137" beside it), so the assertions
 * below hold either way.
 */
class FailureMessagesIT {
    static final String TEST = "\\.GupVsWriteback\\.PinAwareWriteback$";

    @Test
    void theModelsReportReachesAllFourFiles() throws Exception {
        Path out = Cli.fresh("messages");
        int code = Cli.run(out.resolve("cli.log"), 5, "run", "--tests", TEST,
                "--fork-jvm-arg", "-Dgupstress.watchdog.millis=1", "--fork-jvm-arg", "-Dgupstress.schedule=spin:1000000",
                "--fork-deadline", "10s", "--out", out.toString());
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(1, code, log);

        Report r = ReportJson.read(out.resolve("report.json"));
        TestReport t = r.tests().get(0);
        assertTrue(t.verdict() == Verdict.FAIL || t.verdict() == Verdict.ERROR, t.verdict() + ": " + t.reason());
        String hung = t.messages().stream().filter(m -> m.startsWith("[fork ") && m.contains("blocked for more than 1 ms"))
                .findFirst().orElseThrow(() -> new AssertionError("no report of the stalled wait in " + t.messages()));
        assertTrue(hung.startsWith("[fork "), "a test's message names the fork that printed it: " + hung);
        String line = hung.substring(hung.indexOf("] ") + 2);
        assertTrue(t.forkResults().stream().anyMatch(f -> f.messages().contains(line)), "kept per fork too");
        assertEquals(Integer.parseInt(r.environments().get(0).details().get("java.specification.version")) < 18 ? 2 : 1,
                t.forkResults().size(), "one JVM configuration: two forks on JDK 17 (+/-UseBiasedLocking), one on 18+");

        String md = Files.readString(out.resolve("summary.md"));
        int section = md.indexOf("PIN_AWARE_WRITEBACK (SAFE)");
        assertTrue(section > 0, md);
        assertTrue(md.indexOf(line, section) > section, "summary.md shows it under the test: " + md);

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        Element testcase = (Element) junit.getElementsByTagName("testcase").item(0);
        Element failure = (Element) (t.verdict() == Verdict.FAIL ? testcase.getElementsByTagName("failure")
                : testcase.getElementsByTagName("error")).item(0);
        assertTrue(failure.getTextContent().contains(line), "junit.xml's failure text: " + failure.getTextContent());

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("Needs attention"), "the attention list leads the page");
        assertTrue(html.replace("<wbr>", "").contains(escapeHtml(line)), "index.html shows it (long words may break at a <wbr>)");
        assertFalse(t.reproduce().run().isBlank());
        assertTrue(t.reproduce().run().contains("--fork-jvm-arg '-Dgupstress.watchdog.millis=1'"),
                "the reproduce line is the exact command: " + t.reproduce().run());
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
