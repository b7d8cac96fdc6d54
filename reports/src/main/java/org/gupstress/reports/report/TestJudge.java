package org.gupstress.reports.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.model.kernel.sched.Stall;
import org.gupstress.reports.report.TestReport.FirstWitness;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.report.TestReport.OutcomeReport;
import org.gupstress.reports.report.TestReport.WitnessReport;
import org.gupstress.reports.stats.ClopperPearson;
import org.gupstress.reports.stats.Interval;
import org.gupstress.reports.suite.OutcomeSpec;
import org.openjdk.jcstress.infra.Status;

/**
 * Judges one test from its forks: the counts, the statistics and the verdict of DESIGN.md section 5. The same
 * code judges a fresh run ({@link ReportBuilder}) and a merge of reports, so a merged report is judged exactly
 * like a run with all those forks.
 *
 * <p>Verdict rules, in order: no fork reported: NOT_RUN; a STALL in any fork: ERROR (see below); any FORBIDDEN
 * count above zero: FAIL (whatever the expected verdict: an unclassified outcome is FORBIDDEN in every design); a
 * JCStress error status in any fork: ERROR; zero samples: NOT_RUN; then SAFE: PASS; BROKEN: PASS if a bug outcome
 * was seen, else UNWITNESSED; OPEN: PASS, with what was observed in the reason.
 *
 * <p>A STALL is a model wait that outlived the last-resort watchdog with no deadlock detected (the model prints a
 * {@link Stall#PREFIX} line on the fork's output): the machine or the JVM stalled a
 * thread, or the deadlock detector missed one. It says nothing about the design, so it is never an outcome, never a
 * FAIL and never a PASS: the test is ERROR, with the stall's message.
 */
public final class TestJudge {
    /**
     * What a test is, independent of any run.
     */
    public record TestMeta(String name, String family, String scenario, String title, String design, String expected,
                           String source, int actors) {
    }

    private TestJudge() {
    }

    /**
     * @param meta         the test
     * @param specs        its outcomes in report order, including any unclassified id seen (graded as JCStress graded it)
     * @param forks        the forks that reported (empty when none ran)
     * @param messages     JCStress messages of failed forks
     * @param hosts        hosts that ran it
     * @param page         link to JCStress's page, or null
     * @param notRunReason why it did not run, when {@code forks} is empty
     */
    public static TestReport judge(TestMeta meta, List<OutcomeSpec> specs, List<ForkResult> forks, List<String> messages,
                                   List<String> hosts, String page, String notRunReason) {
        Map<String, Long> counts = new LinkedHashMap<>();
        specs.forEach(s -> counts.put(s.id(), 0L));
        Status status = null;
        double measured = 0;
        List<Long> firstWitness = new ArrayList<>();
        for (ForkResult f : forks) {
            f.counts().forEach((id, n) -> counts.merge(id, n, Long::sum));
            Status s = Status.valueOf(f.status());
            status = status == null ? s : status.combine(s);
            if (s == Status.NORMAL) {
                measured += f.iterations() * (double) f.iterationMillis() / 1000.0;
            }
            if (f.firstWitness() != null) {
                firstWitness.add(f.firstWitness().samples());
            }
        }
        long samples = counts.values().stream().mapToLong(Long::longValue).sum();

        List<OutcomeReport> outcomes = new ArrayList<>();
        long forbidden = 0;
        String firstForbidden = null;
        long bugCount = 0;
        List<String> bugIds = new ArrayList<>();
        for (OutcomeSpec s : specs) {
            long n = counts.getOrDefault(s.id(), 0L);
            outcomes.add(outcome(s, n, samples));
            if ("FORBIDDEN".equals(s.grade()) && n > 0) {
                forbidden += n;
                if (firstForbidden == null) {
                    firstForbidden = s.id();
                }
            }
            if (s.bug()) {
                bugIds.add(s.id());
                bugCount += n;
            }
        }

        boolean safe = "SAFE".equals(meta.expected());
        WitnessReport witness = safe ? null : witness(bugIds, bugCount, samples, firstWitness);
        Verdict verdict;
        String reason;
        if (forks.isEmpty()) {
            verdict = Verdict.NOT_RUN;
            reason = notRunReason == null ? "no results for this test" : notRunReason;
        } else if (stall(messages) != null) {
            verdict = Verdict.ERROR;
            reason = stall(messages) + (forbidden > 0 ? "; also FORBIDDEN outcome " + firstForbidden + " seen "
                    + Fmt.count(counts.get(firstForbidden)) + " times" : "");
        } else if (forbidden > 0) {
            verdict = Verdict.FAIL;
            reason = "FORBIDDEN outcome " + firstForbidden + " seen " + Fmt.count(counts.get(firstForbidden))
                    + " times in " + Fmt.count(samples) + " samples";
        } else if (status != Status.NORMAL) {
            long bad = forks.stream().filter(f -> !"NORMAL".equals(f.status())).count();
            verdict = Verdict.ERROR;
            reason = "JCStress " + status + " in " + bad + " of " + forks.size() + " forks"
                    + (messages.isEmpty() ? "" : ": " + messages.get(0));
        } else if (samples == 0) {
            verdict = Verdict.NOT_RUN;
            reason = "0 samples in " + forks.size() + " forks";
        } else if (safe) {
            verdict = Verdict.PASS;
            reason = "no FORBIDDEN outcome in " + Fmt.count(samples) + " samples" + boundOfForbidden(specs, samples);
        } else if (bugCount > 0) {
            verdict = Verdict.PASS;
            reason = (meta.expected().equals("OPEN") ? "OPEN: bug outcome observed: " : "bug witnessed: ")
                    + seenText(specs, counts, samples) + firstText(witness);
        } else if (meta.expected().equals("OPEN")) {
            verdict = Verdict.PASS;
            reason = "OPEN: no bug outcome in " + Fmt.count(samples) + " samples (rate < "
                    + Fmt.prob(witness.upperBound()) + " at 95%)";
        } else {
            verdict = Verdict.UNWITNESSED;
            reason = "no bug outcome (" + String.join(", ", bugIds) + ") in " + Fmt.count(samples) + " samples (rate < "
                    + Fmt.prob(witness.upperBound()) + " at 95%)";
        }
        return new TestReport(meta.name(), meta.family(), meta.scenario(), meta.title(), meta.design(), meta.expected(),
                meta.source(), meta.actors(), verdict, reason, status == null ? null : status.name(), samples,
                forks.size(), measured, measured > 0 ? samples / measured : 0, List.copyOf(outcomes), witness,
                List.copyOf(forks), List.copyOf(messages), List.copyOf(hosts), page);
    }

