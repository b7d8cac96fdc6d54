package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-CPU counters (include/linux/percpu-defs.h {@code this_cpu_add()}, the per-CPU diffs of mm/vmstat.c): one
 * slot per model "CPU" in a {@code long[]} the owner allocates once ({@link #allocPercpu()}); this class holds only
 * code, so a counter costs its array and nothing else.
 *
 * <p>Memory effects: {@link #thisCpuAdd} is a plain (opaque) read-modify-write of the current thread's slot with no
 * barrier, as {@code this_cpu_add()} is on x86 (no LOCK prefix: preemption, not atomicity, protects the slot), so it
 * never drains a store buffer; {@link #sum} reads every slot once (READ_ONCE), unordered.
 *
 * <p>Thread-safety: a slot has one writer as long as no two threads that touch the same counter at the same time
 * map to the same slot. Threads get slots round-robin in creation order; a world is touched by a handful of threads
 * created together (its JCStress actors, or one script's threads), far fewer than {@link #NR_CPUS}. Sums are meant
 * for quiescence.
 */
public final class PerCpu {
    /** Slots per counter: the model's "CPUs". A power of two. */
    public static final int NR_CPUS = 32;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final AtomicInteger NEXT_CPU = new AtomicInteger();
    /** {@code smp_processor_id()}: assigned once per thread, round-robin. */
    private static final ThreadLocal<Integer> CPU =
            ThreadLocal.withInitial(() -> NEXT_CPU.getAndIncrement() & (NR_CPUS - 1));

    private PerCpu() {
    }

    /** {@code alloc_percpu(long)}: a zeroed counter. */
    public static long[] allocPercpu() {
        return new long[NR_CPUS];
    }

    /** {@code smp_processor_id()} of the current thread. */
    public static int smpProcessorId() {
        return CPU.get();
    }

    /** {@code this_cpu_add(counter, delta)}: a plain RMW of this thread's slot; no barrier. */
    public static void thisCpuAdd(long[] counter, long delta) {
        int cpu = smpProcessorId();
        SLOT.setOpaque(counter, cpu, (long) SLOT.getOpaque(counter, cpu) + delta);
    }

    /** The sum over CPUs ({@code percpu_counter_sum()}, {@code global_node_page_state()}): READ_ONCE of each slot. */
    public static long sum(long[] counter) {
        long s = 0;
        for (int i = 0; i < counter.length; i++) {
            s += (long) SLOT.getOpaque(counter, i);
        }
        return s;
    }
}
