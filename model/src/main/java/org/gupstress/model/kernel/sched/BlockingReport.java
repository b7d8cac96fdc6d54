package org.gupstress.model.kernel.sched;

import java.util.List;

/**
 * What the deadlock detector found: which tasks can never run again, and why.
 *
 * @param kind    {@link Kind#DEADLOCK} or {@link Kind#HUNG}
 * @param tasks   the tasks that are released with {@link Hung}: the cycle, or every blocked task
 * @param message one paragraph naming the cycle or the blocked set, what each task waits in, and the held locks
 */
public record BlockingReport(Kind kind, List<Task> tasks, String message) {
    /** The two findings; a STALL (the last-resort timer) is not one of them: it proves nothing about the model. */
    public enum Kind {
        /**
         * Tasks wait for each other: a wait-for cycle through locks (lockdep's "possible circular locking", but
         * closed now, not possible later), or every live task of the world blocked with no wake-up pending.
         */
        DEADLOCK,
        /**
         * One task waits and no task is left that could wake it: every other task has returned, and no wake-up is
         * pending. A lost wake-up (the waker looked for waiters before its update was visible), or a wait for
         * something the waiter itself holds.
         */
        HUNG
    }
}
