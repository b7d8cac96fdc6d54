package org.gupstress.model.kernel;

import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * The writer lock of {@link Atomic} and {@link Atomic64}: the part of an LL/SC read-modify-write that keeps other
 * writers out between the read ({@code ldxr}) and the publishing store ({@code stxr}). One int field of the atomic,
 * on a cache line of its own, reached through the atomic's static {@link VarHandle}; this class only holds the code,
 * so an atomic costs no extra object.
 */
final class WriterLock {
    /** Spins before the waiting writer starts yielding: the holder may have been preempted. */
    private static final int SPINS_BEFORE_YIELD = 128;

    private WriterLock() {
    }

    /**
     * Takes {@code owner}'s writer lock. The CAS is an acquire (on x86 a {@code LOCK CMPXCHG}, a full barrier): it
     * orders the RMW after the thread's earlier accesses on x86, which is stronger than a void atomic needs (see
     * {@link Atomic}), but never hides the reordering that matters, a later load passing the store that publishes
     * the result.
     */
    static void lock(VarHandle writer, Object owner) {
        int spins = 0;
        for (;;) {
            if ((int) writer.getOpaque(owner) == 0 && writer.weakCompareAndSetAcquire(owner, 0, 1)) {
                return;
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Drops the lock (release: the value's store is visible to the next writer before the lock is free). */
    static void unlock(VarHandle writer, Object owner) {
        writer.setRelease(owner, 0);
    }

    /**
     * Tells a controlling schedule (the explorer) what this thread read or wrote, for its timeline and footprints;
     * returns {@code value}. A plain read of a static field outside exploration.
     */
    static long traced(Object variable, boolean write, long value) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.accessed(variable, write, value);
        }
        return value;
    }
}
