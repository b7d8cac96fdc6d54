package org.gupstress.model.kernel.rcu;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.Pointer;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * RCU (Documentation/RCU/whatisRCU.rst): read-side critical sections, grace periods, publication and callbacks,
 * one instance per world (the model's {@code rcu_state}).
 *
 * <p><b>The guarantee modelled.</b> If any part of a reader's section precedes the start of a grace period, the
 * whole section precedes its end: {@link #synchronizeRcu} waits for every reader that entered before it was called
 * and for no reader that enters after its index flip, and its caller's earlier stores are visible to every reader
 * that enters after it began.
 *
 * <p><b>How.</b> The readers and grace periods are an {@link Srcu}'s: the reader counts itself in the counter of the
 * current index, a grace period drains the other index, flips, and drains the old one (kernel/rcu/srcutree.c,
 * {@code srcu_flip()}, {@code srcu_readers_active_idx_check()}). The kernel's tree RCU (kernel/rcu/tree.c) instead
 * waits for a quiescent state on every CPU, and its {@code rcu_read_lock()} on a non-preemptible kernel is
 * {@code preempt_disable()}: a compiler barrier; the two agree on what a reader may observe, which is the LKMM's
 * guarantee below. Waits are registered with the world's blocked-task registry ({@link WaitVar}): a grace period
 * that can never end is reported as a deadlock or HUNG when it happens, never by a timer. Readers never block inside
 * a section in the model.
 *
 * <p><b>Differences, written down.</b> {@link #rcuReadLock} returns the index it used and
 * {@link #rcuReadUnlock(Schedule, int)} takes it back (as {@code srcu_read_lock()} / {@code srcu_read_unlock()}
 * do); the kernel's {@code rcu_read_lock()} returns nothing because the CPU itself is the reader's identity.
 * {@link #rcuDereference} is a load-acquire: Java has no address-dependency ordering, so the model orders every
 * later access of the reader, not just the dependent ones (stronger than {@code rcu_dereference()}). Callbacks
 * ({@link #callRcu}) run in the thread that completes the next full grace period ({@link #synchronizeRcu} or
 * {@link #rcuBarrier}), not in an RCU kthread.
 *
 * <p>Memory effects, per model. The LKMM's guarantee (tools/memory-model/Documentation/explanation.txt, "RCU
 * RELATIONS"): for a section C and a grace period G, either C ends before G ends and every store that propagated to
 * C's CPU before C's end propagates to every CPU before G ends, or G starts before C starts and every store that
 * propagated to G's CPU before G's start propagates to every CPU before C starts. {@code synchronize_rcu()} begins
 * and ends with a full barrier in every model; {@code rcu_read_lock()} and {@code rcu_read_unlock()} order nothing
 * of their own thread in the LKMM.
 * <ul>
 *   <li>JVM (JCStress), the explorer's {@code sc} and {@code tso}: the guarantee follows from the reader counters'
 *       volatile RMWs and fences ({@link Srcu}); the section's boundaries are full barriers there, stronger than the
 *       kernel's.</li>
 *   <li>{@code weak}: exactly the guarantee, through the model's views ({@code WeakMemory#rcu}); the boundaries order
 *       nothing else, as the LKMM's.</li>
 * </ul>
 */
public final class Rcu {
    /** The readers and grace periods. */
    private final Srcu srcu;
    /** Queued callbacks not yet waited for. Guarded by {@code this}. */
    private List<Runnable> callbacks = new ArrayList<>();

    public Rcu(String name) {
        this.srcu = new Srcu(name);
    }

    /**
     * {@code rcu_read_lock()}: enters a read-side section; returns the token {@link #rcuReadUnlock} needs. Never
     * blocks. Memory effects: {@link Srcu#readLock}'s (under the explorer's {@code weak}, as the LKMM's: only the
     * grace-period guarantee).
     */
    public int rcuReadLock(Schedule schedule) {
        return srcu.readLock(schedule);
    }

    /**
     * {@code rcu_read_unlock()}: leaves the section entered with {@code idx}; wakes a grace period it ends. Memory
     * effects: {@link Srcu#readUnlock}'s.
     */
    public void rcuReadUnlock(Schedule schedule, int idx) {
        srcu.readUnlock(schedule, idx);
    }

    /**
     * {@code synchronize_rcu()}: returns once every reader that entered before the call has left, then runs the
     * callbacks queued before the call. A registered wait ({@link WaitVar}). Memory effects: a full barrier at its
     * start and at its return, and the grace-period guarantee (class comment); the callbacks run after both.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if the grace period can never end
     */
    public void synchronizeRcu(Watchdog watchdog, Schedule schedule, String where) {
        List<Runnable> due;
        synchronized (this) {
            due = callbacks;
            callbacks = new ArrayList<>();
        }
        srcu.synchronize(watchdog, schedule, where);
        due.forEach(Runnable::run);
    }

    /** {@code call_rcu(head, func)}: queues {@code func} to run after a grace period; never blocks. */
    public synchronized void callRcu(Runnable func) {
        callbacks.add(func);
    }

    /** {@code rcu_barrier()}: waits a grace period and runs every callback queued before the call. */
    public void rcuBarrier(Watchdog watchdog, Schedule schedule, String where) {
        synchronizeRcu(watchdog, schedule, where);
    }

    /**
     * {@code rcu_dereference(p)}: the pointer a reader inside a section may follow. A load-acquire (see the class
     * comment: stronger than the kernel's dependency ordering).
     */
    public static <T> T rcuDereference(Pointer<T> p) {
        return p.loadAcquire();
    }

    /** {@code rcu_assign_pointer(p, v)}: publishes {@code v}: a store-release. */
    public static <T> void rcuAssignPointer(Pointer<T> p, T v) {
        p.storeRelease(v);
    }

    @Override
    public String toString() {
        return srcu.toString();
    }
}
