package org.gupstress.model.kernel.rcu;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.Pointer;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.gupstress.model.kernel.sched.RcuEvent;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * RCU (Documentation/RCU/whatisRCU.rst): read-side critical sections, grace periods, publication and callbacks,
 * one instance per world (the model's {@code rcu_state}).
 *
 * <p><b>The guarantee modelled.</b> If any part of a reader's section precedes the start of a grace period, the
 * whole section precedes its end: {@link #synchronizeRcu} waits for every reader that entered before it was called
 * and for no later one that has left, and its caller's earlier stores are visible to every reader that enters
 * after it began.
 *
 * <p><b>How.</b> Readers register in one of two counters, the one the current phase names, and leave from the one
 * they entered; a grace period (one at a time: {@code rcu_state.exp_mutex} / srcu's {@code srcu_gp_mutex}) flips
 * the phase and waits until the counter of the old phase drains: the two-counter idea of SRCU
 * (kernel/rcu/srcutree.c, per CPU there). A reader re-reads the phase after counting itself (a fully ordered RMW)
 * and moves to the other counter if a flip came in between: the flip and the grace period's check of the counter
 * are fully ordered too, so either the grace period sees the reader's count, or the reader sees the flip (store
 * buffering with a full barrier on each side); a reader counted in the old phase therefore began before the flip
 * and is waited for, and one that sees the new phase began after it and is not. The kernel's tree RCU instead waits
 * for a quiescent state on every CPU; the two agree on what a reader may observe. Waits are registered with the
 * world's blocked-task registry ({@link WaitVar}): a grace period that can never end is reported as a deadlock or
 * HUNG when it happens, never by a timer. Readers never block inside a section in the model.
 *
 * <p><b>Differences, written down.</b> {@link #rcuReadLock()} returns the counter it used and
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
 * and ends with a full barrier in every model.
 * <ul>
 *   <li>JVM (JCStress), the explorer's {@code sc} and {@code tso}: the guarantee follows from the counters' fully
 *       ordered RMWs (the store-buffering argument above); {@code rcu_read_lock()} and {@code rcu_read_unlock()} are
 *       themselves full barriers, stronger than the kernel's (compiler barriers on a non-preemptible kernel).</li>
 *   <li>{@code weak}: the guarantee is also given by the model's views ({@code WeakMemory#rcu}: a section that starts
 *       after a grace period started joins its start view; the grace period's end joins the end views of the
 *       sections that started before it). The counters are {@code atomic_t}s, whose value-returning RMWs the weak
 *       model orders fully, so the readers' boundaries are still full barriers there (stronger than the LKMM);
 *       {@link Srcu}'s are not.</li>
 * </ul>
 */
public final class Rcu {
    private final String name;
    /** Serializes grace periods, so that a flip is never undone by a concurrent one before its wait ends. */
    private final RwSemaphore gpMutex;
    /** The phase new readers count themselves in: its low bit picks the counter. */
    private final Atomic phase = new Atomic(0);
    private final Atomic readers0 = new Atomic(0);
    private final Atomic readers1 = new Atomic(0);
    /** Queued callbacks not yet waited for. Guarded by {@code this}. */
    private List<Runnable> callbacks = new ArrayList<>();

    public Rcu(Watchdog watchdog, String name) {
        this.name = name;
        this.gpMutex = new RwSemaphore(watchdog, name + ".gp_mutex");
        System.identityHashCode(readers0); // install the hashes before sharing: see WaitVar.varWaitqueue
        System.identityHashCode(readers1);
    }

    /** {@code rcu_read_lock()}: enters a read-side section; returns the token {@link #rcuReadUnlock} needs. */
    public int rcuReadLock(Schedule schedule) {
        for (;;) {
            int idx = phase.read() & 1;
            readers(idx).incReturn();
            if ((phase.read() & 1) == idx) {
                RcuEvents.tell(RcuEvent.READ_LOCK, this); // counted where a grace period that starts now waits
                return idx;
            }
            uncount(schedule, idx); // a grace period flipped since we read the phase: count in the new one
        }
    }

    /** {@code rcu_read_unlock()}: leaves the section entered with {@code idx}; wakes a grace period it ends. */
    public void rcuReadUnlock(Schedule schedule, int idx) {
        RcuEvents.tell(RcuEvent.READ_UNLOCK, this); // before the count drops: a waiting grace period may end then
        uncount(schedule, idx);
    }

    private void uncount(Schedule schedule, int idx) {
        Atomic r = readers(idx);
        if (r.decReturn() == 0) {
            WaitVar.wakeUpVar(schedule, r);
        }
    }

    /**
     * {@code synchronize_rcu()}: returns once every reader that entered before the call has left, then runs the
     * callbacks queued before the call. A registered wait ({@link WaitVar}).
     *
     * @throws org.gupstress.model.kernel.sched.Hung if the grace period can never end
     */
    public void synchronizeRcu(Watchdog watchdog, Schedule schedule, String where) {
        List<Runnable> due;
        synchronized (this) {
            due = callbacks;
            callbacks = new ArrayList<>();
        }
        Barriers.fullBarrier(schedule);
        RcuEvents.tell(RcuEvent.GP_START, this);
        gpMutex.downWrite();
        try {
            Atomic old = readers(phase.fetchAdd(1) & 1);
            WaitVar.waitVarEvent(watchdog, schedule, old, () -> old.read() == 0,
                    name + " grace period (pre-existing readers), in " + where);
        } finally {
            gpMutex.upWrite();
        }
        RcuEvents.tell(RcuEvent.GP_END, this);
        Barriers.fullBarrier(schedule);
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

    private Atomic readers(int idx) {
        return idx == 0 ? readers0 : readers1;
    }

    @Override
    public String toString() {
        return name;
    }
}
