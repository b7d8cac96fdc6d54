package org.gupstress.reports.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.report.TestReport.OutcomeReport;
import org.gupstress.reports.report.Verdict;
import org.gupstress.reports.stats.DistributionShift;

/**
 * {@code compare BASE NEW}: what got worse between two reports of the same suite, test by test.
 * <ul>
 *   <li>NEW_FORBIDDEN: an outcome graded FORBIDDEN has a count in NEW and had none in BASE;</li>
 *   <li>LOST_WITNESS: a BROKEN or OPEN design's bug was seen in BASE and not in NEW (which did take samples);</li>
 *   <li>VERDICT_WORSE: PASS or UNWITNESSED in BASE, ERROR (or FAIL without a new forbidden outcome) in NEW;</li>
 *   <li>DISTRIBUTION_SHIFT: the outcome distribution changed: G-test of the two runs' counts, over-dispersion
 *       corrected with the fork-to-fork variation ({@link DistributionShift}), Holm-corrected over every test
 *       compared (adjusted p below {@code alpha}), and large enough to matter (Cramer's V at least
 *       {@code minEffect});</li>
 *   <li>SLOWER: samples per fork-second ({@link TestReport#samplesPerForkSecond()}: samples over the forks' whole
 *       lives, the rate a user gets) fell by more than {@code maxSlowdown} (a fraction).</li>
 * </ul>
 * Tests present in only one report, or not run in one, are listed as notes, not regressions.
 */
public final class Comparison {
    /** What kind of regression. */
    public enum Kind { NEW_FORBIDDEN, LOST_WITNESS, VERDICT_WORSE, DISTRIBUTION_SHIFT, SLOWER }

    /** One regression. */
    public record Finding(Kind kind, String test, String text) {
    }

    /**
     * Thresholds.
     *
     * @param alpha       family-wise significance level for distribution shifts
     * @param minEffect   smallest Cramer's V that counts as a shift
     * @param maxSlowdown largest tolerated fall of samples per second, as a fraction (0.5 = half as fast)
     */
    public record Thresholds(double alpha, double minEffect, double maxSlowdown) {
        public static final Thresholds DEFAULT = new Thresholds(0.01, 0.1, 0.5);
    }

    /** The outcome of a comparison. */
    public record Result(List<Finding> regressions, List<String> notes, List<ShiftRow> shifts) {
        public boolean regressed() {
            return !regressions.isEmpty();
        }
    }

    /** The distribution test of one test, for transparency. */
    public record ShiftRow(String test, DistributionShift.Result result, double adjustedP, boolean flagged) {
    }

    private Comparison() {
    }

    public static Result compare(Report base, Report neu, Thresholds th) {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!base.suiteVersion().equals(neu.suiteVersion())) {
            notes.add("the suites differ (" + base.suiteVersion() + " vs " + neu.suiteVersion()
                    + "): tests are matched by name, outcomes by id");
        }
        Map<String, TestReport> baseByName = new LinkedHashMap<>();
        base.tests().forEach(t -> baseByName.put(t.name(), t));
        Set<String> seen = new LinkedHashSet<>();

