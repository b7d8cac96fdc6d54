package org.gupstress.reports.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

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
 * {@code index.html}: the verdict matrix colour-coded, one section per test with its outcome chart
 * ({@link OutcomeChart}, embedded as an {@code <img>} data URI, so the page is one self-contained file and no SVG
 * script could run), the outcome table with intervals, the witness statistics, the forks, the environment, and
 * links to JCStress's own pages. Rendered by Thymeleaf, which escapes every {@code th:text} and attribute value:
 * nothing from a results file reaches the page unescaped.
 */
public final class HtmlReport {
    private static final TemplateEngine ENGINE = engine();

    private HtmlReport() {
    }

    /** One test, prepared for the template. */
    public record TestView(TestReport test, String anchor, String verdictClass, String chart, List<OutcomeRow> outcomes,
                           String witness, List<ForkRow> forks) {
    }

    /** One outcome row. */
    public record OutcomeRow(String id, String grade, String gradeClass, boolean bug, String count, String frequency,
                             String interval, String description) {
    }

    /** One fork row. */
    public record ForkRow(String host, String jvmArgs, String compileMode, String status, String samples,
                          String firstWitness) {
    }

    /** One matrix cell. */
    public record Cell(String design, String expected, String verdict, String verdictClass, String anchor, String note) {
    }

    /** One matrix row. */
    public record MatrixRow(String family, String scenario, String title, List<Cell> cells) {
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
                cells.add(new Cell(t.design(), t.expected(), t.verdict().name(), verdictClass(t.verdict(), strict),
                        anchor(t), note));
            }
            matrix.add(new MatrixRow(row.family(), row.scenario(), row.title(), cells));
        }
        Context ctx = new Context(Locale.ROOT);
        ctx.setVariable("report", report);
        ctx.setVariable("counts", SummaryMarkdown.counts(report.summary()));
        ctx.setVariable("runLine", runLine(report));
        ctx.setVariable("matrix", matrix);
        ctx.setVariable("tests", views);
        ctx.setVariable("strict", strict);
        ctx.setVariable("jcstressIndex", jcstressIndex);
        ctx.setVariable("failed", report.tests().stream().anyMatch(t -> t.verdict().fails(strict)));
        return ENGINE.process("index", ctx);
    }

    static TestView view(TestReport t, boolean strict) {
        List<OutcomeRow> rows = new ArrayList<>();
        for (OutcomeReport o : t.outcomes()) {
            rows.add(new OutcomeRow(o.id(), Text.grade(o.grade()), "grade-" + o.grade().toLowerCase(Locale.ROOT),
                    o.bug(), Fmt.count(o.count()), t.samples() == 0 ? "-" : Fmt.prob(o.frequency()), Text.interval(o),
                    o.description()));
        }
        List<ForkRow> forks = new ArrayList<>();
        for (ForkResult f : t.forkResults()) {
            forks.add(new ForkRow(f.host(), String.join(" ", f.jvmArgs()), f.compileMode(), f.status(),
                    Fmt.count(f.samples()), f.firstWitness() == null ? "-"
                    : f.firstWitness().outcome() + " after " + Fmt.count(f.firstWitness().samples()) + " samples"));
        }
        String svg = OutcomeChart.svg(t);
        String chart = svg == null ? null
                : "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        return new TestView(t, anchor(t), verdictClass(t.verdict(), strict), chart, rows, witnessText(t), forks);
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

    static String verdictClass(Verdict v, boolean strict) {
        return switch (v) {
            case PASS -> "v-pass";
            case FAIL -> "v-fail";
            case ERROR -> "v-error";
            case UNWITNESSED -> strict ? "v-fail" : "v-unwitnessed";
            case NOT_RUN -> "v-notrun";
        };
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
