package org.gupstress.model.mm;

import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * Pin-aware writeback: the "TODO" of Documentation/core-api/pin_user_pages.rst ("what writeback should do with
 * pinned pages"), as the 2018 LSF/MM discussion (LWN 753027, "The trouble with get_user_pages()") and John
 * Hubbard's put_user_page() series proposed it. No merged kernel does this: the design is the
 * {@link MkcleanPolicy} {@link #PIN_AWARE}, which a world's config sets as {@link PageWriteback#MKCLEAN_POLICY} (the
 * kernel's is {@link MkcleanPolicy#FOLIO_MKCLEAN}).
 *
 * <p>The decision is taken in {@code folio_clear_dirty_for_io()}, right after {@code folio_mkclean()} has
 * write-protected every PTE: from then on no new pin can be taken without a write fault (which calls the
 * filesystem's {@code page_mkwrite} and, on a stable-writes mapping, waits for the write-out), so a pin that
 * the check misses must have been taken after it, through that fault. A pin that GUP-fast takes concurrently,
 * on the PTE as it was before the write-protect, is caught by store buffering's rule:
 *
 * <pre>
 *   GUP-fast (gup_fast_pte_range)              pin-aware folio_mkclean()
 *   pte = ptep_get_lockless()                  ptep_clear_flush(); set_pte_at(wrprotect(pte))
 *   pin (atomic add)                           smp_mb()              [MKCLEAN_BEFORE_PIN_CHECK]
 *   smp_mb__after_atomic() [Gup.PIN_BEFORE_PTE_RECHECK]
 *   if (pte != ptep_get()) unpin, slow path    pinned = folio_maybe_dma_pinned()
 * </pre>
 *
 * With both barriers, either GUP-fast sees the write-protected PTE and backs off, or the cleaner sees the pin.
 * {@code ptep_clear_flush()} is fully ordered where it flushes: on x86 its {@code xchg} is locked, on arm64 the
 * exchange is {@code xchg_relaxed()} but {@code flush_tlb_page()} ends with {@code dsb(ish)} ({@link Mm#flushTlbPage}).
 * The {@code smp_mb()} keeps the cleaner correct where the write-protect is not such a flush (the kernel's analogue,
 * for anonymous pages, is the {@code smp_mb()} in {@code __folio_try_share_anon_rmap()}).
 *
 * <p>What writeback does with a folio this design found pinned (LWN 753027's "bounce, keep dirty",
 * {@link PageWriteback#writeOneFolio}): it writes a bounce copy, so
 * the checksum and the data the device reads agree while the pin holder keeps writing, and it leaves the folio
 * dirty, so what the pin holder writes after the copy is written by the next cycle and the block reservation
 * stays attached ({@code release_folio} never drops the buffers of a dirty folio).
 */
public final class WritebackPins {
    /**
     * The cleaner's half of the store-buffering pair with {@link Gup#PIN_BEFORE_PTE_RECHECK}: the PTEs are
     * write-protected before the pins are read. Without it (and without the full barrier of
     * {@code ptep_clear_flush()}'s TLB flush) the cleaner could read "not pinned" while a GUP-fast pin it cannot see
     * re-reads the old, writable PTE.
     */
    public static final BarrierSite MKCLEAN_BEFORE_PIN_CHECK = BarrierSite.of("folio_mkclean.before_pin_check",
            "smp_mb() in a pin-aware folio_mkclean(), between write-protecting the PTEs and folio_maybe_dma_pinned()");

    /** The pin-aware cleaner decided; the folio is still locked. */
    public static final SchedulePoint AFTER_PIN_CHECK = SchedulePoint.declare("folio_mkclean.after_pin_check",
            "PTEs write-protected and folio_maybe_dma_pinned() read; folio still locked");

    private WritebackPins() {
    }

    /**
     * The pin-aware {@code folio_mkclean()}, as {@link PageWriteback#MKCLEAN_POLICY}: it looks for pins the way the
     * world's {@link Gup#PIN_POLICY} takes them: FOLL_PIN ({@link #folioMkcleanPinAware}), or seed 002's
     * {@code _mapcount} walks ({@link MapcountPinTracking.Scheme#pageMkclean}). The folio is locked.
     */
    public static final MkcleanPolicy PIN_AWARE = new MkcleanPolicy() {
        @Override
        public Result folioMkclean(Folio folio) {
            return folio.world().config().get(Gup.PIN_POLICY) instanceof MapcountPinTracking.Scheme scheme
                    ? scheme.pageMkclean(folio)
                    : folioMkcleanPinAware(folio);
        }

        @Override
        public String toString() {
            return "pin-aware folio_mkclean";
        }
    };

    /**
     * A pin-aware {@code folio_mkclean()} for FOLL_PIN: write-protect and clean every shared PTE
     * ({@link Rmap#folioMkclean}), {@code smp_mb()} at {@link #MKCLEAN_BEFORE_PIN_CHECK}, then
     * {@code folio_maybe_dma_pinned()}. The folio is locked.
     */
    public static MkcleanPolicy.Result folioMkcleanPinAware(Folio folio) {
        World w = folio.world();
        boolean[] pinned = {false};
        int cleaned = Rmap.folioMkclean(folio, () -> {
            // Right after the last write-protect: the shorter this distance, the more likely a missing barrier
            // on GUP-fast's side shows on real hardware (the check is correct anywhere after the walk).
            w.smpMb(MKCLEAN_BEFORE_PIN_CHECK);
            pinned[0] = folio.folioMaybeDmaPinned();
        });
        w.at(AFTER_PIN_CHECK);
        return new MkcleanPolicy.Result(cleaned, pinned[0]);
    }
}
