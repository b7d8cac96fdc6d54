package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gupstress.reports.explore.ExplorationReport;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;

/**
 * The visual grammar every renderer shares: what a reader must tell apart at a glance. A SAFE design that stayed
 * clean is not the same news as a BROKEN design whose bug was witnessed (expected: not a problem, but not "green
 * like SAFE"); FAIL, ERROR and UNWITNESSED need attention; NOT_RUN is neither.
 */
public enum Look {
    /** A forbidden outcome was observed. */
    FAIL("v-fail", "❌", "FAIL"),
    /** JCStress or the model failed: crash, hung fork, stall, exception. */
    ERROR("v-error", "\uD83D\uDCA5", "ERROR"),
    /** A BROKEN design's bug was not seen: the test has no teeth on this machine. */
    UNWITNESSED("v-unwitnessed", "⚠️", "UNWITNESSED"),
    /** A BROKEN (or OPEN) design's bug was seen: the expected result, shown apart from clean passes. */
    BUG_WITNESSED("v-witnessed", "\uD83D\uDD0E", "bug witnessed"),
    /** A SAFE design with no forbidden outcome, or an OPEN design with no bug seen. */
    CLEAN("v-pass", "✅", "clean"),
    /** No samples (too few CPUs, interrupted, past the deadline). */
    NOT_RUN("v-notrun", "⏭️", "NOT_RUN");

    private final String cssClass;
    private final String icon;
    private final String label;

    Look(String cssClass, String icon, String label) {
        this.cssClass = cssClass;
        this.icon = icon;
        this.label = label;
    }

    public static Look of(TestReport t) {
        return switch (t.verdict()) {
            case FAIL -> FAIL;
            case ERROR -> ERROR;
            case UNWITNESSED -> UNWITNESSED;
            case NOT_RUN -> NOT_RUN;
            case PASS -> t.witness() != null && t.witness().count() > 0 ? BUG_WITNESSED : CLEAN;
        };
    }

    /** Whether a reader must look at this test. */
    public boolean needsAttention() {
        return this == FAIL || this == ERROR || this == UNWITNESSED;
    }

    /** The look of an exploration that needs attention: FAIL, UNWITNESSED, or (anything else) ERROR. */
    public static Look ofExploration(Verdict v) {
        return switch (v) {
            case FAIL -> FAIL;
            case UNWITNESSED -> UNWITNESSED;
            default -> ERROR;
        };
    }

    public String cssClass() {
        return cssClass;
    }

    public String icon() {
        return icon;
    }

    public String label() {
        return label;
    }

    /** The tests that need attention, FAIL first, then ERROR, then UNWITNESSED, each in report order. */
    public static List<TestReport> attention(Report r) {
        List<TestReport> out = new ArrayList<>();
        for (TestReport t : r.tests()) {
            if (of(t).needsAttention()) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(Look::of));
        return out;
    }

    /** The banner: "bad" (red) if the run fails, "warn" (amber) if something needs a look or the run is
     *  incomplete, else "ok". */
    public static String banner(Report r) {
        boolean strict = r.run() != null && r.run().strict();
        if (r.tests().stream().anyMatch(t -> t.verdict().fails(strict))
                || explorationVerdicts(r).stream().anyMatch(v -> v.fails(strict))) {
            return "bad";
        }
        boolean incomplete = r.run() != null && r.run().completion() != null
                && List.of("INTERRUPTED", "DEADLINE", "JCSTRESS_FAILED").contains(r.run().completion());
        if (incomplete || r.tests().stream().anyMatch(t -> t.verdict() == Verdict.UNWITNESSED)
                || explorationVerdicts(r).contains(Verdict.UNWITNESSED)) {
            return "warn";
        }
        return r.tests().isEmpty() ? "warn" : "ok";
    }

    /**
     * The banner's text: the verdict counts (JCStress's, then the explorations' when the report holds any), led by
     * what needs attention. An exploration's FAIL, ERROR or UNWITNESSED needs attention as a JCStress one does: an
     * explore-only report, whose tests JCStress did not run, must not read "nothing needs attention" over a FAIL.
     */
    public static String bannerText(Report r) {
        if (r.tests().isEmpty()) {
            return "no tests in this report";
        }
        long n = attention(r).size();
        long explored = explorationAttention(r).size();
        String counts = counts(r);
        if (n == 0 && explored == 0) {
            return "nothing needs attention: " + counts;
        }
        List<String> what = new ArrayList<>();
        if (n > 0) {
            what.add(n + (n == 1 ? " test needs" : " tests need") + " attention");
        }
        if (explored > 0) {
            what.add(explored + (explored == 1 ? " exploration needs" : " explorations need") + " attention");
        }
        return String.join(", ", what) + ": " + counts;
    }

    /** The verdict counts of the JCStress results, then ("; explore: ...") of the explorations, if any. */
    public static String counts(Report r) {
        List<Verdict> explored = explorationVerdicts(r);
        if (explored.isEmpty()) {
            return SummaryMarkdown.counts(r.summary());
        }
        Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
        explored.forEach(v -> byVerdict.merge(v, 1, Integer::sum));
        return SummaryMarkdown.counts(r.summary()) + "; explore: " + SummaryMarkdown.counts(byVerdict);
    }

    /** The explorations whose verdict needs a reader (FAIL, ERROR, UNWITNESSED), by test name, in name order. */
    public static Map<String, ExplorationReport> explorationAttention(Report r) {
        Map<String, ExplorationReport> out = new TreeMap<>();
        if (r.explorations() != null) {
            r.explorations().forEach((name, e) -> {
                if (e.verdict() != Verdict.PASS && e.verdict() != Verdict.NOT_RUN) {
                    out.put(name, e);
                }
            });
        }
        return out;
    }

    private static List<Verdict> explorationVerdicts(Report r) {
        return r.explorations() == null ? List.of()
                : r.explorations().values().stream().map(ExplorationReport::verdict).toList();
    }

    /** What to do about a test that needs attention, in one sentence. */
    public static String advice(TestReport t) {
        return switch (Look.of(t)) {
            case FAIL -> "A forbidden outcome is a bug in the design, the model or the test: read the messages below, "
                    + "then rerun the test alone (reproduce) and run its JUnit proofs.";
            case ERROR -> "Read the messages (a HUNG or STALL report names the locks each thread held) and JCStress's "
                    + "console log; rerun the test alone to see whether it recurs."
                    + (t.messages().stream().anyMatch(m -> m.contains("error code 137"))
                    ? " Error code 137 is SIGKILL: gupstress kills a fork that outlives the profile's fork deadline (the "
                    + "run's notes list each kill), else the kernel's OOM killer did." : "");
            case UNWITNESSED -> "The bug was not seen in these samples: run longer (--profile ci, then quick), on more "
                    + "CPUs or a weakly ordered machine (arm64); the JUnit proof shows the interleaving that reaches it.";
            default -> null;
        };
    }
}
