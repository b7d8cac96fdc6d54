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
 * a {@code <failure>}, ERROR an {@code <error>}, NOT_RUN {@code <skipped>}, UNWITNESSED a {@code <failure>} under
 * --strict and a pass with a note otherwise. The body carries the outcome table. Written with StAX, which escapes;
 * characters XML cannot carry are replaced.
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
        for (TestReport t : report.tests()) {
            switch (t.verdict()) {
                case FAIL -> failures++;
                case ERROR -> errors++;
                case NOT_RUN -> skipped++;
                case UNWITNESSED -> failures += strict ? 1 : 0;
                default -> { }
            }
            time += t.measuredSeconds();
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
                testcase(w, t, strict);
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

    private static void testcase(XMLStreamWriter w, TestReport t, boolean strict) throws XMLStreamException {
        w.writeCharacters("\n  ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", Text.xmlSafe(t.design()));
        w.writeAttribute("classname", Text.xmlSafe("gupstress." + t.family() + "." + t.scenario()));
        w.writeAttribute("time", time(t.measuredSeconds()));
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
