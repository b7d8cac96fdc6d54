package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.OutcomeReport;
import org.gupstress.reports.report.Verdict;

/**
 * {@code summary.md}, for a CI job summary: the verdict counts, the matrix (scenarios x designs), then the details
 * of every test that did not PASS, and, when a baseline was given, what changed. Everything that comes from results
 * is escaped for Markdown and for the HTML that Markdown renderers let through.
 */
public final class SummaryMarkdown {
    private SummaryMarkdown() {
    }

    public static String write(Report report, String changes) {
        StringBuilder sb = new StringBuilder();
        boolean strict = report.run() != null && report.run().strict();
        sb.append("# gupstress: ").append(counts(report.summary())).append("\n\n");
        sb.append(runLine(report)).append("\n\n");
        if (report.run() != null && report.run().notes() != null) {
            for (String n : report.run().notes()) {
                sb.append("> ").append(esc(n)).append("\n");
            }
            if (!report.run().notes().isEmpty()) {
                sb.append('\n');
            }
        }

        Matrix m = Matrix.of(report.tests());
        sb.append("## Verdicts\n\n| family | scenario |");
        for (int i = 1; i <= m.maxDesigns(); i++) {
            sb.append(" design ").append(i).append(" |");
        }
        sb.append("\n|---|---|");
        sb.append("---|".repeat(m.maxDesigns()));
        sb.append('\n');
        for (Matrix.Row row : m.rows()) {
            sb.append("| ").append(esc(row.family())).append(" | ").append(esc(row.scenario())).append(" |");
            for (int i = 0; i < m.maxDesigns(); i++) {
                if (i < row.designs().size()) {
                    TestReport t = row.designs().get(i);
                    sb.append(' ').append(icon(t.verdict(), strict)).append(" **").append(t.verdict()).append("** ")
                            .append(code(t.design())).append(" ").append(esc(t.expected())).append(witness(t)).append(" |");
                } else {
                    sb.append("  |");
                }
            }
            sb.append('\n');
        }
        sb.append('\n');

        List<TestReport> notPassed = new ArrayList<>();
        for (TestReport t : report.tests()) {
            if (t.verdict() != Verdict.PASS) {
                notPassed.add(t);
            }
        }
        if (!notPassed.isEmpty()) {
            sb.append("## Not passed\n\n");
            for (TestReport t : notPassed) {
                sb.append("### ").append(icon(t.verdict(), strict)).append(' ').append(t.verdict()).append(": ")
                        .append(esc(Text.title(t))).append(" (").append(esc(t.expected())).append(")\n\n");
                sb.append(esc(t.reason())).append("\n\n");
                sb.append("Test ").append(code(t.name())).append(", ").append(Fmt.count(t.samples()))
                        .append(" samples in ").append(t.forks()).append(" forks.\n\n");
                if (t.samples() > 0) {
                    outcomes(sb, t);
                }
                for (String msg : t.messages()) {
                    sb.append("    ").append(msg.replace("\n", " ")).append('\n');
                }
                if (!t.messages().isEmpty()) {
                    sb.append('\n');
                }
            }
        }
        if (changes != null && !changes.isBlank()) {
            sb.append(changes.strip()).append('\n');
        }
        return sb.toString();
    }

    static void outcomes(StringBuilder sb, TestReport t) {
        sb.append("| outcome | grade | count | frequency | 95% interval |\n|---|---|---:|---:|---|\n");
        for (OutcomeReport o : t.outcomes()) {
            sb.append("| ").append(code(o.id())).append(" | ").append(Text.grade(o.grade())).append(o.bug() ? " (bug)" : "")
                    .append(" | ").append(Fmt.count(o.count())).append(" | ").append(Fmt.prob(o.frequency()))
                    .append(" | ").append(esc(Text.interval(o))).append(" |\n");
        }
        sb.append('\n');
    }

    static String runLine(Report r) {
        return String.join(" · ", Text.runParts(r).stream().map(SummaryMarkdown::esc).toList());
    }

    static String counts(Map<Verdict, Integer> summary) {
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            int n = summary.getOrDefault(v, 0);
            if (n > 0 || v == Verdict.PASS || v == Verdict.FAIL) {
                parts.add(n + " " + v);
            }
        }
        return String.join(", ", parts);
    }

    private static String witness(TestReport t) {
        if (t.witness() == null || t.witness().count() == 0) {
            return "";
        }
        Long first = t.witness().medianSamplesToFirstWitness();
        return " (bug " + Fmt.prob(t.witness().rate()) + (first == null ? "" : ", first after " + Fmt.count(first)) + ")";
    }

    static String icon(Verdict v, boolean strict) {
        return switch (v) {
            case PASS -> "✅";
            case FAIL, ERROR -> "❌";
            case UNWITNESSED -> strict ? "❌" : "⚠️";
            case NOT_RUN -> "⏭️";
        };
    }

    /** Escapes text for a Markdown table cell or paragraph, including the HTML renderers let through. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : Text.xmlSafe(s).toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                case '|', '\\', '`', '*', '[', ']', '#', '!' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * An identifier as a code span; anything that is not a plain identifier (a hostile results file) is written as
     * escaped text instead, since code spans cannot escape.
     */
    static String code(String s) {
        if (s == null) {
            return "";
        }
        return s.matches("[A-Za-z0-9_.$-]+") ? "`" + s + "`" : esc(s);
    }
}
