package org.gupstress.model.kernel.sched;

/**
 * What an RCU or SRCU domain ({@code kernel.rcu.Rcu}, {@code kernel.rcu.Srcu}) tells a controlling schedule
 * ({@link Schedule#rcu}), so that a weak memory model can carry a grace period into its views
 * ({@link WeakMemory#rcu}).
 */
public enum RcuEvent {
    /** {@code rcu_read_lock()}/{@code srcu_read_lock()}: a read-side section has begun (the thread is counted in). */
    READ_LOCK,
    /** {@code rcu_read_unlock()}/{@code srcu_read_unlock()}: the section ends (before the thread is counted out). */
    READ_UNLOCK,
    /** {@code synchronize_rcu()}/{@code synchronize_srcu()} begins, after its opening full barrier. */
    GP_START,
    /** The grace period has waited for its pre-existing readers, before the closing full barrier. */
    GP_END
}