    static OutcomeReport outcome(OutcomeSpec s, long n, long samples) {
        if (samples == 0) {
            return new OutcomeReport(s.id(), s.grade(), s.bug(), s.description(), n, 0, null, null);
        }
        Interval ci = ClopperPearson.interval(n, samples, ClopperPearson.LEVEL);
        Double ub = n == 0 ? ClopperPearson.upperBound(0, samples, ClopperPearson.LEVEL) : null;
        return new OutcomeReport(s.id(), s.grade(), s.bug(), s.description(), n, n / (double) samples, ci, ub);
    }

    static WitnessReport witness(List<String> bugIds, long bugCount, long samples, List<Long> firstWitness) {
        List<Long> sorted = firstWitness.stream().sorted().toList();
        Long median = null;
        if (!sorted.isEmpty()) {
            int m = sorted.size();
            median = m % 2 == 1 ? sorted.get(m / 2) : (sorted.get(m / 2 - 1) + sorted.get(m / 2)) / 2;
        }
        if (samples == 0) {
            return new WitnessReport(List.copyOf(bugIds), 0, 0, null, null, sorted, median, sorted.size());
        }
        Interval ci = ClopperPearson.interval(bugCount, samples, ClopperPearson.LEVEL);
        Double ub = bugCount == 0 ? ClopperPearson.upperBound(0, samples, ClopperPearson.LEVEL) : null;
        return new WitnessReport(List.copyOf(bugIds), bugCount, bugCount / (double) samples, ci, ub, sorted, median,
                sorted.size());
    }

    private static String boundOfForbidden(List<OutcomeSpec> specs, long samples) {
        boolean any = specs.stream().anyMatch(s -> "FORBIDDEN".equals(s.grade()));
        return any ? " (each < " + Fmt.prob(ClopperPearson.upperBound(0, samples, ClopperPearson.LEVEL)) + " at 95%)" : "";
    }

    private static String seenText(List<OutcomeSpec> specs, Map<String, Long> counts, long samples) {
        List<String> parts = new ArrayList<>();
        for (OutcomeSpec s : specs) {
            long n = counts.getOrDefault(s.id(), 0L);
            if (s.bug() && n > 0) {
                parts.add(s.id() + " " + Fmt.count(n) + " times (" + Fmt.prob(n / (double) samples) + ")");
            }
        }
        return String.join(", ", parts);
    }

    private static String firstText(WitnessReport w) {
        if (w == null || w.medianSamplesToFirstWitness() == null) {
            return "";
        }
        return "; first after " + Fmt.count(w.medianSamplesToFirstWitness()) + " samples (median of "
                + w.forksWitnessed() + " forks)";
    }

    /** The stall a fork's output reports ("STALL: ..."), or null. */
    public static String parseStall(List<String> vmOut) {
        for (String line : vmOut) {
            String l = line.strip();
            if (l.startsWith(Stall.PREFIX.strip())) {
                return l.substring(Stall.PREFIX.strip().length()).strip();
            }
        }
        return null;
    }

    private static String stall(List<String> messages) {
        return messages.stream().filter(m -> m.startsWith("STALL: ")).findFirst().orElse(null);
    }

    /** The first witness recorded in a fork's output, if any. */
    public static FirstWitness parseFirstWitness(List<String> vmOut, String prefix) {
        for (String line : vmOut) {
            String l = line.strip();
            if (l.startsWith(prefix.strip())) {
                String[] parts = l.substring(prefix.strip().length()).trim().split("\\s+");
                if (parts.length == 2) {
                    try {
                        return new FirstWitness(parts[0], Long.parseLong(parts[1]));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
