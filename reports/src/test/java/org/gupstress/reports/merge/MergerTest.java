package org.gupstress.reports.merge;

import static org.gupstress.reports.Fixtures.fork;
import static org.gupstress.reports.Fixtures.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.reports.Fixtures;
import org.gupstress.reports.UserError;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.Test;

/** merge: counts add up, verdicts are judged again on the pooled forks, environments are kept per host. */
class MergerTest {

    private static Report host(String name, List<TestReport> tests) {
        Report r = Fixtures.report(tests, false);
        Report.HostEnvironment env = new Report.HostEnvironment(name, 64, "OpenJDK 17", "Linux", Map.of());
        return new Report(r.schema(), r.suiteVersion(), r.generatedAt(), r.run(), List.of(env), r.summary(), r.tests());
    }

    @Test
    void countsAddUpAndVerdictsAreJudgedAgain() {
        Report a = host("a", List.of(test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 10, 90, 0, null))),
                test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 10, 90, 0, null)))));
        Report b = host("b", List.of(test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 20, 170, 10, 42L))),
                test("FULL_FENCE", "SAFE", List.of())));
        Map<String, Report> in = new LinkedHashMap<>();
        in.put("a.json", a);
        in.put("b.json", b);
        Report m = Merger.merge(in);
        TestReport broken = m.tests().stream().filter(t -> t.design().equals("ONCE_ONLY")).findFirst().orElseThrow();
        assertEquals(Verdict.UNWITNESSED, a.tests().get(1).verdict());
        assertEquals(Verdict.PASS, broken.verdict(), "witnessed on host b");
        assertEquals(300, broken.samples());
        assertEquals(30, broken.outcomes().get(0).count());
        assertEquals(10, broken.outcomes().get(2).count());
        assertEquals(2, broken.forks());
        assertEquals(0.6, broken.measuredSeconds(), 1e-12);
        assertEquals(List.of(42L), broken.witness().samplesToFirstWitness());
        TestReport safe = m.tests().stream().filter(t -> t.design().equals("FULL_FENCE")).findFirst().orElseThrow();
        assertEquals(Verdict.PASS, safe.verdict(), "NOT_RUN on b, PASS on a");
        assertEquals(List.of("a", "b"), m.environments().stream().map(Report.HostEnvironment::host).toList());
        assertEquals("MERGED", m.run().completion());
        assertEquals(2, m.summary().get(Verdict.PASS));
    }

    @Test
    void suiteVersionMismatchIsAnError() {
        Report a = Fixtures.report(List.of(), false);
        Report b = new Report(a.schema(), "0.2.0+other", a.generatedAt(), a.run(), a.environments(), a.summary(), a.tests());
        Map<String, Report> in = new LinkedHashMap<>();
        in.put("a.json", a);
        in.put("b.json", b);
        UserError e = assertThrows(UserError.class, () -> Merger.merge(in));
        assertTrue(e.getMessage().startsWith("suite version mismatch: a.json has 0.1.0+test, b.json has 0.2.0+other"), e.getMessage());
    }
}
