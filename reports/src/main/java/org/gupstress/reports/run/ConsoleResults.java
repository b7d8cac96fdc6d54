package org.gupstress.reports.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.report.TestReport.FirstWitness;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.stress.Witness;

/**
 * The per-fork results JCStress printed on its console (it runs with {@code -v}), for a run that was cut short.
 *
 * <p>Why: JCStress 0.16 writes its results file through a {@code GZIPOutputStream} whose {@code flush()} does not
 * flush the compressor, so when JCStress is killed the last few dozen results (and for a short run, all of them)
 * are still in its memory, not in the file. The console has them: every fork's header, JVM arguments and outcome
 * counts. The console and the file are fed in the same order (JCStress's MuxCollector), so the file's results are a
 * prefix of the console's; the runner reads the file and takes from the console only the forks after that prefix.
 */
public final class ConsoleResults {
    /** One fork as printed. */
    public record Fork(String test, String label, List<String> jvmArgs, String compilation, Map<String, Long> counts,
                       Map<String, String> grades, List<String> messages, List<String> vmOut,
                       List<String> vmErr) {

        /** JCStress's status for the printed label. */
        public String status() {
            return switch (label) {
                case "OK", "FAILED" -> "NORMAL";
                case "VM ERROR" -> "VM_ERROR";
                case "TIMEOUT" -> "TIMEOUT_ERROR";
                case "SKIPPED" -> "API_MISMATCH";
                default -> "TEST_ERROR";
            };
        }

        /** As a report's fork, with the profile's iteration settings. */
        public ForkResult toForkResult(String host, int iterations, int iterationMillis) {
            long samples = counts.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> nonZero = new LinkedHashMap<>();
            counts.forEach((id, n) -> {
                if (n > 0) {
                    nonZero.put(id, n);
                }
            });
            FirstWitness first = org.gupstress.reports.report.TestJudge.parseFirstWitness(vmOut, Witness.PREFIX);
            return new ForkResult(host, jvmArgs, compilation, status(), iterations, iterationMillis, samples, nonZero, first,
                    ForkResult.capture(messages, vmOut, vmErr), null);
        }
    }

    private static final Pattern HEADER =
            Pattern.compile("^[\\s.\\-]*\\[(OK|FAILED|ERROR|VM ERROR|TIMEOUT|SKIPPED)\\]\\s+([^\\s\\[]\\S*)\\s*$");
    private static final Pattern ROW =
            Pattern.compile("^\\s+(\\S+)\\s+([\\d,]+)\\s+<?[\\d.]+%\\s+(Acceptable|Interesting|Forbidden|Unknown)\\s*(.*)$");
    private static final Pattern JVM_ARGS = Pattern.compile("^\\s+JVM args: \\[(.*)\\]\\s*$");
    private static final Pattern COMPILATION = Pattern.compile("^\\s+Compilation: (.*)$");

    private ConsoleResults() {
    }

    /** Parses the forks printed before the final "RUN RESULTS:" section. */
    public static List<Fork> parse(Path consoleLog) throws IOException {
        return parse(Files.readAllLines(consoleLog, StandardCharsets.UTF_8));
    }

    static List<Fork> parse(List<String> lines) {
        List<Fork> forks = new ArrayList<>();
        Builder cur = null;
        String section = "";
        for (String line : lines) {
            if (line.startsWith("RUN RESULTS:")) {
                break;
            }
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                if (cur != null) {
                    forks.add(cur.build());
                }
                cur = new Builder(h.group(2), h.group(1));
                section = "";
                continue;
            }
            if (cur == null) {
                continue;
            }
            if (line.startsWith("(")) {
                // the status lines after a fork's block end it
                forks.add(cur.build());
                cur = null;
                continue;
            }
            String t = line.strip();
            if (t.equals("Messages:") || t.equals("VM output stream:") || t.equals("VM error stream:")) {
                section = t;
                continue;
            }
            if (t.isEmpty()) {
                section = "";
                continue;
            }
            Matcher m;
            if (section.equals("Messages:")) {
                cur.messages.add(t);
            } else if (section.equals("VM output stream:")) {
                cur.vmOut.add(t);
            } else if (section.equals("VM error stream:")) {
                cur.vmErr.add(t);
            } else if ((m = JVM_ARGS.matcher(line)).matches()) {
                cur.jvmArgs = m.group(1).isBlank() ? List.of() : List.of(m.group(1).split(",\\s*"));
            } else if ((m = COMPILATION.matcher(line)).matches()) {
                cur.compilation = m.group(1).strip().startsWith("unified") ? "unified" : m.group(1).strip();
            } else if ((m = ROW.matcher(line)).matches() && !m.group(1).equals("RESULT")) {
                cur.counts.merge(m.group(1), Long.parseLong(m.group(2).replace(",", "")), Long::sum);
                cur.grades.put(m.group(1), grade(m.group(3)));
            }
        }
        if (cur != null) {
            forks.add(cur.build());
        }
        return forks;
    }

    private static String grade(String expect) {
        return switch (expect) {
            case "Acceptable" -> "ACCEPTABLE";
            case "Interesting" -> "ACCEPTABLE_INTERESTING";
            default -> "FORBIDDEN";
        };
    }

    private static final class Builder {
        final String test;
        final String label;
        List<String> jvmArgs = List.of();
        String compilation = "unified";
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Map<String, String> grades = new LinkedHashMap<>();
        final List<String> messages = new ArrayList<>();
        final List<String> vmOut = new ArrayList<>();
        final List<String> vmErr = new ArrayList<>();

        Builder(String test, String label) {
            this.test = test;
            this.label = label;
        }

        Fork build() {
            return new Fork(test, label, jvmArgs, compilation, Map.copyOf(counts), Map.copyOf(grades), List.copyOf(messages),
                    List.copyOf(vmOut), List.copyOf(vmErr));
        }
    }
}
