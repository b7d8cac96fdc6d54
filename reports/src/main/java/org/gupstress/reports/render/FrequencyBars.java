package org.gupstress.reports.render;

import java.util.List;
import java.util.Locale;

import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.OutcomeReport;

/**
 * One test's outcome frequencies drawn as bars inside its outcome table, one per row, on one logarithmic scale per
 * test: a bug seen once in ten million samples is as visible as the common outcomes. A seen outcome is a bar
 * coloured by grade with a whisker over its 95 % Clopper-Pearson interval; an outcome never seen is a grey dashed
 * line up to its one-sided 95 % upper bound, ending in a marker. The scale runs from a decade below the
 * smallest thing to show up to 1, with a gridline per decade; the numbers stay in the table's own columns.
 *
 * <p>Plain HTML and one shared stylesheet (the page's {@code .fq} rules): each bar is a few positioned
 * {@code <i>} elements, about a hundred bytes a row, where an embedded chart image cost ten kilobytes a test. The
 * page needs no JavaScript and no image to show them.
 */
public final class FrequencyBars {
    /** The scale of one test's table: how many decades it spans, and its left end as text ("1e-7"). */
    public record Scale(int decades, String lowest) {
    }

    /**
     * One row's drawing: the {@code <i>} elements' classes and inline positions (percent of the track).
     *
     * @param seen    whether the outcome was observed (bar and whisker) or not (dashed line to its upper bound)
     * @param bar     the bar's (or the dashed line's) style: its width
     * @param whisker the interval's style (left, width), null for an outcome never seen
     */
    public record Bar(boolean seen, String gradeClass, String bar, String whisker) {
    }

    private final double lowerLog;

    private FrequencyBars(double lowerLog) {
        this.lowerLog = lowerLog;
    }

    /** The scale for a test's outcomes, or null when it has no samples (nothing to draw). */
    public static FrequencyBars of(TestReport t) {
        if (t.samples() == 0 || t.outcomes().isEmpty()) {
            return null;
        }
        return new FrequencyBars(lowerLog(t.outcomes()));
    }

    /** A decade below the smallest frequency, interval end or upper bound to show; at least 1e-1 .. 1. */
    static double lowerLog(List<OutcomeReport> outcomes) {
        double min = 1;
        for (OutcomeReport o : outcomes) {
            if (o.count() > 0) {
                min = Math.min(min, Math.max(o.ci().lower(), o.frequency() / 10));
            } else if (o.upperBound() != null) {
                min = Math.min(min, o.upperBound());
            }
        }
        return Math.floor(Math.log10(min)) - 1;
    }

    public Scale scale() {
        int decades = (int) -lowerLog;
        return new Scale(decades, "1e-" + decades);
    }

    /** One outcome's bar on this scale. */
    public Bar bar(OutcomeReport o) {
        String grade = "g-" + o.grade().toLowerCase(Locale.ROOT);
        if (o.count() == 0) {
            return new Bar(false, grade, o.upperBound() == null ? null : "width:" + pct(o.upperBound()), null);
        }
        double lo = pctOf(o.ci().lower());
        double hi = pctOf(o.ci().upper());
        return new Bar(true, grade, "width:" + pct(o.frequency()),
                "left:" + num(lo) + "%;width:" + num(hi - lo) + "%");
    }

    private String pct(double p) {
        return num(pctOf(p)) + "%";
    }

    /** Where p sits on the track, in percent: lower end 0, 1 at 100. */
    double pctOf(double p) {
        if (p <= 0) {
            return 0;
        }
        double x = (Math.log10(p) - lowerLog) / -lowerLog * 100;
        return Math.max(0, Math.min(100, x));
    }

    /** 12.0 as "12", 12.34 as "12.3": a tenth of a percent of a bar is below what a screen shows. */
    static String num(double d) {
        double r = Math.round(d * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
