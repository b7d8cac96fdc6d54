package org.gupstress.model.mm;

import org.gupstress.model.kernel.PerCpu;

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
 * (opaque) read-modify-write, and readers sum the slots ({@link PerCpu}, which also says when a slot has one
 * writer). Reads are meant for quiescence (after the actors joined).
 */
public final class VmStat {
    private final long[] acquired = PerCpu.allocPercpu();
    private final long[] released = PerCpu.allocPercpu();

    /** Counted by {@code try_grab_folio()} / {@code try_grab_folio_fast()} for every FOLL_PIN reference. */
    public void pinAcquired(int refs) {
        PerCpu.thisCpuAdd(acquired, refs);
    }

    /** Counted by {@code gup_put_folio()} for every FOLL_PIN reference dropped. */
    public void pinReleased(int refs) {
        PerCpu.thisCpuAdd(released, refs);
    }

    /** {@code global_node_page_state(NR_FOLL_PIN_ACQUIRED)}: the sum over CPUs. */
    public int nrFollPinAcquired() {
        return (int) PerCpu.sum(acquired);
    }

    /** {@code global_node_page_state(NR_FOLL_PIN_RELEASED)}: the sum over CPUs. */
    public int nrFollPinReleased() {
        return (int) PerCpu.sum(released);
    }
}
