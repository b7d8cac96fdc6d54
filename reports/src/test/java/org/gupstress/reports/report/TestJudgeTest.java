package org.gupstress.reports.report;

import static org.gupstress.reports.Fixtures.fork;
import static org.gupstress.reports.Fixtures.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.gupstress.reports.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict rules of DESIGN.md section 5, and the statistics that go with them. */
class TestJudgeTest {
    @TempDir
    Path dir;

    @Test
    void safeWithoutForbiddenPasses() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 100, 900, 0, null), fork("NORMAL", 50, 950, 0, null)));
        assertEquals(Verdict.PASS, t.verdict());
        assertEquals(2000, t.samples());
        assertNull(t.witness());
        TestReport.OutcomeReport neither = t.outcomes().get(2);
        assertEquals(0, neither.count());
        assertEquals(ClopperPearsonBound.of(2000), neither.upperBound(), 1e-12);
        assertTrue(t.reason().contains("< 1.5e-3 at 95%"), t.reason());
    }

    @Test
    void safeWithAForbiddenOutcomeFails() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 100, 899, 1, null)));
        assertEquals(Verdict.FAIL, t.verdict());
        assertTrue(t.reason().startsWith("FORBIDDEN outcome NEITHER_SEEN seen 1 times"), t.reason());
    }

    @Test
    void brokenWitnessedPassesWithWitnessStatistics() {
        TestReport t = test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 100, 880, 20, 300L), fork("NORMAL", 100, 890, 10, 100L),
                fork("NORMAL", 100, 900, 0, null)));
        assertEquals(Verdict.PASS, t.verdict());
        TestReport.WitnessReport w = t.witness();
        assertEquals(30, w.count());
        assertEquals(0.01, w.rate(), 1e-12);
        assertEquals(List.of(100L, 300L), w.samplesToFirstWitness());
        assertEquals(200L, w.medianSamplesToFirstWitness());
        assertEquals(2, w.forksWitnessed());
        assertNotNull(w.ci());
        assertTrue(w.ci().lower() < 0.01 && w.ci().upper() > 0.01);
    }

    @Test
    void brokenNotWitnessedIsUnwitnessed() {
        TestReport t = test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 100, 900, 0, null)));
        assertEquals(Verdict.UNWITNESSED, t.verdict());
        assertTrue(t.verdict().fails(true));
        assertTrue(!t.verdict().fails(false));
        assertTrue(t.reason().contains("rate < 3.0e-3 at 95%"), t.reason());
    }

    @Test
    void openReportsWhatItSaw() {
        TestReport seen = test("REWALK", "OPEN", List.of(fork("NORMAL", 100, 899, 1, 5L)));
        assertEquals(Verdict.PASS, seen.verdict());
        assertTrue(seen.reason().startsWith("OPEN: bug outcome observed: NEITHER_SEEN 1 times"), seen.reason());
        TestReport unseen = test("REWALK", "OPEN", List.of(fork("NORMAL", 100, 900, 0, null)));
        assertEquals(Verdict.PASS, unseen.verdict());
        assertTrue(unseen.reason().startsWith("OPEN: no bug outcome in 1,000 samples"), unseen.reason());
    }

    @Test
    void aStallIsAnErrorWithItsMessageNeverAnOutcomeOrAPass() {
        List<String> vmOut = List.of("gupstress.first-witness X 5",
                "gupstress.stall STALL: spin_lock(ptl) by dma blocked for more than 10000 ms and no deadlock was detected");
        String stall = TestJudge.parseStall(vmOut);
        assertEquals("STALL: spin_lock(ptl) by dma blocked for more than 10000 ms and no deadlock was detected", stall);
        assertNull(TestJudge.parseStall(List.of("gupstress.first-witness X 5")));
        TestJudge.TestMeta meta = new TestJudge.TestMeta("org.example.SB.FULL_FENCE", "primitives", "store-buffering",
                "SB", "FULL_FENCE", "SAFE", "source", 2);
        // The stalled fork counted samples and no FORBIDDEN outcome before it stalled: still ERROR, not PASS.
        TestReport t = TestJudge.judge(meta, Fixtures.SAFE_SPECS, List.of(fork("NORMAL", 100, 900, 0, null),
                fork("TIMEOUT_ERROR", 100, 900, 0, null)), List.of(stall), List.of("host-a"), null, null);
        assertEquals(Verdict.ERROR, t.verdict());
        assertEquals(stall, t.reason());
    }

    @Test
    void zeroSamplesIsNotRunNeverPass() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 0, 0, 0, null)));
        assertEquals(Verdict.NOT_RUN, t.verdict());
        assertEquals("0 samples in 1 forks", t.reason());
    }

    @Test
    void noForksIsNotRunWithTheReason() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of());
        assertEquals(Verdict.NOT_RUN, t.verdict());
        assertEquals("needs 3 CPUs, 2 available", t.reason());
        assertNull(t.jcstressStatus());
    }

    @Test
    void aJcstressErrorIsError() {
        TestReport t = test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 100, 880, 20, 300L), fork("VM_ERROR", 0, 0, 0, null)));
        assertEquals(Verdict.ERROR, t.verdict());
        assertEquals("VM_ERROR", t.jcstressStatus());
        assertTrue(t.reason().contains("VM_ERROR in 1 of 2 forks: Failed with error code 137"), t.reason());
        assertEquals(0.3, t.measuredSeconds(), 1e-12, "only NORMAL forks count as measured");
    }

    @Test
    void forbiddenBeatsError() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 100, 880, 2, null), fork("TEST_ERROR", 0, 0, 0, null)));
        assertEquals(Verdict.FAIL, t.verdict());
    }

    @Test
    void samplesPerSecondIsOverMeasurementTime() {
        TestReport t = test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 0, 300_000, 0, null), fork("NORMAL", 0, 600_000, 0, null)));
        assertEquals(0.6, t.measuredSeconds(), 1e-12);
        assertEquals(1_500_000, t.samplesPerSecond(), 1e-6);
    }

    @Test
    void firstWitnessLineIsParsed() {
        assertEquals(new TestReport.FirstWitness("LOST_WRITE", 12345),
                TestJudge.parseFirstWitness(List.of("noise", "gupstress.first-witness LOST_WRITE 12345"), "gupstress.first-witness "));
        assertNull(TestJudge.parseFirstWitness(List.of("gupstress.first-witness broken"), "gupstress.first-witness "));
    }

    @Test
    void realResultsAreJudgedFromTheTestsOwnDeclarations() {
        Report r = Fixtures.smokeReport(dir);
        assertEquals(2, r.tests().size());
        TestReport safe = r.tests().get(0);
        TestReport broken = r.tests().get(1);
        assertEquals("FULL_FENCE", safe.design());
        assertEquals("SAFE", safe.expected());
        assertEquals(Verdict.PASS, safe.verdict());
        assertEquals("ONCE_ONLY", broken.design());
        assertEquals("BROKEN", broken.expected());
        assertEquals(Verdict.PASS, broken.verdict());
        assertEquals(List.of("NEITHER_SEEN"), broken.witness().outcomes());
        assertEquals(2, broken.witness().samplesToFirstWitness().size(), "both forks printed their first witness");
        long sum = broken.outcomes().stream().mapToLong(TestReport.OutcomeReport::count).sum();
        assertEquals(broken.samples(), sum);
        assertEquals(broken.samples(), broken.forkResults().stream().mapToLong(TestReport.ForkResult::samples).sum());
        assertEquals(List.of("BOTH_SEEN", "ONE_SEEN", "NEITHER_SEEN"), broken.outcomes().stream().map(TestReport.OutcomeReport::id).toList());
        assertEquals("ACCEPTABLE_INTERESTING", broken.outcomes().get(2).grade());
        assertEquals("FORBIDDEN", safe.outcomes().get(2).grade());
    }

    /** The one-sided bound for a zero count, written out. */
    static final class ClopperPearsonBound {
        static double of(long n) {
            return 1 - Math.pow(0.05, 1.0 / n);
        }
    }
}
