package org.gupstress.model.kernel.sched.explore;

import java.util.List;

/**
 * One step of an explored schedule, as the trace prints it.
 *
 * @param kind       RUN or FLUSH
 * @param thread     the thread's name
 * @param from       where the thread stood before the step: "start", a schedule point, "blocked: ..."
 * @param to         where it stopped: a schedule point name, "end", or "blocked: what"; for FLUSH the store's point
 * @param preemption true if the thread that ran before could have gone on (a preemptive context switch)
 * @param notes      what happened inside the step: stores drained by a barrier, values a controlled load read,
 *                   what the thread threw
 */
public record Step(Kind kind, String thread, String from, String to, boolean preemption, List<String> notes) {
    /** The step's kind. */
    public enum Kind { RUN, FLUSH }

    /** True if the step ended with the thread blocked (it stops at no schedule point). */
    public boolean blocked() {
        return kind == Kind.RUN && to.startsWith(Execution.BLOCKED_PREFIX);
    }
}
