package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.explore.ExplorationSections;
import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.report.TestReport.OutcomeReport;
import org.gupstress.reports.report.Verdict;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * {@code index.html}: a banner and a "needs attention" list first (FAIL, ERROR, UNWITNESSED with their reasons and
 * the first message their forks printed, then the explorations with such a verdict, linked to their traces), the
 * verdict matrix in the shared visual grammar ({@link Look}), then one
 * section per test: reason, messages, the design's knob settings and source, how to reproduce it (the run line, the
 * JUnit proofs), and, folded, its outcome chart ({@link OutcomeChart}), outcome table and forks. Tests that need
 * attention are unfolded. Everything a reader needs is readable without JavaScript (there is none), and the page is
 * one self-contained file: each chart is an {@code <img>} with an SVG data URI (URL-encoded, not base64, and drawn
 * compactly), so no SVG script could run. Rendered by Thymeleaf, which escapes every {@code th:text} and attribute
 * value: nothing from a results file reaches the page unescaped.
 */
public final class HtmlReport {
    private static final TemplateEngine ENGINE = engine();

    private HtmlReport() {
    }

    /** One test, prepared for the template. */
    public record TestView(TestReport test, String anchor, String verdictClass, String lookLabel, boolean attention,
                           FrequencyBars.Scale scale, List<OutcomeRow> outcomes, String witness, List<ForkRow> forks, String knobs,
                           String advice, String wall) {
    }

    /** One outcome row. */
    public record OutcomeRow(String id, String grade, String gradeClass, boolean bug, String count, String frequency,
                             String interval, String description, FrequencyBars.Bar bar) {
    }

    /** One fork row. */
    public record ForkRow(String host, String jvmArgs, String compileMode, String status, String samples,
                          String firstWitness, String wall, List<String> messages) {
    }

    /** One matrix cell; the design name in parts that may break after their underscore, never mid-word ({@link LineBreaks}). */
    public record Cell(List<String> designParts, String expected, String verdict, String verdictClass, String anchor,
                       String note) {
    }

    /** One matrix row. */
    public record MatrixRow(String family, String scenario, String title, List<Cell> cells) {
    }

    /** One entry of the "needs attention" list. */
    public record AttentionItem(String anchor, String verdict, String verdictClass, String title, String reason,
                                String firstMessage) {
    }

    public static String write(Report report) {
        return write(report, false);
    }

    /** @param jcstressIndex whether {@code jcstress/index.html} (JCStress's own report) exists next to the page */
    public static String write(Report report, boolean jcstressIndex) {
        boolean strict = report.run() != null && report.run().strict();
        List<TestView> views = new ArrayList<>();
        for (TestReport t : report.tests()) {
            views.add(view(t, strict));
        }
        List<MatrixRow> matrix = new ArrayList<>();
        Matrix m = Matrix.of(report.tests());
        for (Matrix.Row row : m.rows()) {
            List<Cell> cells = new ArrayList<>();
            for (TestReport t : row.designs()) {
                String note = t.witness() != null && t.witness().count() > 0 ? "bug " + Fmt.prob(t.witness().rate())
                        : t.samples() > 0 ? Fmt.count(t.samples()) + " samples" : "";
                cells.add(new Cell(LineBreaks.INSTANCE.at(t.design()), t.expected(), t.verdict().name(), verdictClass(t, strict),
                        anchor(t), note));
            }
            matrix.add(new MatrixRow(row.family(), row.scenario(), row.title(), cells));
        }
        List<AttentionItem> attention = new ArrayList<>();
        for (TestReport t : Look.attention(report)) {
            attention.add(new AttentionItem(anchor(t), t.verdict().name(), verdictClass(t, strict), Text.title(t), t.reason(),
                    firstMessageBesides(t)));
        }
        // An exploration's FAIL, ERROR or UNWITNESSED is listed as a JCStress one is (the banner already counts it),
        // linked to its trace in the Exploration section: an explore-only report has nothing else to show.
        Look.explorationAttention(report).forEach((name, e) -> {
            TestReport t = report.tests().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            attention.add(new AttentionItem(ExplorationSections.anchor(name), "explore " + e.verdict(),
                    cssClass(Look.ofExploration(e.verdict()), strict),
                    t == null ? name : Text.title(t), e.reason(), null));
        });
        List<TestReport> notRun = report.tests().stream().filter(t -> t.verdict() == Verdict.NOT_RUN).toList();
        Context ctx = new Context(Locale.ROOT);
        ctx.setVariable("report", report);
        ctx.setVariable("counts", SummaryMarkdown.counts(report.summary()));
        ctx.setVariable("banner", Look.banner(report));
        ctx.setVariable("bannerText", Look.bannerText(report));
        ctx.setVariable("runLine", runLine(report));
        ctx.setVariable("options", report.run() == null ? null : Text.options(report.run().jcstressOptions()));
        ctx.setVariable("matrix", matrix);
        ctx.setVariable("attention", attention);
        ctx.setVariable("notRun", notRun.size());
        ctx.setVariable("tests", views);
        ctx.setVariable("strict", strict);
        ctx.setVariable("jcstressIndex", jcstressIndex);
        ctx.setVariable("breaks", LineBreaks.INSTANCE);
        return dropIndentation(ENGINE.process("index", ctx));
    }

