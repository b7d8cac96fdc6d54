package org.gupstress.stress.litmus;

import java.time.Duration;

import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.locking.SpinLock;
import org.gupstress.model.kernel.rcu.Rcu;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * The LKMM's barriers, locks and RCU as a litmus test calls them: the model's {@link Barriers} on the schedule in force
 * (the explorer's or a script's, else none) and the model's {@link SpinLock}. No world: a litmus test has no pages.
 */
final class Lkmm {
    /** How long a spinlock waits before the last-resort watchdog calls it a stall (a litmus wait takes microseconds). */
    private static final Duration STALL = Duration.ofSeconds(10);

    private Lkmm() {
    }

    /** {@code smp_mb()}. */
    static void smpMb() {
        Barriers.fullBarrier(schedule());
    }

    /** {@code smp_rmb()}. */
    static void smpRmb() {
        Barriers.smpRmb();
    }

    /** {@code smp_wmb()}. */
    static void smpWmb() {
        Barriers.smpWmb();
    }

    /**
     * {@code smp_mb__after_atomic()}: a full barrier after an RMW (Documentation/atomic_t.txt), also after a failed
     * {@code cmpxchg()} (Documentation/litmus-tests/atomic/cmpxchg-fail-ordered-*.litmus).
     */
    static void smpMbAfterAtomic() {
        Barriers.fullBarrier(schedule());
    }

    /** {@code smp_mb__after_spinlock()}. */
    static void smpMbAfterSpinlock() {
        Barriers.smpMbAfterSpinlock(schedule());
    }

    /** An RCU domain of its own. */
    static Rcu rcu(String name) {
        return new Rcu(name);
    }

    /** A last-resort watchdog of its own, for a wait ({@code synchronize_rcu()}). */
    static Watchdog watchdog() {
        return new Watchdog(STALL, new Sanitizer());
    }

    /** A {@code spinlock_t}, alone in a world of its own (its own watchdog and task registry). */
    static SpinLock spinLock(String name) {
        return new SpinLock(new Watchdog(STALL, new Sanitizer()), name);
    }

    /** The schedule in force: the explorer's or a script's, else none (a stress run). */
    static Schedule schedule() {
        Schedule s = Schedules.everyWorld();
        return s != null ? s : Schedules.none();
    }
}
