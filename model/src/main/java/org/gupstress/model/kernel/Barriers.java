package org.gupstress.model.kernel;

import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

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
 *       carry no trailing barrier, so here these must be real fences;</li>
 *   <li>{@code smp_mb__after_spinlock()}: the same full fence (arm64, POWER and RISC-V issue {@code smp_mb()}; x86
 *       none, its lock is a LOCKed RMW);</li>
 *   <li>{@code smp_rmb()} = {@link VarHandle#loadLoadFence()}, {@code smp_wmb()} = {@link VarHandle#storeStoreFence()}:
 *       on x86 both are compiler barriers only (TSO keeps loads in order and stores in order), so no JCStress run
 *       on x86 can witness a missing one; only the explorer's weak mode can.</li>
 * </ul>
 *
 * In a scripted run a full barrier also drains the thread's emulated store buffer; {@code smp_rmb()} and
 * {@code smp_wmb()} do not touch it (its FIFO order already keeps stores in order, and its loads read memory in
 * program order). Under the explorer's weak memory model ({@code --memory-model weak}) all three tell the schedule
 * ({@code Schedule#drainStoreBuffer}, {@code #readBarrier}, {@code #writeBarrier}), which updates the thread's views.
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
     * {@code smp_mb__after_spinlock()}: a full barrier after a lock acquisition (include/linux/spinlock.h), which
     * makes the acquisition order earlier stores before later loads.
     */
    public static void smpMbAfterSpinlock(Schedule schedule) {
        fullBarrier(schedule);
    }

    /**
     * {@code smp_rmb()}: the thread's earlier loads are ordered before its later loads. Nothing else: a store
     * before it may still be passed by a load after it.
     */
    public static void smpRmb() {
        VarHandle.loadLoadFence();
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.readBarrier(); // the explorer's weak memory model applies the views of the writes the thread read
        }
    }

    /** {@code smp_wmb()}: the thread's earlier stores become visible before its later stores. Nothing else. */
    public static void smpWmb() {
        VarHandle.storeStoreFence();
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.writeBarrier(); // under the explorer's weak memory model, later stores carry the earlier ones
        }
    }

    /** {@code smp_rmb()} at {@code site}: deleted when the site's strength is {@link Strength#NONE}. */
    public static void smpRmb(Config config, BarrierSite site) {
        if (config.get(site) != Strength.NONE) {
            smpRmb();
        }
    }

    /** {@code smp_wmb()} at {@code site}: deleted when the site's strength is {@link Strength#NONE}. */
    public static void smpWmb(Config config, BarrierSite site) {
        if (config.get(site) != Strength.NONE) {
            smpWmb();
        }
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
