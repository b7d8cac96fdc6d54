package org.gupstress.reports.render;

import static org.gupstress.reports.Fixtures.fork;
import static org.gupstress.reports.Fixtures.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.gupstress.reports.Fixtures;
import org.gupstress.reports.explore.ExplorationReport;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestJudge;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.gupstress.reports.suite.OutcomeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Every renderer, parsed back. */
class RenderersTest {
    @TempDir
    Path dir;

    private static final String HOSTILE = "<script>alert('x')</script> & \u0007 | `x` **y**";

    /** One test of each verdict, plus one whose strings come from a hostile results file. */
    private static Report mixed(boolean strict) {
        List<TestReport> tests = new ArrayList<>();
        tests.add(test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 100, 900, 0, null))));
        tests.add(test("BAD_FENCE", "SAFE", List.of(fork("NORMAL", 100, 890, 10, null))));
        tests.add(test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 100, 890, 10, 17L))));
        tests.add(test("SILENT", "BROKEN", List.of(fork("NORMAL", 100, 900, 0, null))));
        tests.add(test("THREE_ACTORS", "SAFE", List.of()));
        tests.add(test("CRASHED", "SAFE", List.of(fork("VM_ERROR", 0, 0, 0, null))));
        TestJudge.TestMeta meta = new TestJudge.TestMeta("org.example.Hostile", "primitives", HOSTILE, HOSTILE, HOSTILE,
                "SAFE", HOSTILE, 2);
        tests.add(TestJudge.judge(meta, List.of(OutcomeSpec.of(HOSTILE, "ACCEPTABLE", HOSTILE)),
                List.of(new TestReport.ForkResult(HOSTILE, List.of(HOSTILE), "unified", "NORMAL", 1, 300, 5,
                        java.util.Map.of(HOSTILE, 5L), null)), List.of(), List.of(HOSTILE), null, null));
        return Fixtures.report(tests, strict);
    }

    @Test
    void jsonRoundTrips() throws Exception {
        Report r = mixed(false);
        Path f = dir.resolve("report.json");
        Files.writeString(f, ReportJson.write(r));
        Report back = ReportJson.read(f);
        assertEquals(r, back);
        assertTrue(ReportJson.write(r).contains("\"schema\" : \"gupstress-report/2\""));
    }

    @Test
    void realReportRoundTrips() throws Exception {
        Report r = Fixtures.smokeReport(dir);
        Path f = dir.resolve("real.json");
        Files.writeString(f, ReportJson.write(r));
        assertEquals(r, ReportJson.read(f));
    }

    @Test
    void junitXmlHasOneTestcasePerDesignAndTheRightElements() throws Exception {
        Document doc = parse(JUnitXml.write(mixed(false)));
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("7", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"), "BAD_FENCE; SILENT is UNWITNESSED, not strict");
        assertEquals("1", suite.getAttribute("errors"), "CRASHED");
        assertEquals("1", suite.getAttribute("skipped"), "THREE_ACTORS");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(7, cases.getLength());
        Element bad = testcase(cases, "BAD_FENCE");
        Element failure = (Element) bad.getElementsByTagName("failure").item(0);
        assertEquals("FAIL", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").startsWith("FAIL: FORBIDDEN outcome NEITHER_SEEN seen 10 times"));
        assertTrue(failure.getTextContent().contains("NEITHER_SEEN  FORBIDDEN"), failure.getTextContent());
        assertEquals("gupstress.primitives.store-buffering", bad.getAttribute("classname"));
        assertTrue(testcase(cases, "THREE_ACTORS").getElementsByTagName("skipped").item(0) != null);
        Element error = (Element) testcase(cases, "CRASHED").getElementsByTagName("error").item(0);
        assertEquals("VM_ERROR", error.getAttribute("type"));
        assertEquals(0, testcase(cases, "SILENT").getElementsByTagName("failure").getLength());
        assertEquals(0, testcase(cases, "FULL_FENCE").getElementsByTagName("failure").getLength());
        // the hostile strings survive as text, with the control character replaced
        Element hostile = testcase(cases, HOSTILE.replace('\u0007', '\uFFFD'));
        assertNotNull(hostile);
        assertSurefireShape(suite);
    }

    @Test
    void strictMakesUnwitnessedAFailure() throws Exception {
        Document doc = parse(JUnitXml.write(mixed(true)));
        assertEquals("2", doc.getDocumentElement().getAttribute("failures"));
        Element silent = testcase(doc.getDocumentElement().getElementsByTagName("testcase"), "SILENT");
        assertEquals("UNWITNESSED", ((Element) silent.getElementsByTagName("failure").item(0)).getAttribute("type"));
    }

    @Test
    void realReportJunitXml() throws Exception {
        Document doc = parse(JUnitXml.write(Fixtures.smokeReport(dir)));
        assertEquals("2", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("0", doc.getDocumentElement().getAttribute("failures"));
        assertSurefireShape(doc.getDocumentElement());
    }

    @Test
    void markdownHasTheMatrixAndDetailsAndEscapes() {
        String md = SummaryMarkdown.write(mixed(false), null);
        assertTrue(md.startsWith("# gupstress: 3 PASS, 1 FAIL, 1 UNWITNESSED, 1 NOT_RUN, 1 ERROR"), md);
        assertTrue(md.contains("| primitives | store-buffering |"), md);
        assertTrue(md.contains("❌ **FAIL** `BAD_FENCE` SAFE"), md);
        assertTrue(md.contains("### ⚠️ UNWITNESSED: primitives/store-buffering SILENT (BROKEN)"), md);
        assertTrue(md.contains("### ⏭️ NOT_RUN: primitives/store-buffering THREE_ACTORS (SAFE)"), md);
        assertTrue(md.contains("needs 3 CPUs, 2 available"), md);
        assertFalse(md.contains("<script>"), "raw HTML from results must not reach the Markdown");
        assertTrue(md.contains("&lt;script&gt;"), md);
    }

    @Test
    void htmlEscapesEverythingAndDrawsTheFrequencyBars() {
        String html = HtmlReport.write(mixed(false));
        assertFalse(html.contains("<script>"), "Thymeleaf must escape results");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "escaped hostile text is shown");
        assertTrue(html.contains("<i class=\"bar g-acceptable\" style=\"width:"), "a bar per seen outcome");
        assertTrue(html.contains("<i class=\"ub\" style=\"width:"), "a dashed line to the bound of an unseen outcome");
        assertFalse(html.contains("<img") || html.contains("data:"), "no embedded images");
        assertTrue(html.contains("\n<section class=\"test\""), "the template's indentation is dropped");
        assertTrue(html.contains("class=\"cell v-fail\""), "the FAIL cell is coloured");
        assertTrue(html.contains("class=\"cell v-unwitnessed\""));
        assertTrue(html.contains("class=\"cell v-notrun\""));
        assertTrue(html.contains("class=\"cell v-error\""));
        assertTrue(html.contains("Samples to first witness per fork: 17"));
    }

    /** The visual grammar: a witnessed bug is not green like a clean pass; attention first; names break at '_'. */
    @Test
    void htmlSeparatesCleanWitnessedAndAttention() {
        String html = HtmlReport.write(mixed(false));
        assertTrue(html.contains("class=\"cell v-pass\""), "FULL_FENCE is clean");
        assertTrue(html.contains("class=\"cell v-witnessed\""), "ONCE_ONLY's bug was witnessed: not green like SAFE");
        assertTrue(html.contains("class=\"banner bad\""), "a FAIL makes the banner red");
        int attention = html.indexOf("<h2>Needs attention</h2>");
        assertTrue(attention > 0 && attention < html.indexOf("<h2>Verdicts</h2>"), "the attention list leads the page");
        String list = html.substring(attention, html.indexOf("<h2>Verdicts</h2>"));
        assertTrue(list.indexOf("FAIL: ") < list.indexOf("ERROR: ") && list.indexOf("ERROR: ") < list.indexOf("UNWITNESSED: "), list);
        assertTrue(html.contains("THREE_<wbr>ACTORS"), "a design name may break after an underscore only");
        assertFalse(html.contains("cell { width: 14.5em") || html.contains("overflow-wrap: anywhere; }\n    .designs-flow"));
        assertFalse(html.contains("<script"), "readable without JavaScript: there is none");
    }

    @Test
    void aRunWithOnlyAnUnwitnessedTestHasAnAmberBanner() {
        Report r = Fixtures.report(List.of(test("SILENT", "BROKEN", List.of(fork("NORMAL", 100, 900, 0, null)))), false);
        assertTrue(HtmlReport.write(r).contains("class=\"banner warn\""));
        assertTrue(SummaryMarkdown.write(r, null).contains("⚠️ **1 test needs attention"), SummaryMarkdown.write(r, null));
        Report strict = Fixtures.report(r.tests(), true);
        assertTrue(HtmlReport.write(strict).contains("class=\"banner bad\""), "UNWITNESSED fails a --strict run");
    }

    /**
     * An explore-only report: JCStress ran nothing (every test NOT_RUN), the explorations carry the verdicts. A FAIL
     * among them makes the banner red and is listed under "Needs attention"; it must never read "nothing needs
     * attention" (the headline counts both kinds of verdict).
     */
    @Test
    void anExplorationFailTurnsTheBannerRedEvenWhenJcstressRanNothing() {
        TestReport notRun = test("THREE_ACTORS", "SAFE", List.of());
        Report allPass = Fixtures.report(List.of(notRun), false)
                .withExplorations(java.util.Map.of(notRun.name(), exploration(Verdict.PASS, "no forbidden outcome within 2 preemptions")));
        assertTrue(HtmlReport.write(allPass).contains("class=\"banner ok\""), HtmlReport.write(allPass));
        assertTrue(SummaryMarkdown.write(allPass, null).startsWith("# gupstress: 0 PASS, 0 FAIL, 1 NOT_RUN; explore: 1 PASS, 0 FAIL\n"),
                SummaryMarkdown.write(allPass, null));

        Report failed = allPass.withExplorations(java.util.Map.of(notRun.name(),
                exploration(Verdict.FAIL, "forbidden outcome PIN_MISSED reached at schedule 3")));
        String md = SummaryMarkdown.write(failed, null);
        assertTrue(HtmlReport.write(failed).contains("class=\"banner bad\""), HtmlReport.write(failed));
        assertTrue(md.contains("❌ **1 exploration needs attention: 0 PASS, 0 FAIL, 1 NOT_RUN; explore: 0 PASS, 1 FAIL**"), md);
        assertTrue(md.contains("- ❌ **explore FAIL** " + notRun.name() + ": forbidden outcome PIN_MISSED reached at schedule 3"), md);
        assertFalse(md.contains("nothing needs attention"), md);
        // index.html lists it under "Needs attention" too, linked to its trace in the Exploration section
        String html = org.gupstress.reports.explore.ExplorationSections.insertHtml(HtmlReport.write(failed), failed);
        assertTrue(html.contains("<h2>Needs attention</h2>"), "index.html has a 'Needs attention' list: " + html);
        String list = html.substring(html.indexOf("<h2>Needs attention</h2>"), html.indexOf("<h2>Verdicts</h2>"));
        String anchor = org.gupstress.reports.explore.ExplorationSections.anchor(notRun.name());
        assertTrue(list.contains("href=\"#" + anchor + "\""), list);
        assertTrue(list.contains("explore FAIL") && list.contains("forbidden outcome PIN_MISSED reached at schedule 3"), list);
        assertTrue(html.contains("id=\"" + anchor + "\""), "the link's target is the exploration's section");

        Report unwitnessed = allPass.withExplorations(java.util.Map.of(notRun.name(),
                exploration(Verdict.UNWITNESSED, "bug not reached within 2 preemptions")));
        assertTrue(HtmlReport.write(unwitnessed).contains("class=\"banner warn\""), HtmlReport.write(unwitnessed));
        Report strictUnwitnessed = Fixtures.report(List.of(notRun), true).withExplorations(unwitnessed.explorations());
        assertTrue(HtmlReport.write(strictUnwitnessed).contains("class=\"banner bad\""), "UNWITNESSED fails a --strict run");
    }

    private static ExplorationReport exploration(Verdict verdict, String reason) {
        return new ExplorationReport(verdict, reason, "dfs", 2, true, false, 10, 8, 0.1, null, null, 0,
                java.util.Map.of("OK", 10L), List.of(), null);
    }

    /** Frequencies on a log scale from a decade below the smallest bound (3.0e-3 here) up to 1. */
    @Test
    void frequencyBarsUseALogScaleWithBounds() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 100, 900, 0, null)));
        FrequencyBars bars = FrequencyBars.of(t);
        assertEquals(new FrequencyBars.Scale(4, "1e-4"), bars.scale());
        FrequencyBars.Bar both = bars.bar(t.outcomes().stream().filter(o -> o.id().equals("BOTH_SEEN")).findFirst().orElseThrow());
        assertTrue(both.seen());
        assertEquals("width:75%", both.bar(), "0.1 is three of four decades");
        assertTrue(both.whisker().startsWith("left:72."), both.whisker());
        assertEquals("g-acceptable", both.gradeClass());
        FrequencyBars.Bar neither = bars.bar(t.outcomes().stream().filter(o -> o.id().equals("NEITHER_SEEN")).findFirst().orElseThrow());
        assertFalse(neither.seen());
        assertEquals("width:36.9%", neither.bar(), "never seen: up to its 95% upper bound 3.0e-3");
        assertEquals(null, neither.whisker());
        assertEquals("g-forbidden", neither.gradeClass());
        assertEquals(null, FrequencyBars.of(test("X", "SAFE", List.of())), "nothing to draw without samples");
    }

    /** Names break after their separators, commands between words: nothing mid-word, the text unchanged. */
    @Test
    void longNamesAndCommandsBreakOnlyAtSeparators() {
        LineBreaks b = LineBreaks.INSTANCE;
        assertEquals(List.of("MAPCOUNT_", "GUP_", "BACKOFF"), b.at("MAPCOUNT_GUP_BACKOFF"));
        assertEquals(List.of("org.", "example.", "SBTest#", "onceOnly"), b.at("org.example.SBTest#onceOnly"));
        assertEquals(List.of("^(a|", "b)$"), b.at("^(a|b)$"));
        assertEquals(List.of("A."), b.at("A."), "no empty part after a trailing separator");
        assertEquals(List.of("./mvnw", "-Dtest='X#y'", "", "z"), b.words("./mvnw -Dtest='X#y'  z"));
        String frame = "at org.gupstress.stress.writeback.GupVsWriteback$PinAwareWriteback.dma(GupVsWriteback.java:444)";
        List<String> parts = b.inLongWords("[fork 1] " + frame + "\nshort.words stay");
        assertEquals("[fork 1] at org.", parts.get(0), "a long word breaks after its separators");
        assertEquals("java:444)\nshort.words stay", parts.get(parts.size() - 1), "short words do not");
        assertEquals("[fork 1] " + frame + "\nshort.words stay", String.join("", parts), "the text is unchanged");
        String html = HtmlReport.write(mixed(false));
        assertTrue(html.contains("org.<wbr>example.<wbr>SB.<wbr>FULL_<wbr>FENCE"), "a test name breaks at its dots");
        assertFalse(html.contains("overflow-wrap: anywhere"), "no breaks anywhere in a word");
    }

    @Test
    void droppingIndentationKeepsPreformattedText() {
        String html = "<div>\n    <p>a</p>\n\n  <pre class=\"messages\">held locks:\n    spin_lock</pre>\n  </div>";
        assertEquals("<div>\n<p>a</p>\n<pre class=\"messages\">held locks:\n    spin_lock</pre>\n</div>",
                HtmlReport.dropIndentation(html));
    }

    @Test
    void filesAreWrittenAtomicallyAndCompletely() throws Exception {
        Path out = dir.resolve("out");
        List<Path> files = ReportFiles.write(Fixtures.smokeReport(dir), out, null, false);
        assertEquals(4, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 100, f.toString());
        }
        try (var s = Files.list(out)) {
            assertEquals(4, s.count(), "no temporary file is left behind");
        }
    }

    private static Element testcase(NodeList cases, String name) {
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    /** The constraints of Surefire's surefire-test-report-3.0.xsd that CI servers rely on. */
    static void assertSurefireShape(Element suite) {
        for (String a : List.of("name", "tests", "errors", "skipped", "failures")) {
            assertTrue(suite.hasAttribute(a), "testsuite@" + a);
        }
        List<String> allowedSuiteAttrs = List.of("name", "time", "tests", "errors", "skipped", "failures", "version", "group");
        for (int i = 0; i < suite.getAttributes().getLength(); i++) {
            assertTrue(allowedSuiteAttrs.contains(suite.getAttributes().item(i).getNodeName()));
        }
        List<String> order = List.of("failure", "rerunFailure", "flakyFailure", "skipped", "error", "rerunError",
                "flakyError", "system-out", "system-err");
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertTrue(c.hasAttribute("name"));
            assertTrue(c.getAttribute("time").matches("(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\\.[0-9]{0,3})?"), c.getAttribute("time"));
            int last = -1;
            for (Node n = c.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    int pos = order.indexOf(child.getTagName());
                    assertTrue(pos >= last, "element order in testcase: " + child.getTagName());
                    last = pos;
                    if (List.of("failure", "error").contains(child.getTagName())) {
                        assertTrue(child.hasAttribute("type"));
                    }
                }
            }
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
