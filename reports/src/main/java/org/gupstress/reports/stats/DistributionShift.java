package org.gupstress.reports.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.GTest;

/**
 * Did an outcome distribution change between two runs of the same test? A G-test of homogeneity (Apache Commons
 * Math) on the 2 x k table of outcome counts, corrected for over-dispersion, plus Cramer's V as the effect size.
 *
 * <p>Why the correction: JCStress samples are not independent. Each fork compiles the test its own way, and one
 * fork's outcome frequencies can differ from the next one's by a factor of two (measured: NEITHER_SEEN at 7.2 % in
 * one fork and 2.8 % in the next). With a million samples per fork, a plain G-test would call every rerun a
 * significant change. The dispersion factor phi is the Pearson chi-square of homogeneity across the forks within
 * each run divided by its degrees of freedom (quasi-likelihood, as for over-dispersed binomial data).
 *
 * <p>The reference distribution: phi is itself estimated, from few forks (two per run in the smoke profile), so
 * the statistic {@code (G / df) / phi} is referred to an F distribution (the quasi-likelihood F-test, McCullagh and
 * Nelder, Generalized Linear Models, section 4.5), not to chi-square. Its second degrees of freedom are those of the
 * replication: forks minus runs. The fork, not the sample and not the outcome column, is the unit that replicates:
 * a fork's outcome frequencies move together (measured: LOST_WRITE 0.42 and 0.51 in one run's two forks, 0.70 and
 * 0.72 in the next run's, with STILL_DIRTY and PERSISTED moving the other way), so counting each column as a degree
 * of freedom overstates how well phi is known. Measured on this suite, two clean smoke runs of identical code: a
 * chi-square reference raised 4 false alarms, an F reference with (forks - runs) x (outcomes - 1) degrees of
 * freedom 1, this one none. The price is honest: with two forks per run a shift cannot be more significant than
 * about p = 1e-4, so only large shifts are found. With a single fork per run phi cannot be estimated; it is taken
 * as 1 and G is referred to chi-square(df), which assumes independent samples and over-reports.
 */
public final class DistributionShift {
    /**
     * The result for one test.
     *
     * @param g            G statistic between the two runs' totals
     * @param dispersion   phi, the over-dispersion factor from fork-to-fork variation (>= 1)
     * @param df           degrees of freedom (outcomes with a non-zero total, minus one)
     * @param dispersionDf the replication's degrees of freedom, forks minus runs (0: phi not estimable, phi = 1)
     * @param pValue       p-value of (G / df) / phi against F(df, dispersionDf), or of G against chi-square(df) when
     *                     dispersionDf is 0; 1 when there is nothing to test
     * @param cramersV     effect size: sqrt(chi2 / N) of the 2 x k table, 0 (same) to 1 (disjoint)
     */
    public record Result(double g, double dispersion, int df, long dispersionDf, double pValue, double cramersV) {
    }

    private DistributionShift() {
    }

    /**
     * Tests whether the base and new runs' outcome distributions differ.
     *
     * @param baseForks per-fork count vectors of the base run, every vector over the same outcome columns
     * @param newForks  per-fork count vectors of the new run, over the same columns
     */
    public static Result test(List<long[]> baseForks, List<long[]> newForks) {
        int k = columns(baseForks, newForks);
        long[] base = total(baseForks, k);
        long[] neu = total(newForks, k);
        int[] keep = IntStream.range(0, k).filter(i -> base[i] + neu[i] > 0).toArray();
        if (keep.length < 2 || sum(base) == 0 || sum(neu) == 0) {
            return new Result(0, 1, Math.max(0, keep.length - 1), 0, 1.0, 0);
        }
        long[] b = pick(base, keep);
        long[] n = pick(neu, keep);
        double g = new GTest().gDataSetsComparison(b, n);
        double chi2 = new ChiSquareTest().chiSquareDataSetsComparison(b, n);
        double v = Math.sqrt(chi2 / (double) (sum(b) + sum(n)));
        double[] phiAndDf = dispersion(baseForks, newForks, keep);
        double phi = phiAndDf[0];
        long phiDf = (long) phiAndDf[1];
        int df = keep.length - 1;
        double p = phiDf == 0
                ? 1.0 - new ChiSquaredDistribution(null, df).cumulativeProbability(g)
                : 1.0 - new FDistribution(null, df, phiDf).cumulativeProbability((g / df) / phi);
        return new Result(g, phi, df, phiDf, Math.max(0.0, p), v);
    }

    /**
     * Holm-Bonferroni step-down adjustment: the adjusted p-values, in the input order. Controls the family-wise
     * error rate over all tests compared.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * phi, the pooled within-run Pearson chi-square of homogeneity across forks per degree of freedom (at least 1),
     * and the degrees of freedom of the replication, forks minus runs: {@code {phi, forks - runs}};
     * {@code {1, 0}} when no run has two forks with outcomes.
     */
    static double[] dispersion(List<long[]> baseForks, List<long[]> newForks, int[] keep) {
        double chi2 = 0;
        long df = 0;
        long replicates = 0;
        for (List<long[]> run : List.of(baseForks, newForks)) {
            List<long[]> forks = new ArrayList<>();
            for (long[] f : run) {
                long[] picked = pick(f, keep);
                if (sum(picked) > 0) {
                    forks.add(picked);
                }
            }
            if (forks.size() < 2) {
                continue;
            }
            long[] colTotals = total(forks, keep.length);
            int usedCols = (int) Arrays.stream(colTotals).filter(c -> c > 0).count();
            if (usedCols < 2) {
                continue;
            }
            double grand = sum(colTotals);
            for (long[] f : forks) {
                double rowTotal = sum(f);
                for (int j = 0; j < keep.length; j++) {
                    if (colTotals[j] == 0) {
                        continue;
                    }
                    double e = rowTotal * colTotals[j] / grand;
                    chi2 += (f[j] - e) * (f[j] - e) / e;
                }
            }
            df += (long) (forks.size() - 1) * (usedCols - 1);
            replicates += forks.size() - 1;
        }
        return df == 0 ? new double[] {1.0, 0} : new double[] {Math.max(1.0, chi2 / df), replicates};
    }

    private static int columns(List<long[]> a, List<long[]> b) {
        int k = -1;
        for (List<long[]> run : List.of(a, b)) {
            for (long[] f : run) {
                if (k >= 0 && f.length != k) {
                    throw new IllegalArgumentException("count vectors of different lengths");
                }
                k = f.length;
            }
        }
        return Math.max(k, 0);
    }

    private static long[] total(List<long[]> forks, int k) {
        long[] t = new long[k];
        for (long[] f : forks) {
            for (int i = 0; i < k; i++) {
                t[i] += f[i];
            }
        }
        return t;
    }

    private static long[] pick(long[] v, int[] keep) {
        long[] out = new long[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = v[keep[i]];
        }
        return out;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }
}
