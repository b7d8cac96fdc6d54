package org.gupstress.model.kernel.rcu;

import java.util.concurrent.atomic.AtomicInteger;

import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.StoreBuffer;
import org.gupstress.model.kernel.sched.RcuEvent;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * A read-side critical section and its grace period: {@code srcu_read_lock()}/{@code srcu_read_unlock()} and
 * {@code synchronize_srcu()} (kernel/rcu/srcutree.c), and, with one instance per world, {@code rcu_read_lock()} or a
 * GUP-fast {@code local_irq_save()} section against {@code synchronize_rcu()} or the TLB-flush IPI.
 *
 * <p>Simplified: one reader counter; {@link #synchronize} waits until no reader at all is inside, which is stronger
 * than a grace period (that waits only for readers that began before it) but gives the same outcomes for the model's
 * readers, which never block inside the section. The wait is registered ({@link WaitVar}).
 *
 * <p>Memory effects, per model. The LKMM's guarantee (tools/memory-model/Documentation/explanation.txt, "RCU
 * RELATIONS"): for a section C and a grace period G, either C ends before G ends and every store that propagated to
 * C's CPU before C's end propagates to every CPU before G ends, or G starts before C starts and every store that
 * propagated to G's CPU before G's start propagates to every CPU before C starts; {@code synchronize_srcu()} is also
 * a full barrier of its caller, and {@code srcu_read_lock()}/{@code srcu_read_unlock()} order nothing of their own.
 * <ul>
 *   <li>JVM (JCStress) and the explorer's {@code sc}: the counter's volatile RMWs give more than the guarantee:
 *       everything a reader did inside its section happens-before the return of a {@code synchronize()} that waited
 *       for it, and everything before {@code synchronize()} is visible to a reader that enters after it; the readers'
 *       RMWs are full barriers (the kernel's {@code srcu_read_lock()} has an {@code smp_mb()} too).</li>
 *   <li>{@code tso}: the same, each reader RMW a LOCKed one that drains the emulated store buffer.</li>
 *   <li>{@code weak}: exactly the guarantee, through the model's views ({@code WeakMemory#rcu}): the counter is
 *       not one of its locations, so the readers' boundaries order nothing else, as in the LKMM.</li>
 * </ul>
 */
public final class Srcu {
    private final String name;
    private final AtomicInteger readers = new AtomicInteger();

    public Srcu(String name) {
        this.name = name;
        System.identityHashCode(this); // see WaitVar.varWaitqueue
    }

    /**
     * {@code srcu_read_lock()}: enters a read-side section. Memory effects: a volatile RMW on the JVM and a LOCKed one
     * (draining the store buffer) under the explorer's {@code tso}; under its {@code weak} model, only the grace-period
     * guarantee (a section that starts after a grace period started sees what that grace period's caller saw before
     * it), nothing for the thread's own order, as in the LKMM.
     */
    public void readLock() {
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        readers.incrementAndGet();
        RcuEvents.tell(RcuEvent.READ_LOCK, this);
    }

    /**
     * {@code srcu_read_unlock()}: leaves the section and wakes a waiting synchronize if it was the last reader.
     * Memory effects: as {@link #readLock()}; under {@code weak}, what the thread saw inside the section is seen by
     * the caller of every grace period that started before the section did, when that grace period ends.
     */
    public void readUnlock(Schedule schedule) {
        RcuEvents.tell(RcuEvent.READ_UNLOCK, this); // before the count drops: a waiting grace period may end then
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        if (readers.decrementAndGet() == 0) {
            WaitVar.wakeUpVar(schedule, this);
        }
    }

    /**
     * {@code synchronize_srcu()}: returns once no reader is inside (a registered wait). Memory effects: a full
     * barrier at its start and at its return, and the grace-period guarantee (see the class comment).
     */
    public void synchronize(Watchdog watchdog, Schedule schedule, String where) {
        Barriers.fullBarrier(schedule);
        RcuEvents.tell(RcuEvent.GP_START, this);
        WaitVar.waitVarEvent(watchdog, schedule, this, () -> readers.get() == 0, name + " readers, in " + where);
        RcuEvents.tell(RcuEvent.GP_END, this);
        Barriers.fullBarrier(schedule);
    }

    @Override
    public String toString() {
        return name;
    }
}
