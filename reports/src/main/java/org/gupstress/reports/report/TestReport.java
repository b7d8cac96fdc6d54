package org.gupstress.reports.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.gupstress.reports.stats.Interval;

/**
 * One test's entry in report.json.
 *
 * @param name             JCStress test name (the test class)
 * @param family           race family
 * @param scenario         scenario id
 * @param title            scenario title
 * @param design           design name
 * @param expected         SAFE, BROKEN or OPEN
 * @param source           where the design comes from
 * @param actors           actor threads (CPUs needed)
 * @param verdict          the verdict
 * @param reason           one line saying why
 * @param jcstressStatus   JCStress's combined status over the forks (NORMAL, VM_ERROR, ...), null if nothing ran
 * @param samples          total samples over all forks, as JCStress counts them: its timed samples and the samples it
 *                         takes while sizing its strides, before the timed sampling
 * @param forks            forks that reported
 * @param measuredSeconds  the nominal timed-sampling time: sum over NORMAL forks of iterations x time per iteration
 * @param samplesPerSecond samples / measuredSeconds (0 when nothing was measured). NOT a sampling rate: the samples
 *                         include the stride-sizing samples, taken outside that time (most of a smoke fork's);
 *                         kept for readers of older reports. The rate a user gets is {@link #samplesPerForkSecond()}
 * @param outcomes         every declared outcome (and any unclassified one seen), in declaration order
 * @param witness          the bug outcomes' statistics; null for SAFE designs
 * @param forkResults      per fork: configuration, status, counts, first witness
 * @param messages         what the forks printed about this test (the model's violation, HUNG and DEADLOCK reports
 *                         with the locks each thread held, first-witness lines, exceptions, JCStress's own
 *                         messages): distinct lines over all forks, each tagged with the first fork that printed it
 *                         ("[fork 2] ..."); every fork's own lines are in {@link ForkResult#messages()}
 * @param hosts            hosts that contributed
 * @param jcstressPage     relative link to JCStress's own HTML page for this test, or null
 * @param knobs            the design's knob settings away from the merged kernel's defaults ("name=value"), or
 *                         null when unknown
 * @param reproduce        how to reproduce this test's result, or null when unknown
 * @param wallSeconds      wall time of the test: the sum of its forks' wall times (fork start to result), or null
 *                         when a fork's wall time is unknown (a report re-rendered without the run's timings)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestReport(String name, String family, String scenario, String title, String design, String expected,
                         String source, int actors, Verdict verdict, String reason, String jcstressStatus, long samples,
                         int forks, double measuredSeconds, double samplesPerSecond, List<OutcomeReport> outcomes,
                         WitnessReport witness, List<ForkResult> forkResults, List<String> messages, List<String> hosts,
                         String jcstressPage, List<String> knobs, Reproduce reproduce, Double wallSeconds) {

    /** A judged test before its design is described: no knobs, no reproduce block; wall time from its forks. */
    public TestReport(String name, String family, String scenario, String title, String design, String expected,
                      String source, int actors, Verdict verdict, String reason, String jcstressStatus, long samples,
                      int forks, double measuredSeconds, double samplesPerSecond, List<OutcomeReport> outcomes,
                      WitnessReport witness, List<ForkResult> forkResults, List<String> messages, List<String> hosts,
                      String jcstressPage) {
        this(name, family, scenario, title, design, expected, source, actors, verdict, reason, jcstressStatus, samples,
                forks, measuredSeconds, samplesPerSecond, outcomes, witness, forkResults, messages, hosts, jcstressPage,
                null, null, wallOf(forkResults));
    }

    /** The same test with another reason (a run cut short qualifies it). */
    public TestReport withReason(String newReason) {
        return new TestReport(name, family, scenario, title, design, expected, source, actors, verdict, newReason,
                jcstressStatus, samples, forks, measuredSeconds, samplesPerSecond, outcomes, witness, forkResults, messages,
                hosts, jcstressPage, knobs, reproduce, wallSeconds);
    }

    /** The same test with its link to JCStress's page relative to another directory (null: no link). */
    public TestReport withJcstressPage(String newPage) {
        return new TestReport(name, family, scenario, title, design, expected, source, actors, verdict, reason,
                jcstressStatus, samples, forks, measuredSeconds, samplesPerSecond, outcomes, witness, forkResults, messages,
                hosts, newPage, knobs, reproduce, wallSeconds);
    }

    /** The same test with its design described: knob settings and how to reproduce it. */
    public TestReport withDesign(List<String> newKnobs, Reproduce newReproduce) {
        return new TestReport(name, family, scenario, title, design, expected, source, actors, verdict, reason,
                jcstressStatus, samples, forks, measuredSeconds, samplesPerSecond, outcomes, witness, forkResults, messages,
                hosts, jcstressPage, newKnobs, newReproduce, wallSeconds);
    }

    /**
     * Samples per fork-second: {@link #samples()} / {@link #wallSeconds()}, every fork's whole life from its JVM's
     * start to its result (start-up, stride sizing, timed sampling). The rate a user gets, and what {@code compare}
     * checks; null when a fork's wall time is unknown. JCStress 0.16 does not report how many of the samples were
     * timed, so the rate of the timed sampling alone is not known.
     */
    @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public Double samplesPerForkSecond() {
        return wallSeconds == null || wallSeconds <= 0 ? null : samples / wallSeconds;
    }

    /** The sum of the forks' wall times; null when there are none or one is unknown. */
    static Double wallOf(List<ForkResult> forks) {
        if (forks == null || forks.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (ForkResult f : forks) {
            if (f.wallSeconds() == null) {
                return null;
            }
            sum += f.wallSeconds();
        }
        return sum;
    }

    /**
     * How to reproduce a test's result. Extensible: a later tool adds its own way (an {@code explore} trace) as a
     * new component, null when absent.
     *
     * @param run          the exact command that runs this test alone with the same profile
     *                     ({@code ./gupstress run --profile smoke --tests '\.GupFastVsMkclean\.NoBarrier$'})
     * @param proofs       the JUnit tests that reach this design's bug outcome deterministically through an
     *                     {@code Interleaving} script ("org.gupstress.stress.writeback.GupFastVsMkcleanTest#noBarrier..."),
     *                     empty when none was found; null for SAFE designs
     * @param proofCommand the command that runs those JUnit proofs, or null
     * @param explore      the {@code gupstress explore} command that searches this test's schedules and prints the
     *                     shortest one to each bug outcome; null for a SAFE design that passed
     * @param trace        the shortest schedule {@code gupstress explore} found to each bug or forbidden outcome, as
     *                     the ready-to-paste {@code Interleaving} script, when the report holds an exploration of this
     *                     test that reached one (see {@link #withTrace}); else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reproduce(String run, List<String> proofs, String proofCommand, String explore, String trace) {

        /** The same block with {@code trace} (null: none). */
        public Reproduce withTrace(String newTrace) {
            return new Reproduce(run, proofs, proofCommand, explore, newTrace);
        }
    }

    /**
     * One outcome.
     *
     * @param id          outcome id
     * @param grade       ACCEPTABLE, ACCEPTABLE_INTERESTING or FORBIDDEN
     * @param bug         whether its description starts with "BUG:"
     * @param description the outcome's description
     * @param count       samples that ended in it
     * @param frequency   count / samples
     * @param ci          two-sided 95 % Clopper-Pearson interval of its probability (null when samples = 0)
     * @param upperBound  for a zero count: one-sided 95 % Clopper-Pearson upper bound ("< 3.1e-7 at 95 %")
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutcomeReport(String id, String grade, boolean bug, String description, long count, double frequency,
                                Interval ci, Double upperBound) {
    }

    /**
     * The bug outcomes of a BROKEN or OPEN design, together.
     *
     * @param outcomes                 the bug outcome ids
     * @param count                    samples that ended in any of them
     * @param rate                     count / samples
     * @param ci                       two-sided 95 % interval of the rate (null when samples = 0)
     * @param upperBound               one-sided 95 % upper bound when count = 0
     * @param samplesToFirstWitness    per fork that witnessed: samples that fork took until its first bug outcome
     * @param medianSamplesToFirstWitness median of the above, or null
     * @param forksWitnessed           forks that saw a bug outcome
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WitnessReport(List<String> outcomes, long count, double rate, Interval ci, Double upperBound,
                                List<Long> samplesToFirstWitness, Long medianSamplesToFirstWitness, int forksWitnessed) {
    }

    /**
     * One fork.
     *
     * @param host            host that ran it
     * @param jvmArgs         the fork's JVM arguments
     * @param compileMode     JCStress's compile mode description
     * @param status          JCStress status
     * @param iterations      iterations
     * @param iterationMillis time per iteration
     * @param samples         samples
     * @param counts          samples per outcome id (same order as the test's outcomes)
     * @param firstWitness    outcome and sample number of its first bug outcome ("NEITHER_SEEN@181315"), or null
     * @param messages        everything the fork printed about the test: JCStress's messages (exceptions), the
     *                        fork's standard output (the model's violation and HUNG reports, the first-witness line)
     *                        and its standard error (prefixed "stderr: "), in that order, at most
     *                        {@link #MAX_MESSAGES} lines of at most {@link #MAX_MESSAGE_CHARS} characters
     * @param wallSeconds     wall time from the fork's start to its result, or null when unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForkResult(String host, List<String> jvmArgs, String compileMode, String status, int iterations,
                             int iterationMillis, long samples, java.util.Map<String, Long> counts, FirstWitness firstWitness,
                             List<String> messages, Double wallSeconds) {
        /** At most this many lines per fork are kept (the first ones: a fork's first report says what went wrong). */
        public static final int MAX_MESSAGES = 40;
        /** A longer line is cut here (with "..."). */
        public static final int MAX_MESSAGE_CHARS = 2000;

        public ForkResult {
            messages = messages == null ? List.of() : List.copyOf(messages);
        }

        /** A fork with nothing printed and no known wall time. */
        public ForkResult(String host, List<String> jvmArgs, String compileMode, String status, int iterations,
                          int iterationMillis, long samples, java.util.Map<String, Long> counts, FirstWitness firstWitness) {
            this(host, jvmArgs, compileMode, status, iterations, iterationMillis, samples, counts, firstWitness, null, null);
        }

        /** {@link #samples()} / {@link #wallSeconds()}: this fork's samples per second of its life; null if unknown. */
        @com.fasterxml.jackson.annotation.JsonProperty(access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
        public Double samplesPerForkSecond() {
            return wallSeconds == null || wallSeconds <= 0 ? null : samples / wallSeconds;
        }

        /** The same fork with its wall time. */
        public ForkResult withWallSeconds(Double seconds) {
            return new ForkResult(host, jvmArgs, compileMode, status, iterations, iterationMillis, samples, counts,
                    firstWitness, messages, seconds);
        }

        /** Keeps the first {@link #MAX_MESSAGES} non-blank lines, stripped and cut to {@link #MAX_MESSAGE_CHARS}. */
        public static List<String> capture(List<String> jcstressMessages, List<String> vmOut, List<String> vmErr) {
            List<String> out = new java.util.ArrayList<>();
            add(out, jcstressMessages, "");
            add(out, vmOut, "");
            add(out, vmErr, "stderr: ");
            return out;
        }

        private static void add(List<String> out, List<String> lines, String prefix) {
            if (lines == null) {
                return;
            }
            for (String l : lines) {
                if (out.size() >= MAX_MESSAGES) {
                    return;
                }
                if (l != null && !l.isBlank()) {
                    String s = prefix + l.strip();
                    out.add(s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "..." : s);
                }
            }
        }
    }

    /** The first bug outcome a fork saw and after how many samples ({@code Witness} line). */
    public record FirstWitness(String outcome, long samples) {
    }
}
