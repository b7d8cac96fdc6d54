package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node statistics FOLL_PIN keeps (mm/gup.c: {@code node_stat_mod_folio(folio, NR_FOLL_PIN_ACQUIRED, refs)}),
 * shown as {@code nr_foll_pin_acquired} / {@code nr_foll_pin_released} in /proc/vmstat. With no long-term pins
 * outstanding the two are equal; the pin-accounting oracle checks that at quiescence.
 *
 * <p><b>Per-CPU, as in the kernel.</b> {@code mod_node_page_state()} updates a per-CPU delta with
 * {@code this_cpu_cmpxchg}, which on x86 carries no LOCK prefix: it is not a barrier. GUP-fast counts its pin
 * between the pin itself and the PTE re-check, so a counter updated with a LOCKed instruction (any Java CAS)
 * would drain the pin out of the store buffer there and hide the reordering a weakened
 * {@link Gup#PIN_BEFORE_PTE_RECHECK} allows. Each model thread therefore adds to its own slot with a plain
 * (opaque) read-modify-write, and readers sum the slots.
 *
 * <p>Thread-safety: a slot has one writer as long as no two threads that touch the same world at the same time
 * map to the same slot. Threads get slots round-robin in creation order; a world is touched by a handful of
 * threads created together (its JCStress actors, or one JUnit script's threads), far fewer than
 * {@link #NR_CPUS}. Reads are meant for quiescence (after the actors joined).
 */
public final class VmStat {
    /** Slots per counter: the model's "CPUs". A power of two. */
    static final int NR_CPUS = 32;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final AtomicInteger NEXT_CPU = new AtomicInteger();
    /** {@code smp_processor_id()}: assigned once per thread, round-robin. */
    private static final ThreadLocal<Integer> CPU =
            ThreadLocal.withInitial(() -> NEXT_CPU.getAndIncrement() & (NR_CPUS - 1));

    private final long[] acquired = new long[NR_CPUS];
    private final long[] released = new long[NR_CPUS];

    /** Counted by {@code try_grab_folio()} / {@code try_grab_folio_fast()} for every FOLL_PIN reference. */
    public void pinAcquired(int refs) {
        thisCpuAdd(acquired, refs);
    }

    /** Counted by {@code gup_put_folio()} for every FOLL_PIN reference dropped. */
    public void pinReleased(int refs) {
        thisCpuAdd(released, refs);
    }

    /** {@code global_node_page_state(NR_FOLL_PIN_ACQUIRED)}: the sum over CPUs. */
    public int nrFollPinAcquired() {
        return sum(acquired);
    }

    /** {@code global_node_page_state(NR_FOLL_PIN_RELEASED)}: the sum over CPUs. */
    public int nrFollPinReleased() {
        return sum(released);
    }

    /** {@code this_cpu_add()}: a plain read-modify-write of this thread's slot; no barrier. */
    private static void thisCpuAdd(long[] counter, int delta) {
        int cpu = CPU.get();
        SLOT.setOpaque(counter, cpu, (long) SLOT.getOpaque(counter, cpu) + delta);
    }

    private static int sum(long[] counter) {
        long s = 0;
        for (int i = 0; i < counter.length; i++) {
            s += (long) SLOT.getOpaque(counter, i);
        }
        return (int) s;
    }
}
