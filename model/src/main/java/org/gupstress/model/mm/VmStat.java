package org.gupstress.model.mm;

import org.gupstress.model.kernel.Atomic;

/**
 * The node statistics FOLL_PIN keeps (mm/gup.c: {@code node_stat_mod_folio(folio, NR_FOLL_PIN_ACQUIRED, refs)}),
 * shown as {@code nr_foll_pin_acquired} / {@code nr_foll_pin_released} in /proc/vmstat. With no long-term pins
 * outstanding the two are equal; the pin-accounting oracle checks that at quiescence.
 */
public final class VmStat {
    private final Atomic nrFollPinAcquired = new Atomic(0);
    private final Atomic nrFollPinReleased = new Atomic(0);

    /** Counted by {@code try_grab_folio()} / {@code try_grab_folio_fast()} for every FOLL_PIN reference. */
    public void pinAcquired(int refs) {
        nrFollPinAcquired.add(refs);
    }

    /** Counted by {@code gup_put_folio()} for every FOLL_PIN reference dropped. */
    public void pinReleased(int refs) {
        nrFollPinReleased.add(refs);
    }

    public int nrFollPinAcquired() {
        return nrFollPinAcquired.read();
    }

    public int nrFollPinReleased() {
        return nrFollPinReleased.read();
    }
}