    private static final Pattern PRE_OR_INDENT = Pattern.compile("<pre\\b.*?</pre>|\n\\s+", Pattern.DOTALL);

    /**
     * The page without the template's indentation and blank lines, which the loops repeat for every test and row
     * (a seventh of the whole suite's page). Whitespace between tags collapses to one space in HTML anyway;
     * {@code <pre>} blocks (messages, commands; Thymeleaf escaped their text, so none holds a {@code </pre>}) keep
     * theirs.
     */
    static String dropIndentation(String html) {
        Matcher m = PRE_OR_INDENT.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (m.find()) {
            m.appendReplacement(out, m.group().startsWith("<") ? Matcher.quoteReplacement(m.group()) : "\n");
        }
        m.appendTail(out);
        return out.toString();
    }

    static TestView view(TestReport t, boolean strict) {
        FrequencyBars bars = FrequencyBars.of(t);
        List<OutcomeRow> rows = new ArrayList<>();
        for (OutcomeReport o : t.outcomes()) {
            rows.add(new OutcomeRow(o.id(), Text.grade(o.grade()), "grade-" + o.grade().toLowerCase(Locale.ROOT),
                    o.bug(), Fmt.count(o.count()), t.samples() == 0 ? "-" : Fmt.prob(o.frequency()), Text.interval(o),
                    o.description(), bars == null ? null : bars.bar(o)));
        }
        List<ForkRow> forks = new ArrayList<>();
        for (ForkResult f : t.forkResults()) {
            forks.add(new ForkRow(f.host(), String.join(" ", f.jvmArgs()), f.compileMode(), f.status(),
                    Fmt.count(f.samples()), f.firstWitness() == null ? "-"
                    : f.firstWitness().outcome() + " after " + Fmt.count(f.firstWitness().samples()) + " samples",
                    f.wallSeconds() == null ? "-" : Text.seconds(f.wallSeconds()), f.messages()));
        }
        Look look = Look.of(t);
        return new TestView(t, anchor(t), verdictClass(t, strict), look.label(), look.needsAttention(),
                bars == null ? null : bars.scale(), rows, witnessText(t), forks, Text.knobs(t.knobs()), Look.advice(t),
                t.wallSeconds() == null ? null : Text.seconds(t.wallSeconds()));
    }

    /** The first message the forks printed, unless the reason already says it (a STALL line leads both). */
    static String firstMessageBesides(TestReport t) {
        if (t.messages().isEmpty()) {
            return null;
        }
        String first = t.messages().get(0);
        String text = first.startsWith("[fork ") && first.contains("] ") ? first.substring(first.indexOf("] ") + 2) : first;
        return t.reason() != null && t.reason().contains(text) ? null : first;
    }

    static String witnessText(TestReport t) {
        TestReport.WitnessReport w = t.witness();
        if (w == null || t.samples() == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder("Bug outcomes ").append(String.join(", ", w.outcomes())).append(": ");
        if (w.count() == 0) {
            sb.append("not seen in ").append(Fmt.count(t.samples())).append(" samples (rate < ")
                    .append(Fmt.prob(w.upperBound())).append(" at 95%).");
        } else {
            sb.append("witness rate ").append(Fmt.prob(w.rate())).append(" [").append(Fmt.prob(w.ci().lower()))
                    .append(", ").append(Fmt.prob(w.ci().upper())).append("] (").append(Fmt.count(w.count()))
                    .append(" samples).");
            if (!w.samplesToFirstWitness().isEmpty()) {
                sb.append(" Samples to first witness per fork: ");
                sb.append(String.join(", ", w.samplesToFirstWitness().stream().map(Fmt::count).toList()));
                sb.append("; median ").append(Fmt.count(w.medianSamplesToFirstWitness())).append(" (")
                        .append(w.forksWitnessed()).append(" of ").append(t.forks()).append(" forks witnessed).");
            }
        }
        return sb.toString();
    }

    static String runLine(Report r) {
        return String.join(" · ", Text.runParts(r));
    }

    static String anchor(TestReport t) {
        return "t-" + t.name().replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The test's CSS class: its {@link Look}; an UNWITNESSED test fails a --strict run and is red there. */
    static String verdictClass(TestReport t, boolean strict) {
        return cssClass(Look.of(t), strict);
    }

    private static String cssClass(Look look, boolean strict) {
        return look == Look.UNWITNESSED && strict ? Look.FAIL.cssClass() : look.cssClass();
    }

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlReport.class.getClassLoader());
        resolver.setPrefix("org/gupstress/reports/render/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
