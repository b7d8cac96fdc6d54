package org.gupstress.reports.stats;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Clopper-Pearson ("exact") confidence intervals for a binomial proportion, from the Beta distribution's quantiles:
 * for k successes in n trials at level 1 - alpha,
 * <pre>
 *   lower = B(alpha/2;     k,     n - k + 1)   (0 when k = 0)
 *   upper = B(1 - alpha/2; k + 1, n - k)       (1 when k = n)
 * </pre>
 * For an outcome never seen, the one-sided bound {@code 1 - alpha^(1/n)} ("the rule of three": about 3/n at 95%)
 * says how rare it must be, given that n samples did not show it.
 *
 * <p>JCStress samples are not independent draws: they come in strides inside forks, and each fork's JIT decisions
 * shift the whole distribution. These intervals describe the samples taken, under the binomial model; compare
 * across runs with that in mind (see {@link DistributionShift}).
 */
public final class ClopperPearson {
    /** The level every report uses. */
    public static final double LEVEL = 0.95;

    private ClopperPearson() {
    }

    /** Two-sided interval at {@code level} for {@code k} of {@code n}; n must be positive. */
    public static Interval interval(long k, long n, double level) {
        check(k, n, level);
        double alpha = 1 - level;
        double lower = k == 0 ? 0.0 : beta(k, n - k + 1).inverseCumulativeProbability(alpha / 2);
        double upper = k == n ? 1.0 : beta(k + 1, n - k).inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(level, lower, upper);
    }

    /** One-sided upper bound at {@code level} on the probability of an outcome seen {@code k} times in n. */
    public static double upperBound(long k, long n, double level) {
        check(k, n, level);
        if (k == n) {
            return 1.0;
        }
        if (k == 0) {
            // closed form of B(level; 1, n), exact and stable for huge n
            return -Math.expm1(Math.log1p(-level) / n);
        }
        return beta(k + 1, n - k).inverseCumulativeProbability(level);
    }

    /**
     * Commons Math inverts the CDF to an absolute accuracy of 1e-9 by default: useless for the probabilities this
     * suite cares about (3 witnesses in 3e9 samples came out with a lower bound of 0). A negligible absolute
     * accuracy leaves the Brent solver's relative accuracy (1e-14) in charge.
     */
    private static BetaDistribution beta(double a, double b) {
        return new BetaDistribution(null, a, b, 1e-300);
    }

    private static void check(long k, long n, double level) {
        if (n <= 0 || k < 0 || k > n || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("k=" + k + " n=" + n + " level=" + level);
        }
    }
}
