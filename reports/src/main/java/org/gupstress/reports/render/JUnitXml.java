package org.gupstress.reports.render;

import java.io.StringWriter;
import java.util.Locale;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;

/**
 * {@code junit.xml} in the Surefire/Ant format CI servers read (Surefire's surefire-test-report-3.0.xsd: one
 * {@code <testsuite>} root with name, time, tests, errors, skipped, failures; each {@code <testcase>} with name,
 * classname, time; children in the order failure, skipped, error, system-out).
 *
 * <p>One testcase per (scenario, design): classname {@code gupstress.<family>.<scenario>}, name the design. FAIL is
 * a {@code <failure>}, ERROR an {@code <error>}, UNWITNESSED a {@code <failure>} under --strict and a pass with a note
 * otherwise. NOT_RUN is {@code <skipped>} when the test was not given to JCStress (too few CPUs), but an
 * {@code <error>} when the run was cut short before the test finished (interrupted, deadline, JCStress died): a
 * CI job must not turn an interrupted run into a set of skips. The body carries the reason, the messages the forks
 * printed, the outcome table, the knob settings and the reproduce block. Written with StAX, which escapes;
 * characters XML cannot carry are replaced.
 *
 * <p>Times are wall times: a testcase's is the sum of its forks' (fork start to result), the suite's the run's wall
 * time. Where the wall time is unknown (a report re-rendered from JCStress's own results file), the measurement
 * time stands in.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    public static String write(Report report) {
        boolean strict = report.run() != null && report.run().strict();
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        double time = 0;
        boolean cutShort = cutShort(report);
        for (TestReport t : report.tests()) {
            switch (t.verdict()) {
                case FAIL -> failures++;
                case ERROR -> errors++;
                case NOT_RUN -> {
                    if (cutShort && !notScheduled(t)) {
                        errors++;
                    } else {
                        skipped++;
                    }
                }
                case UNWITNESSED -> failures += strict ? 1 : 0;
                default -> { }
            }
            time += seconds(t);
        }
        if (report.run() != null && report.run().wallSeconds() != null) {
            time = report.run().wallSeconds();
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "gupstress" + (report.run() != null && report.run().profile() != null
                    ? "." + report.run().profile() : ""));
            w.writeAttribute("time", time(time));
            w.writeAttribute("tests", String.valueOf(report.tests().size()));
            w.writeAttribute("errors", String.valueOf(errors));
            w.writeAttribute("skipped", String.valueOf(skipped));
            w.writeAttribute("failures", String.valueOf(failures));
            w.writeCharacters("\n  ");
            w.writeStartElement("properties");
            property(w, "suiteVersion", report.suiteVersion());
            property(w, "generatedAt", report.generatedAt());
            if (report.run() != null) {
                property(w, "profile", report.run().profile());
                property(w, "completion", report.run().completion());
                property(w, "strict", String.valueOf(strict));
                property(w, "jcstressOptions", report.run().jcstressOptions() == null ? null
                        : String.join(" ", report.run().jcstressOptions()));
            }
            for (Report.HostEnvironment e : report.environments()) {
                property(w, "host", e.host() + " (" + e.cpus() + " CPUs, " + e.jdk() + ", " + e.os() + ")");
            }
            w.writeCharacters("\n  ");
            w.writeEndElement();
            for (TestReport t : report.tests()) {
                testcase(w, t, strict, cutShort);
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Whether the run ended before every test could finish. */
    static boolean cutShort(Report report) {
        String c = report.run() == null ? null : report.run().completion();
        return "INTERRUPTED".equals(c) || "DEADLINE".equals(c) || "JCSTRESS_FAILED".equals(c);
    }

    /** A NOT_RUN test that was never given to JCStress: it needs more CPUs than the run had (Selection's reason). */
    static boolean notScheduled(TestReport t) {
        return t.reason() != null && t.reason().startsWith("needs ");
    }

    /** A test's time: its wall time, else its measurement time. */
    static double seconds(TestReport t) {
        return t.wallSeconds() != null ? t.wallSeconds() : t.measuredSeconds();
    }

    private static void testcase(XMLStreamWriter w, TestReport t, boolean strict, boolean cutShort) throws XMLStreamException {
        w.writeCharacters("\n  ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", Text.xmlSafe(t.design()));
        w.writeAttribute("classname", Text.xmlSafe("gupstress." + t.family() + "." + t.scenario()));
        w.writeAttribute("time", time(seconds(t)));
        String details = Text.xmlSafe(Text.details(t));
        String message = Text.xmlSafe(t.verdict() + ": " + t.reason());
        Verdict v = t.verdict();
        if (v == Verdict.FAIL || (v == Verdict.UNWITNESSED && strict)) {
            w.writeCharacters("\n    ");
            w.writeStartElement("failure");
            w.writeAttribute("message", message);
            w.writeAttribute("type", v.name());
            w.writeCharacters(details);
            w.writeEndElement();
        } else if (v == Verdict.NOT_RUN && cutShort && !notScheduled(t)) {
            w.writeCharacters("\n    ");
            w.writeStartElement("error");
            w.writeAttribute("message", message);
            w.writeAttribute("type", "NOT_RUN");
            w.writeCharacters(details);
            w.writeEndElement();
        } else if (v == Verdict.NOT_RUN) {
            w.writeCharacters("\n    ");
            w.writeStartElement("skipped");
            w.writeAttribute("message", message);
            w.writeEndElement();
        } else if (v == Verdict.ERROR) {
            w.writeCharacters("\n    ");
            w.writeStartElement("error");
            w.writeAttribute("message", message);
            w.writeAttribute("type", t.jcstressStatus() == null ? "ERROR" : t.jcstressStatus());
            w.writeCharacters(details);
            w.writeEndElement();
        }
        w.writeCharacters("\n    ");
        w.writeStartElement("system-out");
        w.writeCharacters(details);
        w.writeEndElement();
        w.writeCharacters("\n  ");
        w.writeEndElement();
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeCharacters("\n    ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", Text.xmlSafe(value));
    }

    /** Surefire's time format: digits, at most three decimals, no exponent. */
    static String time(double seconds) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, seconds));
    }
}
