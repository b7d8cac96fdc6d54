package org.gupstress.model.mm;

/**
 * Which {@code folio_mkclean()} {@code folio_clear_dirty_for_io()} runs, and whether it also answers "is this folio
 * DMA-pinned?". The kernel's ({@link #FOLIO_MKCLEAN}) never looks at pins; a pin-aware writeback (proposed, never
 * merged: {@link WritebackPins}) changes this one step of a merged function, so the choice is a knob at that one
 * site ({@link PageWriteback#MKCLEAN_POLICY}).
 *
 * <p>Thread-safety: implementations are stateless, shared by every world of a design.
 */
@FunctionalInterface
public interface MkcleanPolicy {
    /** The kernel as merged: {@link Rmap#folioMkclean(Folio)}; a folio is never reported pinned. */
    MkcleanPolicy FOLIO_MKCLEAN = new MkcleanPolicy() {
        @Override
        public Result folioMkclean(Folio folio) {
            return new Result(Rmap.folioMkclean(folio), false);
        }

        @Override
        public String toString() {
            return "folio_mkclean";
        }
    };

    /**
     * Write-protects and cleans every shared PTE of the locked {@code folio}; a pin-aware policy also decides
     * whether the folio is DMA-pinned.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a lock of the walk is not had by the watchdog deadline
     */
    Result folioMkclean(Folio folio);

    /**
     * What a {@code folio_mkclean()} did.
     *
     * @param cleaned how many PTEs were dirty or writable and are now clean and write-protected
     * @param pinned  whether the folio was found DMA-pinned (always false for the kernel's)
     */
    record Result(int cleaned, boolean pinned) {
    }
}
