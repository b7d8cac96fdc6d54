package org.gupstress.model.kernel.sched;

/**
 * A model lock that reports can describe: which lock, held how, by whom. Every model lock registers itself with its
 * world's {@link org.gupstress.model.kernel.sched.Watchdog} when it is created.
 */
public interface Lockable {
    /** The lock's name, e.g. {@code "I1.invalidate_lock"}. */
    String lockName();

    /**
     * How the lock is held right now, e.g. {@code "write by TRUNCATE"} or {@code "read by 1 (last PINNER)"}, or
     * {@code null} if it is free. A racy snapshot: good enough for a diagnostic, never used for a decision.
     */
    String holder();
}
