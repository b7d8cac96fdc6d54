package org.gupstress.reports.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Clopper-Pearson intervals against published values (R's binom.test and the closed forms). */
class ClopperPearsonTest {

    @Test
    void fiveOfTen() {
        // binom.test(5, 10)$conf.int: 0.187086 0.812914
        Interval ci = ClopperPearson.interval(5, 10, 0.95);
        assertEquals(0.187086, ci.lower(), 1e-6);
        assertEquals(0.812914, ci.upper(), 1e-6);
        assertEquals(0.95, ci.level());
    }

    @Test
    void zeroAndAllOfTen() {
        // k = 0: [0, 1 - 0.025^(1/10)] = [0, 0.308497]; k = n: [0.025^(1/10), 1] = [0.691503, 1]
        Interval zero = ClopperPearson.interval(0, 10, 0.95);
        assertEquals(0.0, zero.lower());
        assertEquals(0.308497, zero.upper(), 1e-6);
        Interval all = ClopperPearson.interval(10, 10, 0.95);
        assertEquals(0.691503, all.lower(), 1e-6);
        assertEquals(1.0, all.upper());
    }

    @Test
    void oneInAMillion() {
        // closed forms for k = 1: lower = 1 - 0.975^(1/n); upper = qbeta(0.975, 2, n - 1)
        Interval ci = ClopperPearson.interval(1, 1_000_000, 0.95);
        assertEquals(-Math.expm1(Math.log(0.975) / 1e6), ci.lower(), 1e-15);
        assertEquals(2.531780e-08, ci.lower(), 1e-13);
        assertEquals(5.57164e-06, ci.upper(), 1e-10); // Poisson limit: qchisq(0.975, 4) / 2 / n
    }

    @Test
    void rareOutcomesKeepTheirRelativePrecision() {
        // Commons Math's default absolute accuracy (1e-9) would make this lower bound 0.
        Interval ci = ClopperPearson.interval(3, 3_000_000_000L, 0.95);
        assertEquals(2.0622e-10, ci.lower(), 1e-13);
        assertEquals(2.9224e-9, ci.upper(), 1e-12);
    }

    @Test
    void zeroCountUpperBoundIsTheRuleOfThree() {
        // one-sided 95 %: 1 - 0.05^(1/n); for n = 10 that is 0.258866; for large n about 3/n
        assertEquals(0.258866, ClopperPearson.upperBound(0, 10, 0.95), 1e-6);
        assertEquals(2.9957e-7, ClopperPearson.upperBound(0, 10_000_000, 0.95), 1e-11);
        // it equals the Beta quantile the general formula uses
        assertEquals(ClopperPearson.upperBound(0, 1000, 0.95), 1 - Math.pow(0.05, 1 / 1000.0), 1e-12);
    }

    @Test
    void upperBoundForASeenOutcome() {
        // the p with P(X <= 1) = 0.05 for X ~ Bin(10, p): (1-p)^10 + 10 p (1-p)^9 = 0.05 at p = 0.394163
        double p = ClopperPearson.upperBound(1, 10, 0.95);
        assertEquals(0.394163, p, 1e-6);
        assertEquals(0.05, Math.pow(1 - p, 10) + 10 * p * Math.pow(1 - p, 9), 1e-12);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.interval(1, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.interval(11, 10, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.interval(1, 10, 1.0));
    }
}