        List<String> shiftNames = new ArrayList<>();
        List<DistributionShift.Result> shiftResults = new ArrayList<>();
        for (TestReport n : neu.tests()) {
            seen.add(n.name());
            TestReport b = baseByName.get(n.name());
            String title = n.family() + "/" + n.scenario() + " " + n.design();
            if (b == null) {
                notes.add(title + ": not in BASE (new test)");
                continue;
            }
            if (n.verdict() == Verdict.NOT_RUN && b.verdict() != Verdict.NOT_RUN) {
                notes.add(title + ": ran in BASE, NOT_RUN in NEW (" + n.reason() + ")");
                continue;
            }
            boolean newForbidden = false;
            for (OutcomeReport o : n.outcomes()) {
                if ("FORBIDDEN".equals(o.grade()) && o.count() > 0 && count(b, o.id()) == 0) {
                    findings.add(new Finding(Kind.NEW_FORBIDDEN, title, "FORBIDDEN outcome " + o.id() + " seen "
                            + Fmt.count(o.count()) + " times in " + Fmt.count(n.samples()) + " samples; BASE saw it 0 times in "
                            + Fmt.count(b.samples())));
                    newForbidden = true;
                }
            }
            if (b.witness() != null && b.witness().count() > 0 && n.witness() != null && n.samples() > 0
                    && n.witness().count() == 0) {
                findings.add(new Finding(Kind.LOST_WITNESS, title, "bug " + String.join("/", n.witness().outcomes())
                        + " was witnessed in BASE (" + Fmt.count(b.witness().count()) + " of " + Fmt.count(b.samples())
                        + ") and not in NEW (0 of " + Fmt.count(n.samples()) + ", rate < "
                        + Fmt.prob(n.witness().upperBound()) + " at 95%)"));
            }
            boolean baseOk = b.verdict() == Verdict.PASS || b.verdict() == Verdict.UNWITNESSED;
            if (baseOk && (n.verdict() == Verdict.ERROR || (n.verdict() == Verdict.FAIL && !newForbidden))) {
                findings.add(new Finding(Kind.VERDICT_WORSE, title, b.verdict() + " -> " + n.verdict() + ": " + n.reason()));
            }
            Double bRate = b.samplesPerForkSecond();
            Double nRate = n.samplesPerForkSecond();
            if (bRate != null && nRate != null && bRate > 0 && nRate > 0 && steadyRate(b) && steadyRate(n)
                    && nRate < bRate * (1 - th.maxSlowdown())) {
                findings.add(new Finding(Kind.SLOWER, title, "samples per fork-second fell from " + Fmt.rate(bRate)
                        + " to " + Fmt.rate(nRate) + String.format(Locale.ROOT, " (-%.0f%%; threshold %.0f%%)",
                        100 * (1 - nRate / bRate), 100 * th.maxSlowdown())));
            }
            if (b.samples() > 0 && n.samples() > 0) {
                List<String> ids = new ArrayList<>();
                b.outcomes().forEach(o -> ids.add(o.id()));
                n.outcomes().forEach(o -> {
                    if (!ids.contains(o.id())) {
                        ids.add(o.id());
                    }
                });
                shiftNames.add(title);
                shiftResults.add(DistributionShift.test(vectors(b, ids), vectors(n, ids)));
            }
        }
        for (TestReport b : base.tests()) {
            if (!seen.contains(b.name())) {
                notes.add(b.family() + "/" + b.scenario() + " " + b.design() + ": in BASE only");
            }
        }
        double[] p = shiftResults.stream().mapToDouble(DistributionShift.Result::pValue).toArray();
        double[] adjusted = DistributionShift.holm(p);
        List<ShiftRow> rows = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            DistributionShift.Result r = shiftResults.get(i);
            boolean flagged = adjusted[i] < th.alpha() && r.cramersV() >= th.minEffect();
            rows.add(new ShiftRow(shiftNames.get(i), r, adjusted[i], flagged));
            if (flagged) {
                findings.add(new Finding(Kind.DISTRIBUTION_SHIFT, shiftNames.get(i), String.format(Locale.ROOT,
                        "outcome distribution changed: G = %.1f, dispersion %.1f, df %d, Holm-adjusted p = %s, Cramer's V = %.3f",
                        r.g(), r.dispersion(), r.df(), Fmt.prob(adjusted[i]), r.cramersV())));
            }
        }
        return new Result(List.copyOf(findings), List.copyOf(notes), List.copyOf(rows));
    }

    /** The Markdown explanation. */
    public static String markdown(Result r, Thresholds th) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Changes against the baseline: ")
                .append(r.regressed() ? r.regressions().size() + " regression" + (r.regressions().size() == 1 ? "" : "s")
                        : "no regression").append("\n\n");
        if (r.regressed()) {
            sb.append("| kind | test | what |\n|---|---|---|\n");
            for (Finding f : r.regressions()) {
                sb.append("| ").append(f.kind()).append(" | ").append(esc(f.test())).append(" | ").append(esc(f.text()))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        for (String n : r.notes()) {
            sb.append("- ").append(esc(n)).append('\n');
        }
        if (!r.notes().isEmpty()) {
            sb.append('\n');
        }
        if (!r.shifts().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "Distribution tests: G-test per test, over-dispersion phi estimated from "
                    + "the fork-to-fork variation and (G/df)/phi referred to F(df, phi's df), Holm-adjusted over %d tests; a "
                    + "shift needs adjusted p < %s and Cramer's V >= %s. Samples-per-second threshold: -%.0f%%, checked where "
                    + "each run's forks agree within %.0fx.%n%n", r.shifts().size(), th.alpha(), th.minEffect(),
                    100 * th.maxSlowdown(), STEADY_RATE_SPREAD));
            sb.append("| test | G | dispersion | df | phi df | adjusted p | Cramer's V | shift |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (ShiftRow s : r.shifts()) {
                sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d | %d | %s | %.3f | %s |%n", esc(s.test()),
                        s.result().g(), s.result().dispersion(), s.result().df(), s.result().dispersionDf(),
                        Fmt.prob(s.adjustedP()), s.result().cramersV(), s.flagged() ? "**yes**" : "no"));
            }
        }
        return sb.toString();
    }

    /** Per-fork rates further apart than this mean the test's rate measures its outcome mix, not its speed. */
    static final double STEADY_RATE_SPREAD = 2.0;

    /**
     * Whether a test's samples per fork-second is a measurement of speed: every fork that ran normally took samples
     * per second of its life at a rate within {@link #STEADY_RATE_SPREAD} of the others. A test whose samples can deadlock until the
     * watchdog's deadline (family C's DEADLOCK designs) takes 40 samples in one fork and 6,000 in the next, so its
     * rate says how often it deadlocked, which the distribution test already judges; comparing it would call every
     * rerun "slower" or "faster".
     */
    static boolean steadyRate(TestReport t) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (ForkResult f : t.forkResults()) {
            Double rate = f.samplesPerForkSecond();
            if (!"NORMAL".equals(f.status()) || rate == null) {
                continue;
            }
            min = Math.min(min, rate);
            max = Math.max(max, rate);
        }
        return max > 0 && max <= min * STEADY_RATE_SPREAD;
    }

    private static long count(TestReport t, String id) {
        return t.outcomes().stream().filter(o -> o.id().equals(id)).mapToLong(OutcomeReport::count).sum();
    }

    private static List<long[]> vectors(TestReport t, List<String> ids) {
        List<long[]> out = new ArrayList<>();
        for (ForkResult f : t.forkResults()) {
            long[] v = new long[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                v[i] = f.counts().getOrDefault(ids.get(i), 0L);
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            long[] v = new long[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                v[i] = count(t, ids.get(i));
            }
            out.add(v);
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
