package org.gupstress.model.kernel.rcu;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.StoreBuffer;
import org.gupstress.model.kernel.sched.RcuEvent;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * {@code struct srcu_struct} (kernel/rcu/srcutree.c): read-side critical sections ({@code srcu_read_lock()},
 * {@code srcu_read_unlock()}) and grace periods ({@code synchronize_srcu()}) that wait for the <em>pre-existing</em>
 * readers only. It is also {@link Rcu}'s reader and grace-period machinery, and one instance per world stands for
 * {@code rcu_read_lock()} or a GUP-fast {@code local_irq_save()} section against {@code synchronize_rcu()} or the
 * TLB-flush IPI ({@code mm.DevPagemap}).
 *
 * <p><b>How (the kernel's index flip).</b> A reader reads {@code ->srcu_idx}, counts itself in the counter of that
 * index and returns the index, which {@link #readUnlock} takes back ({@code __srcu_read_lock()},
 * {@code __srcu_read_unlock()}). A grace period ({@code srcu_advance_state()}) waits for the counter of the index
 * new readers do not use to drain (SCAN1: readers that read the index before an earlier flip), flips the index
 * ({@code srcu_flip()}), then waits for the old index to drain (SCAN2). A reader counted before the grace period
 * began is in one of the two counters, so it is waited for; a reader that reads the index after the flip counts in
 * the other one, which SCAN1 already passed, so it is not (kernel: "This allows us to wait for pre-existing readers
 * in a starvation-free manner", {@code srcu_flip()}). A reader that read the old index before the flip and is
 * counted after the grace period's scan of it is not waited for either; the kernel's barriers B ({@code
 * __srcu_read_lock()}) and A ({@code srcu_readers_active_idx_check()}) make it see everything before the grace
 * period (store buffering with a full barrier on each side), which is the LKMM's second case below.
 *
 * <p><b>Simplified, written down.</b> One counter per index (the kernel keeps per-CPU lock and unlock counts and
 * compares their sums); the grace period runs in the caller, not in an SRCU workqueue, and without
 * {@code srcu_gp_mutex}: concurrent grace periods each drain both indices after their own start, which is all the
 * guarantee needs (the kernel's mutex serializes its state machine, it is not held while a grace period sleeps). A
 * flip only advances the index (a compare-and-set from the value the grace period read). Under the explorer the
 * window between a reader's read of the index and its count has no decision point, so the late-counted reader above
 * arises only in stress runs. Waits are registered ({@link WaitVar}): a grace period that can never end (a reader
 * that never leaves, a synchronize inside its own section) is reported as HUNG or a deadlock when it happens, never
 * by a timer. Readers never block inside a section in the model.
 *
 * <p><b>Memory effects, per model.</b> The LKMM's guarantee (tools/memory-model/Documentation/explanation.txt, "RCU
 * RELATIONS"): for a section C and a grace period G of one domain, either C ends before G ends and every store that
 * propagated to C's CPU before C's end propagates to every CPU before G ends, or G starts before C starts and every
 * store that propagated to G's CPU before G's start propagates to every CPU before C starts.
 * {@code synchronize_srcu()} is also a full barrier of its caller at its start and at its return; the section's
 * boundaries order nothing of their own thread.
 * <ul>
 *   <li>JVM (JCStress): the guarantee through the counters: a reader's count and uncount are volatile RMWs and a
 *       full fence follows the count (the kernel's {@code smp_mb()} B), so a grace period that saw the count drop
 *       happens-after everything the reader did in its section, and a reader counted after the grace period's scan
 *       sees what preceded the grace period. The boundaries are then full barriers too (the kernel's
 *       {@code srcu_read_lock()}/{@code srcu_read_unlock()} have {@code smp_mb()} B and C; {@code rcu_read_lock()}
 *       has none).</li>
 *   <li>The explorer's {@code sc}: sequentially consistent. {@code tso}: the reader's boundaries drain the emulated
 *       store buffer (the kernel's B and C; a LOCKed RMW).</li>
 *   <li>{@code weak}: exactly the guarantee, through the model's views ({@code WeakMemory#rcu}, told through
 *       {@code RcuEvents}); the counters and the index are not locations of the weak model, so the boundaries order
 *       nothing else, as the LKMM's.</li>
 * </ul>
 */
public final class Srcu {
    /**
     * A reader has counted itself in and its section has begun: a decision point of the explorer, so that another
     * thread can run between a section's start and its first access (explanation.txt's three-thread RCU example needs
     * a section that began after a grace period started to run before that grace period ends).
     */
    public static final SchedulePoint READ_LOCKED = SchedulePoint.declare("srcu.read_locked",
            "srcu_read_lock()/rcu_read_lock() counted the reader in: its read-side section has begun");

    private final String name;
    /** {@code ->srcu_idx}: its low bit names the counter new readers count themselves in. */
    private final AtomicInteger srcuIdx = new AtomicInteger();
    /** Per index, the readers counted in and not yet out ({@code srcu_lock_count[idx] - srcu_unlock_count[idx]}). */
    private final AtomicInteger[] readers = {new AtomicInteger(), new AtomicInteger()};

    public Srcu(String name) {
        this.name = name;
        for (AtomicInteger r : readers) {
            System.identityHashCode(r); // install the hashes before sharing: see WaitVar.varWaitqueue
        }
    }

    /**
     * {@code srcu_read_lock()}: enters a read-side section; returns the index {@link #readUnlock} needs. Never blocks.
     * Memory effects: a volatile RMW followed by a full fence on the JVM, a drain of the emulated store buffer under
     * the explorer's {@code tso}; under {@code weak}, only the grace-period guarantee (a section that starts after a
     * grace period started sees what that grace period's caller saw before it), nothing for the thread's own order,
     * as in the LKMM.
     */
    public int readLock(Schedule schedule) {
        StoreBuffer.drain(); // tso: smp_mb() B of __srcu_read_lock(), which x86 makes a LOCKed instruction
        int idx = srcuIdx.get() & 1;
        readers[idx].incrementAndGet();
        // smp_mb() B: the count is visible before the section's loads, so a grace period whose scan misses the count
        // has its earlier stores seen by them (store buffering against barrier A of srcu_readers_active_idx_check()).
        VarHandle.fullFence();
        RcuEvents.tell(RcuEvent.READ_LOCK, this); // counted: a grace period that starts from now on waits for it
        schedule.at(READ_LOCKED);
        return idx;
    }

    /**
     * {@code srcu_read_unlock()}: leaves the section entered with {@code idx} and wakes a grace period waiting for
     * that index if it was the last reader there. Memory effects: a volatile RMW (release: what the section did
     * happens-before a grace period that sees the count drop) on the JVM, a drain of the emulated store buffer under
     * {@code tso}; under {@code weak}, what the thread saw inside the section is seen by the caller of every grace
     * period that started before the section did, when that grace period ends; nothing else.
     */
    public void readUnlock(Schedule schedule, int idx) {
        RcuEvents.tell(RcuEvent.READ_UNLOCK, this); // before the count drops: a waiting grace period may end then
        StoreBuffer.drain(); // tso: smp_mb() C of __srcu_read_unlock()
        AtomicInteger r = readers[idx];
        if (r.decrementAndGet() == 0) { // a volatile RMW: the wake-up's barrier (see WaitVar.wakeUpVar)
            WaitVar.wakeUpVar(schedule, r);
        }
    }

    /**
     * {@code synchronize_srcu()}: returns once every reader that entered before the call has left; readers that enter
     * after the index flip are not waited for. A registered wait ({@link WaitVar}). Memory effects: a full barrier at
     * its start and at its return, and the grace-period guarantee (see the class comment).
     *
     * @throws org.gupstress.model.kernel.sched.Hung if the grace period can never end
     */
    public void synchronize(Watchdog watchdog, Schedule schedule, String where) {
        Barriers.fullBarrier(schedule);
        RcuEvents.tell(RcuEvent.GP_START, this);
        int idx = srcuIdx.get();
        // SCAN1: readers of the index new readers do not use, counted after an earlier grace period's scan of it, or
        // before a concurrent grace period's flip. Usually none: then no wait (the opening barrier is its smp_mb() A).
        if (readers[1 ^ (idx & 1)].get() != 0) {
            waitForReaders(watchdog, schedule, 1 ^ (idx & 1), where);
        }
        // srcu_flip(): between smp_mb() E and D (a volatile write here): new readers count in the drained index.
        srcuIdx.compareAndSet(idx, idx + 1);
        // SCAN2: the readers of the index in use when the grace period began.
        waitForReaders(watchdog, schedule, idx & 1, where);
        RcuEvents.tell(RcuEvent.GP_END, this);
        Barriers.fullBarrier(schedule); // the kernel's smp_mb() at the end of __synchronize_srcu()
    }

    /**
     * {@code try_check_zero()} until it succeeds, as a registered wait: the counter of {@code idx} drains to zero
     * ({@code srcu_readers_active_idx_check()}; the wait's full barrier before the check is its {@code smp_mb()} A).
     */
    private void waitForReaders(Watchdog watchdog, Schedule schedule, int idx, String where) {
        AtomicInteger r = readers[idx];
        WaitVar.waitVarEvent(watchdog, schedule, r, () -> r.get() == 0,
                name + " grace period (pre-existing readers), in " + where);
    }

    @Override
    public String toString() {
        return name;
    }
}
