package org.gupstress.model.kernel.rcu;

import java.util.concurrent.atomic.AtomicInteger;

import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.StoreBuffer;
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
 * <p>Memory effects: everything a reader did inside its section happens-before the return of a
 * {@code synchronize()} that waited for it; everything before {@code synchronize()} returned is visible to a reader
 * that enters after it (volatile RMWs on the counter).
 */
public final class Srcu {
    private final String name;
    private final AtomicInteger readers = new AtomicInteger();

    public Srcu(String name) {
        this.name = name;
        System.identityHashCode(this); // see WaitVar.varWaitqueue
    }

    /** {@code srcu_read_lock()}: enters a read-side section (fully ordered). */
    public void readLock() {
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        readers.incrementAndGet();
    }

    /** {@code srcu_read_unlock()}: leaves it and wakes a waiting synchronize if it was the last reader. */
    public void readUnlock(Schedule schedule) {
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        if (readers.decrementAndGet() == 0) {
            WaitVar.wakeUpVar(schedule, this);
        }
    }

    /** {@code synchronize_srcu()}: returns once no reader is inside (a registered wait). */
    public void synchronize(Watchdog watchdog, Schedule schedule, String where) {
        Barriers.fullBarrier(schedule);
        WaitVar.waitVarEvent(watchdog, schedule, this, () -> readers.get() == 0, name + " readers, in " + where);
    }

    @Override
    public String toString() {
        return name;
    }
}
