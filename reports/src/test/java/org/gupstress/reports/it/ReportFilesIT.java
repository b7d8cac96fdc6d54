package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The issue's integration test: {@code gupstress run} in the smoke profile on a small regex (the primitives
 * scenario: {@link SmokeRun}, the run other ITs read too), checking all four files; then {@code report} re-renders
 * the same verdicts from the run's results file, {@code compare} finds no regression against itself and flags a
 * planted one, and {@code merge} adds counts up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportFilesIT {
    @Test
    @Order(1)
    void smokeRunWritesAllFourFiles() throws Exception {
        Path out = SmokeRun.storeBuffering(); // exit code 0 checked there
        String log = Cli.log(out.resolve("cli.log"));
        Report r = ReportJson.read(out.resolve("report.json"));
        // one JVM configuration: JCStress runs it twice on JDK 17 (+/-UseBiasedLocking), once on JDK 18+
        int forksPerTest = Integer.parseInt(r.environments().get(0).details().get("java.specification.version")) < 18 ? 2 : 1;
        assertTrue(log.contains("/" + 2 * forksPerTest + " forks, 2/2 tests]"), "progress is shown per fork: " + log);
        assertTrue(log.contains("JCStress: probing the JVM"), "progress is shown from the first second: " + log);
        assertTrue(log.contains("gupstress: running 2 tests"), log);

        assertEquals(Report.SCHEMA, r.schema());
        assertEquals("smoke", r.run().profile());
        assertEquals("COMPLETE", r.run().completion());
        assertEquals(2, r.tests().size());
        for (TestReport t : r.tests()) {
            assertEquals(Verdict.PASS, t.verdict(), t.name() + ": " + t.reason());
            assertEquals(forksPerTest, t.forks(), "smoke: one JVM configuration");
            assertTrue(t.samples() > 1000, t.name() + " " + t.samples());
            assertTrue(t.wallSeconds() > 0 && t.samplesPerForkSecond() == t.samples() / t.wallSeconds(), t.toString());
            assertEquals(t.samples(), t.outcomes().stream().mapToLong(TestReport.OutcomeReport::count).sum());
            assertTrue(t.outcomes().stream().allMatch(o -> o.ci() != null));
            assertTrue(Files.isRegularFile(out.resolve(t.jcstressPage())), "JCStress's page " + t.jcstressPage());
        }
        // the design's knob settings and how to reproduce each test
        for (TestReport t : r.tests()) {
            assertTrue(t.reproduce().run().startsWith("./gupstress run --tests '\\.StoreBuffering\\."), t.reproduce().run());
            assertEquals(1, t.knobs().size(), t.knobs().toString());
            assertTrue(t.wallSeconds() != null && t.wallSeconds() >= t.measuredSeconds(),
                    "wall time, fork start to end, includes the measurement: " + t.wallSeconds() + " vs " + t.measuredSeconds());
            assertTrue(t.forkResults().stream().allMatch(f -> f.wallSeconds() != null && f.wallSeconds() > 0));
        }
        TestReport broken = r.tests().stream().filter(t -> t.expected().equals("BROKEN")).findFirst().orElseThrow();
        assertEquals(List.of("primitives.sb_store_load=NONE"), broken.knobs());
        assertTrue(broken.forkResults().stream().anyMatch(f -> f.messages().stream().anyMatch(m -> m.startsWith("gupstress.first-witness "))),
                "a fork's first-witness line is kept as its message");
        assertTrue(broken.witness().count() > 0);
        assertTrue(broken.witness().medianSamplesToFirstWitness() > 0, "samples to first witness from the fork output");
        TestReport safe = r.tests().stream().filter(t -> t.expected().equals("SAFE")).findFirst().orElseThrow();
        assertTrue(safe.outcomes().stream().filter(o -> o.count() == 0).allMatch(o -> o.upperBound() != null && o.upperBound() < 1e-3));

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document junit = f.newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        Element suite = junit.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals(2, suite.getElementsByTagName("testcase").getLength());
        // junit times are wall times: each testcase its forks' (start to result), the suite the whole run's
        assertEquals(r.run().wallSeconds(), Double.parseDouble(suite.getAttribute("time")), 0.001);
        double sum = 0;
        for (int i = 0; i < 2; i++) {
            Element tc = (Element) suite.getElementsByTagName("testcase").item(i);
            TestReport t = r.tests().stream().filter(x -> x.design().equals(tc.getAttribute("name"))).findFirst().orElseThrow();
            assertEquals(t.wallSeconds(), Double.parseDouble(tc.getAttribute("time")), 0.001);
            sum += t.wallSeconds();
        }
        assertTrue(sum <= r.run().wallSeconds(), "the tests' wall times fit in the run's: " + sum + " vs " + r.run().wallSeconds());

        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.startsWith("# gupstress: 2 PASS, 0 FAIL"), md);
        // a witnessed bug is a PASS, but not marked like a clean SAFE design
        assertTrue(md.contains("| primitives | store-buffering | ✅ **PASS** `FULL_FENCE` SAFE | 🔎 **PASS** `ONCE_ONLY` BROKEN (bug "), md);
        assertTrue(md.contains(", first after "), "samples to first witness in the matrix: " + md);
        assertTrue(md.contains("| primitives/store-buffering ONCE_ONLY | BROKEN → PASS | primitives.sb_store_load=NONE | ./gupstress run --tests '\\\\.StoreBuffering\\\\.OnceOnly$' --time 500 --strict; JUnit: org.gupstress.stress.primitives.StoreBufferingTest\\#"),
                "knobs and the reproduce line for every test: " + md);

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<table class=\"matrix\">"));
        assertEquals(2, html.split("<th class=\"fq\">", -1).length - 1, "frequency bars in each test's outcome table");
        assertTrue(html.contains("primitives.sb_store_load=NONE"), "knobs in the HTML");
        assertTrue(html.contains("<span class=\"w\">./gupstress</span> <span class=\"w\">run</span> <span class=\"w\">--tests</span> "
                + "<span class=\"w\">&#39;\\.StoreBuffering\\.OnceOnly$&#39;</span>"), "reproduce in the HTML, breaking between words only");
        assertTrue(html.contains("href=\"jcstress/org.gupstress.stress.primitives.StoreBuffering.OnceOnly.html\""));
        assertTrue(Files.isRegularFile(out.resolve("jcstress/results.bin.gz")));
        assertTrue(Files.isRegularFile(out.resolve("jcstress/console.log")));
    }

    @Test
    @Order(2)
    void reportReRendersTheSameVerdicts() throws Exception {
        Path small = SmokeRun.storeBuffering();
        Path out = Cli.fresh("rerendered");
        int code = Cli.run(out.resolve("cli.log"), 2, "report", small.resolve("jcstress/results.bin.gz").toString(), "--out", out.toString());
        assertEquals(0, code, Cli.log(out.resolve("cli.log")));
        Report a = ReportJson.read(small.resolve("report.json"));
        Report b = ReportJson.read(out.resolve("report.json"));
        assertEquals(a.tests().stream().map(t -> t.name() + "=" + t.verdict() + "/" + t.samples()).toList(),
                b.tests().stream().map(t -> t.name() + "=" + t.verdict() + "/" + t.samples()).toList());
        for (String name : List.of("report.json", "junit.xml", "summary.md", "index.html")) {
            assertTrue(Files.size(out.resolve(name)) > 100, name);
        }
    }

    @Test
    @Order(3)
    void compareAcceptsItselfAndFlagsAPlantedRegression() throws Exception {
        Path small = SmokeRun.storeBuffering();
        Path out = Cli.fresh("compare");
        Path base = small.resolve("report.json");
        assertEquals(0, Cli.run(out.resolve("same.log"), 2, "compare", base.toString(), base.toString()), Cli.log(out.resolve("same.log")));

        // plant a lost witness: the BROKEN design's bug outcome disappears from every fork
        Report r = ReportJson.read(base);
        List<TestReport> tests = r.tests().stream().map(t -> !t.expected().equals("BROKEN") ? t : loseWitness(t)).toList();
        Report planted = new Report(r.schema(), r.suiteVersion(), r.generatedAt(), r.run(), r.environments(), r.summary(), tests);
        Path neu = out.resolve("planted.json");
        Files.writeString(neu, ReportJson.write(planted));
        int code = Cli.run(out.resolve("planted.log"), 2, "compare", base.toString(), neu.toString());
        String md = Cli.log(out.resolve("planted.log"));
        assertEquals(1, code, md);
        assertTrue(md.contains("| LOST_WITNESS | primitives/store-buffering ONCE_ONLY |"), md);
    }

    @Test
    @Order(4)
    void mergeAddsCountsUp() throws Exception {
        Path small = SmokeRun.storeBuffering();
        Path out = Cli.fresh("merged");
        Path a = small.resolve("report.json");
        Path b = out.resolve("copy.json");
        Files.copy(a, b);
        assertEquals(0, Cli.run(out.resolve("cli.log"), 2, "merge", a.toString(), b.toString(), "--out", out.toString()),
                Cli.log(out.resolve("cli.log")));
        Report one = ReportJson.read(a);
        Report two = ReportJson.read(out.resolve("report.json"));
        for (int i = 0; i < one.tests().size(); i++) {
            assertEquals(2 * one.tests().get(i).samples(), two.tests().get(i).samples());
            assertEquals(2 * one.tests().get(i).forks(), two.tests().get(i).forks());
        }
    }

    @Test
    @Order(5)
    void reportNeverOverwritesAndKeepsTheRunsMetadata() throws Exception {
        Path small = SmokeRun.storeBuffering();
        Path results = small.resolve("jcstress/results.bin.gz");
        byte[] before = Files.readAllBytes(small.resolve("report.json"));
        Path log = Cli.IT_DIR.resolve("overwrite.log");
        assertEquals(2, Cli.run(log, 2, "report", results.toString(), "--out", small.toString()));
        assertEquals(List.of("gupstress: --out " + small + " already holds a report (report.json); give another --out, or --force "
                + "to replace it"), Cli.log(log).lines().toList());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(small.resolve("report.json"))), "the run's report is untouched");

        Path out = Cli.fresh("forced");
        Files.writeString(out.resolve("report.json"), "an older report");
        assertEquals(0, Cli.run(out.resolve("cli.log"), 2, "report", results.toString(), "--out", out.toString(), "--force"),
                Cli.log(out.resolve("cli.log")));
        Report run = ReportJson.read(small.resolve("report.json"));
        Report again = ReportJson.read(out.resolve("report.json"));
        assertEquals(run.suiteVersion(), again.suiteVersion(), "the suite version of the build that ran");
        assertEquals("smoke", again.run().profile());
        assertEquals(run.run().cpus(), again.run().cpus());
        assertEquals(run.run().wallSeconds(), again.run().wallSeconds());
        assertEquals(run.run().jcstressOptions(), again.run().jcstressOptions());
        assertEquals(run.run().completion(), again.run().completion());
        assertEquals(run.tests().stream().map(TestReport::wallSeconds).toList(), again.tests().stream().map(TestReport::wallSeconds).toList());
        assertTrue(again.run().notes().contains("re-rendered from " + results), again.run().notes().toString());
    }

    /** The same test with its bug outcome's samples moved to the first acceptable outcome, fork by fork. */
    static TestReport loseWitness(TestReport t) {
        String bug = t.witness().outcomes().get(0);
        String ok = t.outcomes().stream().filter(o -> !o.bug()).findFirst().orElseThrow().id();
        List<TestReport.ForkResult> forks = t.forkResults().stream().map(f -> {
            Map<String, Long> c = new java.util.LinkedHashMap<>(f.counts());
            long n = c.getOrDefault(bug, 0L);
            c.remove(bug);
            c.merge(ok, n, Long::sum);
            return new TestReport.ForkResult(f.host(), f.jvmArgs(), f.compileMode(), f.status(), f.iterations(),
                    f.iterationMillis(), f.samples(), c, null);
        }).toList();
        List<TestReport.OutcomeReport> outcomes = t.outcomes().stream().map(o -> new TestReport.OutcomeReport(o.id(), o.grade(),
                o.bug(), o.description(), o.id().equals(bug) ? 0 : o.id().equals(ok) ? o.count() + t.witness().count() : o.count(),
                o.frequency(), o.ci(), o.upperBound())).toList();
        TestReport.WitnessReport w = new TestReport.WitnessReport(t.witness().outcomes(), 0, 0, t.witness().ci(), 1e-6,
                List.of(), null, 0);
        return new TestReport(t.name(), t.family(), t.scenario(), t.title(), t.design(), t.expected(), t.source(), t.actors(),
                Verdict.UNWITNESSED, "planted", t.jcstressStatus(), t.samples(), t.forks(), t.measuredSeconds(),
                t.samplesPerSecond(), outcomes, w, forks, t.messages(), t.hosts(), t.jcstressPage());
    }
}
