package org.gupstress.reports.explore;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.gupstress.reports.explore.ExplorationReport.TraceReport;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The exploration evidence in the three human- and CI-facing files, added to what the JCStress renderers wrote:
 * a section in {@code summary.md} and in {@code index.html} (one entry per explored test, linked to the test's
 * JCStress section, with the timeline and the {@code Interleaving} script of every bug trace), and one
 * {@code <testcase>} per explored test in {@code junit.xml} (classname {@code gupstress.explore.<family>.<scenario>}).
 * Kept apart from the JCStress renderers so that either can change without the other.
 */
public final class ExplorationSections {
    private ExplorationSections() {
    }

    private static Map<String, ExplorationReport> sorted(Report r) {
        return r.explorations() == null ? Map.of() : new TreeMap<>(r.explorations());
    }

    private static String line(TestReport t, String name) {
        return t == null ? name : t.family() + " " + t.scenario() + " " + t.design() + " (expected " + t.expected() + ")";
    }

    private static TestReport test(Report r, String name) {
        return r.tests().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The report with every test's reproduce block showing the traces its exploration found: for each bug or
     * forbidden outcome the exploration of the same test reached, the outcome, the length of the shortest schedule
     * and its ready-to-paste {@code Interleaving} script. Tests whose exploration reached none (or that were not
     * explored) have {@code trace} null; their block's {@code explore} line is the command that would search.
     */
    public static Report withTraces(Report r) {
        if (r.explorations() == null || r.explorations().isEmpty()) {
            return r;
        }
        java.util.List<TestReport> tests = r.tests().stream().map(t -> {
            ExplorationReport e = r.explorations().get(t.name());
            if (t.reproduce() == null || e == null) {
                return t;
            }
            StringBuilder sb = new StringBuilder();
            for (TraceReport tr : e.traces() == null ? java.util.List.<TraceReport>of() : e.traces()) {
                sb.append(sb.isEmpty() ? "" : "\n").append("// ").append(tr.outcome()).append(" (").append(tr.grade())
                        .append("): ").append(tr.steps()).append(" steps, ").append(tr.preemptions())
                        .append(" preemptions, schedule #").append(tr.schedule()).append(" of gupstress explore (")
                        .append(e.strategy()).append(", bound ").append(e.bound()).append(")\n")
                        .append(tr.script().strip()).append('\n');
            }
            return t.withDesign(t.knobs(), t.reproduce().withTrace(sb.isEmpty() ? null : sb.toString()));
        }).toList();
        return new Report(r.schema(), r.suiteVersion(), r.generatedAt(), r.run(), r.environments(), r.summary(), tests,
                r.explorations());
    }

    /** The Markdown section, or "" if nothing was explored. */
    public static String markdown(Report r) {
        Map<String, ExplorationReport> ex = sorted(r);
        if (ex.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Exploration\n\n");
        sb.append("Systematic exploration (`gupstress explore`): the same test classes, one thread at a time, every "
                + "schedule within the preemption bound; store-buffer flushes are steps of their own.\n\n");
        sb.append("| test | verdict | schedules | bound | first bug | reason |\n|---|---|---:|---:|---:|---|\n");
        ex.forEach((name, e) -> sb.append("| ").append(esc(line(test(r, name), name))).append(" | ")
                .append(e.verdict()).append(" | ").append(e.schedules()).append(" | ").append(e.bound())
                .append(e.complete() ? " (complete)" : e.exhausted() ? "" : " (not exhausted)").append(" | ")
                .append(e.firstBug() == null ? "" : "#" + e.firstBug() + String.format(Locale.ROOT, " (%.3f s)",
                        e.secondsToFirstBug())).append(" | ").append(esc(e.reason())).append(" |\n"));
        ex.forEach((name, e) -> {
            for (TraceReport t : e.traces()) {
                sb.append("\n<details><summary>").append(esc(name)).append(": ").append(esc(t.outcome()))
                        .append(" (").append(t.grade()).append(", ").append(t.steps()).append(" steps, ")
                        .append(t.preemptions()).append(" preemptions)</summary>\n\n```text\n").append(fence(t.timeline()))
                        .append("```\n\n```java\n").append(fence(t.script())).append("```\n\n</details>\n");
            }
        });
        return sb.toString();
    }

    /** The HTML section (inserted before the Environment heading), or "" if nothing was explored. */
    public static String html(Report r) {
        Map<String, ExplorationReport> ex = sorted(r);
        if (ex.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<h2 id=\"exploration\">Exploration</h2>\n");
        sb.append("<p class=\"small\">Systematic exploration (<code>gupstress explore</code>) of the same test classes: "
                + "one thread at a time, every schedule within the preemption bound, each store-buffer flush a step "
                + "of its own. Each bug trace below is printed as a timeline and as an Interleaving script that "
                + "reproduces it in JUnit.</p>\n");
        ex.forEach((name, e) -> {
            TestReport t = test(r, name);
            String testAnchor = "t-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"); // the test's JCStress section
            sb.append("<section class=\"test\" id=\"").append(h(anchor(name))).append("\">\n<h3><span class=\"badge ")
                    .append(verdictClass(e.verdict())).append("\">").append(e.verdict()).append("</span> ")
                    .append(t == null ? h(name) : "<a href=\"#" + h(testAnchor) + "\">" + h(line(t, name)) + "</a>")
                    .append("</h3>\n<p class=\"reason\">").append(h(e.reason())).append("</p>\n<p class=\"small\">")
                    .append(e.strategy()).append(", ").append(e.schedules()).append(" schedules in ")
                    .append(String.format(Locale.ROOT, "%.2f s", e.seconds())).append("; outcomes: ")
                    .append(h(e.outcomes().toString())).append("</p>\n");
            for (TraceReport tr : e.traces()) {
                sb.append("<details><summary>").append(h(tr.outcome())).append(" (").append(tr.grade()).append(", ")
                        .append(tr.steps()).append(" steps, ").append(tr.preemptions())
                        .append(" preemptions)</summary>\n<pre>").append(h(tr.timeline())).append("</pre>\n<pre>")
                        .append(h(tr.script())).append("</pre>\n</details>\n");
            }
            sb.append("</section>\n");
        });
        return sb.toString();
    }

    /** The id of the test's section in the Exploration section of index.html (its JCStress section's, with "x-"). */
    public static String anchor(String name) {
        return "x-t-" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** Inserts {@link #html} into a rendered index.html: before the Environment heading, else before the body's end. */
    public static String insertHtml(String page, Report r) {
        String section = html(r);
        if (section.isEmpty()) {
            return page;
        }
        int at = page.indexOf("<h2>Environment</h2>");
        if (at < 0) {
            at = page.lastIndexOf("</body>");
        }
        return at < 0 ? page + section : page.substring(0, at) + section + page.substring(at);
    }

    /**
     * Adds one testcase per explored test to a rendered junit.xml and updates the root's counts: FAIL and
     * UNWITNESSED (under --strict) are failures, ERROR an error, UNWITNESSED without --strict a pass with a note.
     */
    public static String insertJUnit(String xml, Report r) {
        Map<String, ExplorationReport> ex = sorted(r);
        if (ex.isEmpty()) {
            return xml;
        }
        boolean strict = r.run() != null && r.run().strict();
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element suite = doc.getDocumentElement();
            int failures = 0;
            int errors = 0;
            for (Map.Entry<String, ExplorationReport> en : ex.entrySet()) {
                TestReport t = test(r, en.getKey());
                ExplorationReport e = en.getValue();
                Element tc = doc.createElement("testcase");
                tc.setAttribute("name", t == null ? en.getKey() : t.design());
                tc.setAttribute("classname", t == null ? "gupstress.explore"
                        : "gupstress.explore." + t.family() + "." + t.scenario());
                tc.setAttribute("time", String.format(Locale.ROOT, "%.3f", e.seconds()));
                String body = e.reason() + "\n" + e.outcomes() + e.traces().stream()
                        .map(x -> "\n\n" + x.outcome() + ":\n" + x.timeline() + "\n" + x.script()).reduce("", String::concat);
                if (e.verdict() == Verdict.FAIL || e.verdict() == Verdict.UNWITNESSED && strict) {
                    failures++;
                    tc.appendChild(child(doc, "failure", e.verdict() + ": " + e.reason(), body));
                } else if (e.verdict() == Verdict.ERROR) {
                    errors++;
                    tc.appendChild(child(doc, "error", e.reason(), body));
                } else {
                    Element out = doc.createElement("system-out");
                    out.setTextContent(body);
                    tc.appendChild(out);
                }
                suite.appendChild(tc);
            }
            bump(suite, "tests", ex.size());
            bump(suite, "failures", failures);
            bump(suite, "errors", errors);
            var tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var tr = tf.newTransformer();
            tr.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter w = new StringWriter();
            tr.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString() + "\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the exploration testcases to junit.xml: " + e, e);
        }
    }

    private static Element child(Document doc, String tag, String message, String body) {
        Element e = doc.createElement(tag);
        e.setAttribute("message", message);
        e.setAttribute("type", "EXPLORATION");
        e.setTextContent(body);
        return e;
    }

    private static void bump(Element suite, String attr, int by) {
        String v = suite.getAttribute(attr);
        int n = v.isEmpty() ? 0 : Integer.parseInt(v);
        suite.setAttribute(attr, String.valueOf(n + by));
    }

    private static String verdictClass(Verdict v) {
        return switch (v) {
            case PASS -> "v-pass";
            case FAIL -> "v-fail";
            case ERROR -> "v-error";
            case UNWITNESSED -> "v-unwitnessed";
            case NOT_RUN -> "v-notrun";
        };
    }

    private static String h(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    /** Code-fence content cannot close the fence. */
    private static String fence(String s) {
        return s.replace("```", "'''");
    }
}
