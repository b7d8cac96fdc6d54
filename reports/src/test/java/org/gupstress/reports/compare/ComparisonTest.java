package org.gupstress.reports.compare;

import static org.gupstress.reports.Fixtures.fork;
import static org.gupstress.reports.Fixtures.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gupstress.reports.Fixtures;
import org.gupstress.reports.compare.Comparison.Kind;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.junit.jupiter.api.Test;

/** compare: a baseline, and a planted regression of each kind. */
class ComparisonTest {
    private static final Comparison.Thresholds TH = Comparison.Thresholds.DEFAULT;

    /** Two forks per test whose frequencies differ as JCStress forks do (BOTH_SEEN 5 % vs 2 %). */
    private static Report baseline() {
        return Fixtures.report(List.of(
                test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 50_000, 950_000, 0, null), fork("NORMAL", 20_000, 980_000, 0, null))),
                test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 50_000, 900_000, 50_000, 1000L),
                        fork("NORMAL", 30_000, 940_000, 30_000, 2000L)))), false);
    }

    private static Report with(TestReport safe, TestReport broken) {
        return Fixtures.report(List.of(safe, broken), false);
    }

    @Test
    void aRerunIsNotARegression() {
        // same design, different forks, same kind of fork-to-fork noise
        Report rerun = with(
                test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 45_000, 955_000, 0, null), fork("NORMAL", 15_000, 985_000, 0, null))),
                test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 40_000, 920_000, 40_000, 800L),
                        fork("NORMAL", 35_000, 930_000, 35_000, 3000L))));
        Comparison.Result r = Comparison.compare(baseline(), rerun, TH);
        assertFalse(r.regressed(), r.regressions().toString());
        assertEquals(2, r.shifts().size());
        assertFalse(Comparison.compare(baseline(), baseline(), TH).regressed());
    }

    @Test
    void newForbiddenOutcome() {
        Report neu = with(
                test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 50_000, 949_997, 3, null), fork("NORMAL", 20_000, 980_000, 0, null))),
                baseline().tests().get(1));
        Comparison.Result r = Comparison.compare(baseline(), neu, TH);
        assertEquals(List.of(Kind.NEW_FORBIDDEN), kinds(r));
        assertTrue(r.regressions().get(0).text().startsWith("FORBIDDEN outcome NEITHER_SEEN seen 3 times"));
    }

    @Test
    void lostWitness() {
        Report neu = with(baseline().tests().get(0),
                test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 60_000, 940_000, 0, null), fork("NORMAL", 40_000, 960_000, 0, null))));
        Comparison.Result r = Comparison.compare(baseline(), neu, TH);
        assertTrue(kinds(r).contains(Kind.LOST_WITNESS), r.regressions().toString());
        assertTrue(Comparison.markdown(r, TH).contains("| LOST_WITNESS | primitives/store-buffering ONCE_ONLY |"));
    }

    @Test
    void distributionShift() {
        Report neu = with(baseline().tests().get(0),
                test("ONCE_ONLY", "BROKEN", List.of(fork("NORMAL", 400_000, 300_000, 300_000, 10L),
                        fork("NORMAL", 380_000, 310_000, 310_000, 12L))));
        Comparison.Result r = Comparison.compare(baseline(), neu, TH);
        assertEquals(List.of(Kind.DISTRIBUTION_SHIFT), kinds(r));
        assertTrue(Comparison.markdown(r, TH).contains("**yes**"));
    }

    @Test
    void slower() {
        // same counts, but each fork lived 1 / 0.3 s instead of 1 s: samples per fork-second fell to 30 %
        List<TestReport.ForkResult> slow = baseline().tests().get(0).forkResults().stream()
                .map(f -> f.withWallSeconds(1.0 / 0.3)).toList();
        Report neu = with(test("FULL_FENCE", "SAFE", slow), baseline().tests().get(1));
        Comparison.Result r = Comparison.compare(baseline(), neu, TH);
        assertEquals(List.of(Kind.SLOWER), kinds(r));
        assertTrue(r.regressions().get(0).text().contains("(-70%; threshold 50%)"), r.regressions().get(0).text());
    }

    @Test
    void aRateThatSwingsBetweenForksIsNotASpeed() {
        // A test whose samples can deadlock until the watchdog (family C's WAIT_HOLDING_LOCK, measured: 39 and 6,336
        // samples in the two forks of one run, 83 and 30 in the next): its rate follows its outcome mix.
        Report base = with(test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 0, 39, 0, null), fork("NORMAL", 0, 6_336, 0, null))),
                baseline().tests().get(1));
        Report neu = with(test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 0, 83, 0, null), fork("NORMAL", 0, 30, 0, null))),
                baseline().tests().get(1));
        Comparison.Result r = Comparison.compare(base, neu, TH);
        assertFalse(kinds(r).contains(Kind.SLOWER), r.regressions().toString());
        assertFalse(Comparison.steadyRate(base.tests().get(0)));
        assertTrue(Comparison.steadyRate(baseline().tests().get(0)));
    }

    @Test
    void verdictTurnedError() {
        Report neu = with(test("FULL_FENCE", "SAFE", List.of(fork("NORMAL", 50_000, 950_000, 0, null), fork("VM_ERROR", 0, 0, 0, null))),
                baseline().tests().get(1));
        assertEquals(List.of(Kind.VERDICT_WORSE), kinds(Comparison.compare(baseline(), neu, TH)));
    }

    @Test
    void testsMissingOnOneSideAreNotesNotRegressions() {
        Report neu = Fixtures.report(List.of(baseline().tests().get(0), test("NEW_DESIGN", "SAFE",
                List.of(fork("NORMAL", 1, 1, 0, null)))), false);
        Comparison.Result r = Comparison.compare(baseline(), neu, TH);
        assertFalse(r.regressed());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("NEW_DESIGN: not in BASE")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("ONCE_ONLY: in BASE only")), r.notes().toString());
    }

    private static List<Kind> kinds(Comparison.Result r) {
        return r.regressions().stream().map(Comparison.Finding::kind).toList();
    }
}
