package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.OutcomeReport;

/** Plain-text pieces shared by the renderers. */
final class Text {
    /** The environment detail that names the CPU (memory-ordering results depend on it). */
    static final String CPU_MODEL = org.gupstress.reports.report.ReportBuilder.CPU_MODEL;

    private Text() {
    }

    /** Removes characters XML 1.0 cannot carry (control characters from a hostile results file). */
    static String xmlSafe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            sb.appendCodePoint(ok ? cp : 0xFFFD);
        });
        return sb.toString();
    }

    /** A test's display name: "primitives/store-buffering FULL_FENCE". */
    static String title(TestReport t) {
        return t.family() + "/" + t.scenario() + " " + t.design();
    }

    /** The 95 % interval or zero-count bound of an outcome, as text. */
    static String interval(OutcomeReport o) {
        if (o.ci() == null) {
            return "-";
        }
        if (o.count() == 0 && o.upperBound() != null) {
            return "< " + Fmt.prob(o.upperBound()) + " at 95%";
        }
        return "[" + Fmt.prob(o.ci().lower()) + ", " + Fmt.prob(o.ci().upper()) + "]";
    }

    /** The facts of a run, one short phrase each: profile, shard, CPUs, wall time, completion, hosts, suite. */
    static List<String> runParts(org.gupstress.reports.report.Report r) {
        List<String> parts = new ArrayList<>();
        if (r.run() != null) {
            org.gupstress.reports.report.Report.RunInfo run = r.run();
            if (run.profile() != null) {
                parts.add("profile " + run.profile());
            }
            if (run.shard() != null) {
                parts.add("shard " + run.shard());
            }
            if (run.cpus() != null) {
                parts.add(run.cpus() + " CPUs");
            }
            if (run.wallSeconds() != null) {
                parts.add(Fmt.duration(Math.round(run.wallSeconds())) + " wall");
            }
            parts.add(String.valueOf(run.completion()));
            if (run.strict()) {
                parts.add("--strict");
            }
        }
        for (org.gupstress.reports.report.Report.HostEnvironment e : r.environments()) {
            String cpu = e.details() == null ? null : e.details().get(CPU_MODEL);
            parts.add(e.host() + ": " + e.jdk() + ", " + e.os() + (cpu == null || cpu.isBlank() ? "" : ", " + cpu));
        }
        parts.add("suite " + r.suiteVersion());
        return parts;
    }

    /** Seconds as "7.3 s" or, from a minute on, "1:05". */
    static String seconds(double s) {
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", s) : Fmt.duration(Math.round(s));
    }

    /** A design's knob settings as one phrase. */
    static String knobs(List<String> knobs) {
        if (knobs == null) {
            return "unknown";
        }
        return knobs.isEmpty() ? "none set: every knob at the merged kernel's default" : String.join(", ", knobs);
    }

    /**
     * JCStress options for display: the {@code -t} test regex, which lists every selected test and runs to
     * thousands of characters, is shown as its size (report.json has it whole).
     */
    static String options(List<String> options) {
        if (options == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (o.equals("-t") && i + 1 < options.size()) {
                String regex = options.get(++i);
                long n = regex.chars().filter(c -> c == '|').count() + 1;
                out.add("-t <" + n + (n == 1 ? " test" : " tests") + ", see report.json>");
            } else {
                out.add(o.contains(" ") ? "'" + o + "'" : o);
            }
        }
        return String.join(" ", out);
    }

    /** Short grade name. */
    static String grade(String grade) {
        return switch (grade) {
            case "ACCEPTABLE" -> "acceptable";
            case "ACCEPTABLE_INTERESTING" -> "interesting";
            case "FORBIDDEN" -> "FORBIDDEN";
            default -> grade.toLowerCase(Locale.ROOT);
        };
    }

    /** The outcome table as fixed-width text (JUnit failure bodies, console). */
    static String outcomeTable(TestReport t) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"OUTCOME", "GRADE", "COUNT", "FREQUENCY", "95% INTERVAL", "DESCRIPTION"});
        for (OutcomeReport o : t.outcomes()) {
            rows.add(new String[]{o.id(), grade(o.grade()), Fmt.count(o.count()),
                    t.samples() == 0 ? "-" : Fmt.prob(o.frequency()), interval(o), o.description() == null ? "" : o.description()});
        }
        int[] w = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-" + w[0] + "s  %-" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %-" + w[4] + "s  %s%n",
                    (Object[]) r));
        }
        return sb.toString();
    }

    /** The reproduce block as text lines, each prefixed. */
    static void reproduce(StringBuilder sb, TestReport t, String prefix) {
        TestReport.Reproduce r = t.reproduce();
        if (r == null) {
            return;
        }
        sb.append(prefix).append("reproduce: ").append(r.run()).append('\n');
        if (r.proofs() != null) {
            if (r.proofs().isEmpty()) {
                sb.append(prefix).append("JUnit proof: none found in stress-tests/src/test\n");
            }
            for (String p : r.proofs()) {
                sb.append(prefix).append("JUnit proof: ").append(p).append('\n');
            }
            if (r.proofCommand() != null) {
                sb.append(prefix).append("run the proofs: ").append(r.proofCommand()).append('\n');
            }
        }
        if (r.explore() != null) {
            sb.append(prefix).append("explore: ").append(r.explore()).append('\n');
        }
        if (r.trace() != null) {
            sb.append(prefix).append("trace (from the report's exploration):\n");
            r.trace().lines().forEach(l -> sb.append(prefix).append("  ").append(l).append('\n'));
        }
    }

    /**
     * ", 12.3 s of fork wall time, 85.2 k/s per fork-second": the forks' whole lives (JVM start to result) and the
     * samples per second of them; "" when a fork's wall time is unknown.
     */
    static String forkTime(TestReport t) {
        if (t.wallSeconds() == null) {
            return "";
        }
        Double rate = t.samplesPerForkSecond();
        return ", " + seconds(t.wallSeconds()) + " of fork wall time" + (rate == null ? "" : ", " + Fmt.rate(rate)
                + " per fork-second");
    }

    /** Everything about a test that a failure message should carry. */
    static String details(TestReport t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.verdict()).append(": ").append(t.reason()).append('\n');
        sb.append("test ").append(t.name()).append(" (expected ").append(t.expected()).append(", ")
                .append(Fmt.count(t.samples())).append(" samples in ").append(Fmt.plural(t.forks(), "fork")).append(", ")
                .append(Fmt.rate(t.samplesPerSecond())).append(")\n");
        String advice = Look.advice(t);
        if (advice != null) {
            sb.append(advice).append('\n');
        }
        if (!t.messages().isEmpty()) {
            sb.append("messages (what the forks printed):\n");
            for (String m : t.messages()) {
                sb.append("  ").append(m).append('\n');
            }
        }
        if (!t.outcomes().isEmpty()) {
            sb.append(outcomeTable(t));
        }
        sb.append("knobs: ").append(knobs(t.knobs())).append('\n');
        reproduce(sb, t, "");
        return sb.toString();
    }
}
