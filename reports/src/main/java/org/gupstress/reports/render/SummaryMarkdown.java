package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gupstress.reports.explore.ExplorationReport;
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
        String mark = switch (Look.banner(report)) {
            case "bad" -> "❌";
            case "warn" -> "⚠️";
            default -> "✅";
        };
        sb.append("# gupstress: ").append(Look.counts(report)).append("\n\n");
        sb.append(mark).append(" **").append(esc(Look.bannerText(report))).append("**\n\n");
        sb.append(runLine(report)).append("\n\n");
        if (report.run() != null && report.run().notes() != null) {
            for (String n : report.run().notes()) {
                sb.append("> ").append(esc(n)).append("\n");
            }
            if (!report.run().notes().isEmpty()) {
                sb.append('\n');
            }
        }

        List<TestReport> attention = Look.attention(report);
        Map<String, ExplorationReport> explorations = Look.explorationAttention(report);
        if (!attention.isEmpty() || !explorations.isEmpty()) {
            sb.append("## Needs attention\n\n");
            for (TestReport t : attention) {
                sb.append("- ").append(icon(t, strict)).append(" **").append(t.verdict()).append("** ")
                        .append(esc(Text.title(t))).append(": ").append(esc(t.reason())).append('\n');
            }
            explorations.forEach((name, e) -> sb.append("- ").append(Look.ofExploration(e.verdict()).icon())
                    .append(" **explore ").append(e.verdict()).append("** ").append(esc(name)).append(": ")
                    .append(esc(e.reason())).append('\n'));
            List<String> where = new ArrayList<>();
            if (!attention.isEmpty()) {
                where.add("Details, messages and how to reproduce each: below the matrix.");
            }
            if (!explorations.isEmpty()) {
                where.add("Each exploration's trace and script: the Exploration section.");
            }
            sb.append('\n').append(String.join(" ", where)).append("\n\n");
        }

        Matrix m = Matrix.of(report.tests());
        sb.append("## Verdicts\n\n");
        sb.append("✅ clean · 🔎 expected bug witnessed · ❌ FAIL · 💥 ERROR · ⚠️ UNWITNESSED · ⏭️ NOT_RUN\n\n");
        sb.append("| family | scenario |");
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
                    sb.append(' ').append(icon(t, strict)).append(" **").append(t.verdict()).append("** ")
                            .append(code(t.design())).append(" ").append(esc(t.expected())).append(witness(t)).append(" |");
                } else {
                    sb.append("  |");
                }
            }
            sb.append('\n');
        }
        sb.append('\n');

        List<TestReport> details = new ArrayList<>(attention);
        report.tests().stream().filter(t -> t.verdict() == Verdict.NOT_RUN).forEach(details::add);
        if (!details.isEmpty()) {
            sb.append("## Details\n\n");
            for (TestReport t : details) {
                sb.append("### ").append(icon(t, strict)).append(' ').append(t.verdict()).append(": ")
                        .append(esc(Text.title(t))).append(" (").append(esc(t.expected())).append(")\n\n");
                sb.append(esc(t.reason())).append("\n\n");
                String advice = Look.advice(t);
                if (advice != null) {
                    sb.append('_').append(esc(advice)).append("_\n\n");
                }
                sb.append("Test ").append(code(t.name())).append(", ").append(Fmt.count(t.samples()))
                        .append(" samples in ").append(Fmt.plural(t.forks(), "fork"))
                        .append(Text.forkTime(t)).append(".\n\n");
                if (!t.messages().isEmpty()) {
                    sb.append("What the forks printed:\n\n");
                    for (String msg : t.messages()) {
                        sb.append("    ").append(Text.xmlSafe(msg).replace('\n', ' ').replace('\r', ' ')).append('\n');
                    }
                    sb.append('\n');
                }
                if (t.samples() > 0) {
                    outcomes(sb, t);
                }
                if (t.verdict() != Verdict.NOT_RUN) {
                    design(sb, t);
                }
            }
        }

        sb.append("<details><summary>Designs: knob settings and how to reproduce each test</summary>\n\n");
        sb.append("| test | expected → verdict | knobs | reproduce |\n|---|---|---|---|\n");
        for (TestReport t : report.tests()) {
            sb.append("| ").append(esc(Text.title(t))).append(" | ").append(esc(t.expected())).append(" → ")
                    .append(t.verdict()).append(" | ").append(esc(Text.knobs(t.knobs()))).append(" | ")
                    .append(t.reproduce() == null ? "" : esc(t.reproduce().run())
                            + (t.reproduce().proofs() == null || t.reproduce().proofs().isEmpty() ? ""
                            : "; JUnit: " + esc(String.join(", ", t.reproduce().proofs()))))
                    .append(" |\n");
        }
        sb.append("\n</details>\n\n");
        if (changes != null && !changes.isBlank()) {
            sb.append(changes.strip()).append('\n');
        }
        return sb.toString();
    }

    /** A test's knob settings and reproduce block, as an indented code block (copy-paste ready, never markup). */
    static void design(StringBuilder sb, TestReport t) {
        StringBuilder block = new StringBuilder();
        block.append("knobs: ").append(Text.knobs(t.knobs())).append('\n');
        Text.reproduce(block, t, "");
        for (String line : block.toString().split("\n")) {
            sb.append("    ").append(Text.xmlSafe(line)).append('\n');
        }
        sb.append('\n');
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

    /** "2 PASS, 1 FAIL, 1 UNWITNESSED": PASS and FAIL always, the others when present. */
    public static String counts(Map<Verdict, Integer> summary) {
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

    /** The test's {@link Look} icon; an UNWITNESSED test fails a --strict run and gets the FAIL mark there. */
    static String icon(TestReport t, boolean strict) {
        Look look = Look.of(t);
        return look == Look.UNWITNESSED && strict ? "❌" : look.icon();
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
