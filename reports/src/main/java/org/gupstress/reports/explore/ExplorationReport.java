package org.gupstress.reports.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.gupstress.model.kernel.sched.explore.Trace;
import org.gupstress.reports.report.Verdict;
import org.gupstress.stress.explore.JcstressSubject;
import org.gupstress.stress.explore.TestExploration;

/**
 * One test's {@code exploration} section of report.json (schema 2): what {@code gupstress explore} did to the
 * test class and the verdict it supports, beside the JCStress results of the same test.
 *
 * @param verdict          PASS, FAIL, UNWITNESSED or ERROR (see {@link TestExploration})
 * @param reason           one line: what was reached, within which bound and how many schedules
 * @param strategy         dfs or pct
 * @param bound            DFS: the largest preemption bound searched; PCT: the depth
 * @param exhausted        DFS: every schedule within {@code bound} was run
 * @param complete         DFS: every schedule at all was run (no choice was ever cut by the bound)
 * @param schedules        schedules run, over all bounds
 * @param schedulesAtBound schedules of the last bound searched
 * @param seconds          wall time of the exploration
 * @param firstBug         the schedule that first reached a bug or forbidden outcome (1-based), or null
 * @param secondsToFirstBug wall time until then, or null
 * @param divergent        schedules whose replay did not follow the recorded prefix (0 for a deterministic scenario)
 * @param outcomes         outcome id to schedules that ended in it
 * @param traces           for every BUG or FORBIDDEN outcome reached: the shortest schedule found
 * @param error            what stopped the exploration abnormally, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplorationReport(Verdict verdict, String reason, String strategy, int bound, boolean exhausted,
                                boolean complete, long schedules, long schedulesAtBound, double seconds, Long firstBug,
                                Double secondsToFirstBug, long divergent, Map<String, Long> outcomes,
                                List<TraceReport> traces, String error) {

    /**
     * The shortest schedule found to one outcome.
     *
     * @param outcome      outcome id
     * @param grade        BUG or FORBIDDEN
     * @param description  the outcome's description
     * @param initialState the initial state of the instance (for scenarios that alternate it), 0 otherwise
     * @param steps        steps of the schedule
     * @param preemptions  preemptive context switches in it
     * @param schedule     which schedule of the exploration it was
     * @param timeline     the schedule as a table: step, thread, from and to (point, lock, end), notes
     * @param script       the ready-to-paste {@code Interleaving} script that reproduces it
     */
    public record TraceReport(String outcome, String grade, String description, int initialState, int steps,
                              int preemptions, long schedule, String timeline, String script) {
    }

    /** The section for {@code t}. */
    public static ExplorationReport of(TestExploration t, JcstressSubject subject) {
        Exploration e = t.exploration();
        List<TraceReport> traces = new ArrayList<>();
        t.bugTraces().forEach((outcome, trace) -> traces.add(trace(t, subject, outcome, trace)));
        return new ExplorationReport(Verdict.valueOf(t.verdict()), t.reason(), e.strategy(), e.boundReached(),
                e.exhausted(), e.complete(), e.schedules(), e.schedulesAtBound(), e.nanos() / 1e9,
                e.firstBug() == 0 ? null : e.firstBug(), e.firstBug() == 0 ? null : e.nanosToFirstBug() / 1e9,
                e.divergent(), new TreeMap<>(e.histogram()), List.copyOf(traces), e.error());
    }

    private static TraceReport trace(TestExploration t, JcstressSubject subject, String outcome, Trace trace) {
        return new TraceReport(outcome, t.grades().get(outcome).name(), subject.description(outcome), trace.state(),
                trace.steps().size(), trace.preemptions(), trace.schedule(), trace.timeline(), t.script(outcome));
    }
}
