package org.gupstress.model.kernel;

import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Schedule;

/**
 * The kernel's barriers (include/asm-generic/barrier.h) at named {@link BarrierSite}s, with the strength the
 * world's {@link Config} gives each site. Model code calls them through {@code World}:
 * {@code w.smpMbAfterAtomic(SITE)}.
 *
 * <ul>
 *   <li>{@code smp_mb()} = {@link VarHandle#fullFence()}: orders everything, including a store before a later
 *       load, which release/acquire never do (store buffering, LKMM's SB+fencembonceonces "Never");</li>
 *   <li>{@code smp_mb__after_atomic()} / {@code smp_mb__before_atomic()}: the same full fence. In the kernel
 *       they are no-ops on x86 because x86 atomics are LOCKed; the model's void atomics ({@link Atomic#add})
 *       carry no trailing barrier, so here these must be real fences.</li>
 * </ul>
 *
 * In a scripted run a full barrier also drains the thread's emulated store buffer.
 */
public final class Barriers {
    private Barriers() {
    }

    /** {@code smp_mb()} at {@code site}. */
    public static void smpMb(Config config, Schedule schedule, BarrierSite site) {
        apply(config.get(site), schedule);
    }

    /** {@code smp_mb__after_atomic()} at {@code site}: orders the preceding void atomic before what follows. */
    public static void smpMbAfterAtomic(Config config, Schedule schedule, BarrierSite site) {
        apply(config.get(site), schedule);
    }

    /** {@code smp_mb__before_atomic()} at {@code site}: orders what precedes before the following void atomic. */
    public static void smpMbBeforeAtomic(Config config, Schedule schedule, BarrierSite site) {
        apply(config.get(site), schedule);
    }

    /** An unconditional {@code smp_mb()}: for barriers no design weakens ({@code set_current_state()}). */
    public static void fullBarrier(Schedule schedule) {
        VarHandle.fullFence();
        schedule.drainStoreBuffer();
    }

    /**
     * {@code smp_rmb()}: orders the current thread's earlier loads before its later loads
     * ({@link VarHandle#loadLoadFence()}). Under the explorer's weak memory model it applies the views of the writes
     * the thread read; TSO and SC need nothing.
     */
    public static void smpRmb(Schedule schedule) {
        VarHandle.loadLoadFence();
        schedule.readBarrier();
    }

    /**
     * {@code smp_wmb()}: orders the current thread's earlier stores before its later stores
     * ({@link VarHandle#storeStoreFence()}); not cumulative. Under the explorer's weak memory model its later stores
     * carry its earlier ones; TSO's FIFO store buffer keeps stores in order anyway.
     */
    public static void smpWmb(Schedule schedule) {
        VarHandle.storeStoreFence();
        schedule.writeBarrier();
    }

    private static void apply(Strength strength, Schedule schedule) {
        switch (strength) {
            case FULL -> fullBarrier(schedule);
            case RELEASE_ACQUIRE -> {
                VarHandle.releaseFence();
                VarHandle.acquireFence();
            }
            case NONE -> {
            }
        }
    }
}
