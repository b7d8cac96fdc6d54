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
 * @param samples          total samples over all forks
 * @param forks            forks that reported
 * @param measuredSeconds  measurement time: sum over NORMAL forks of iterations x time per iteration
 * @param samplesPerSecond samples / measuredSeconds (0 when nothing was measured)
 * @param outcomes         every declared outcome (and any unclassified one seen), in declaration order
 * @param witness          the bug outcomes' statistics; null for SAFE designs
 * @param forkResults      per fork: configuration, status, counts, first witness
 * @param messages         JCStress's messages for failed forks (first lines)
 * @param hosts            hosts that contributed
 * @param jcstressPage     relative link to JCStress's own HTML page for this test, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestReport(String name, String family, String scenario, String title, String design, String expected,
                         String source, int actors, Verdict verdict, String reason, String jcstressStatus, long samples,
                         int forks, double measuredSeconds, double samplesPerSecond, List<OutcomeReport> outcomes,
                         WitnessReport witness, List<ForkResult> forkResults, List<String> messages, List<String> hosts,
                         String jcstressPage) {

    /** The same test with another reason (a run cut short qualifies it). */
    public TestReport withReason(String newReason) {
        return new TestReport(name, family, scenario, title, design, expected, source, actors, verdict, newReason,
                jcstressStatus, samples, forks, measuredSeconds, samplesPerSecond, outcomes, witness, forkResults, messages,
                hosts, jcstressPage);
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
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForkResult(String host, List<String> jvmArgs, String compileMode, String status, int iterations,
                             int iterationMillis, long samples, java.util.Map<String, Long> counts, FirstWitness firstWitness) {
    }

    /** The first bug outcome a fork saw and after how many samples ({@code Witness} line). */
    public record FirstWitness(String outcome, long samples) {
    }
}
