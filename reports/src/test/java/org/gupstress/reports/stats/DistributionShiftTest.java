package org.gupstress.reports.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.math3.stat.inference.GTest;
import org.junit.jupiter.api.Test;

/** The distribution-shift test and the Holm correction against known values. */
class DistributionShiftTest {

    @Test
    void holmAdjustsStepDown() {
        // p = (0.01, 0.04, 0.03, 0.005), m = 4: sorted 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.03, 0.06, 0.06
        double[] adjusted = DistributionShift.holm(new double[]{0.01, 0.04, 0.03, 0.005});
        assertArrayEquals(new double[]{0.03, 0.06, 0.06, 0.02}, adjusted, 1e-12);
        assertArrayEquals(new double[]{0.7}, DistributionShift.holm(new double[]{0.7}), 0);
        assertArrayEquals(new double[]{1.0, 1.0}, DistributionShift.holm(new double[]{0.6, 0.9}), 0);
    }

    @Test
    void gStatisticAndPValueOfA2x2Table() {
        // base 100/200 vs new 150/150; with one fork each the dispersion is 1 and p is the G-test's own
        long[] base = {100, 200};
        long[] neu = {150, 150};
        DistributionShift.Result r = DistributionShift.test(List.of(base), List.of(neu));
        assertEquals(new GTest().gDataSetsComparison(base, neu), r.g(), 1e-9);
        assertEquals(new GTest().gTestDataSetsComparison(base, neu), r.pValue(), 1e-12);
        assertEquals(1.0, r.dispersion());
        assertEquals(1, r.df());
        // chi2 = 17.1429 (Pearson, 2x2, no continuity correction): V = sqrt(17.1429 / 600) = 0.169031
        assertEquals(0.169031, r.cramersV(), 1e-6);
    }

    @Test
    void identicalDistributionsDoNotShift() {
        DistributionShift.Result r = DistributionShift.test(List.of(new long[]{1000, 9000, 0}), List.of(new long[]{2000, 18000, 0}));
        assertEquals(0.0, r.g(), 1e-9);
        assertEquals(1.0, r.pValue(), 1e-9);
        assertEquals(1, r.df(), "an outcome never seen in either run is not a column");
    }

    @Test
    void forkToForkVariationDiscountsTheShift() {
        // Each run's forks disagree with each other as much as the runs disagree: over-dispersed, not a shift.
        List<long[]> base = List.of(new long[]{50_000, 950_000}, new long[]{20_000, 980_000});
        List<long[]> neu = List.of(new long[]{45_000, 955_000}, new long[]{15_000, 985_000});
        DistributionShift.Result noisy = DistributionShift.test(base, neu);
        assertTrue(noisy.dispersion() > 100, "phi " + noisy.dispersion());
        assertTrue(noisy.pValue() > 0.01, "p " + noisy.pValue());
        // Without the forks' disagreement the same totals would be hugely significant.
        DistributionShift.Result naive = DistributionShift.test(List.of(new long[]{70_000, 1_930_000}),
                List.of(new long[]{60_000, 1_940_000}));
        assertTrue(naive.pValue() < 1e-10, "p " + naive.pValue());
    }

    @Test
    void aRealShiftSurvivesTheCorrection() {
        List<long[]> base = List.of(new long[]{10_000, 990_000}, new long[]{11_000, 989_000});
        List<long[]> neu = List.of(new long[]{300_000, 700_000}, new long[]{310_000, 690_000});
        DistributionShift.Result r = DistributionShift.test(base, neu);
        // Two forks per run give phi 2 degrees of freedom: F(1, 2) cannot go much below p = 1e-4, and need not.
        assertEquals(2, r.dispersionDf());
        assertTrue(r.pValue() < 1e-3, "p " + r.pValue());
        assertTrue(r.cramersV() > 0.3, "V " + r.cramersV());
    }

    @Test
    void theDispersionIsReferredToAnFWithItsOwnDegreesOfFreedom() {
        // base forks 5%/2%, new forks 4.5%/1.5%: phi and its df from the within-run tables, then
        // p = P(F(1, 2) > (G / 1) / phi).
        List<long[]> base = List.of(new long[]{50_000, 950_000}, new long[]{20_000, 980_000});
        List<long[]> neu = List.of(new long[]{45_000, 955_000}, new long[]{15_000, 985_000});
        DistributionShift.Result r = DistributionShift.test(base, neu);
        long[] b = {70_000, 1_930_000};
        long[] n = {60_000, 1_940_000};
        double g = new GTest().gDataSetsComparison(b, n);
        double phi = (new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquare(new long[][]{base.get(0), base.get(1)})
                + new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquare(new long[][]{neu.get(0), neu.get(1)})) / 2;
        assertEquals(phi, r.dispersion(), 1e-6 * phi);
        double p = 1 - new org.apache.commons.math3.distribution.FDistribution(1, 2).cumulativeProbability(g / phi);
        assertEquals(p, r.pValue(), 1e-9);
    }

    @Test
    void nothingToTestIsNotAShift() {
        DistributionShift.Result r = DistributionShift.test(List.of(new long[]{0, 10}), List.of(new long[]{0, 20}));
        assertEquals(1.0, r.pValue());
        assertEquals(0, r.df());
    }
}
