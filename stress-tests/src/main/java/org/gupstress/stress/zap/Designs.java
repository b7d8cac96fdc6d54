package org.gupstress.stress.zap;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.Tlb;
import org.gupstress.model.mm.MapcountPinTracking.Reading;
import org.gupstress.model.mm.MapcountPinTracking.Scheme;
import org.gupstress.model.mm.MapcountPinTracking;
import org.gupstress.model.mm.Memory.ZapMarker;
import org.gupstress.model.mm.Memory;

/**
 * The knob settings of family B's designs, shared by every scenario so that a design means the same thing in
 * each. The model side, with the quotes and the readings, is {@link MapcountPinTracking}.
 */
final class Designs {
    /**
     * Every design starts from the kernel's defaults. No design here needs a watchdog setting: a thread that waits
     * for a descheduled lock holder is simply waited for, and a real deadlock would be detected when it closed.
     */
    private static Config.Builder base() {
        return Config.builder();
    }

    /**
     * PIN_BIAS: FOLL_PIN as merged (John Hubbard's series, 2020; mm/gup.c {@code try_grab_folio()}): a pin adds
     * {@code GUP_PIN_COUNTING_BIAS} (1024) to {@code _refcount}, zap never touches it, and the check is
     * {@code folio_maybe_dma_pinned()} after {@code folio_mkclean()}. No false negative is possible: nothing but
     * the unpin removes the bias. False positives need 1024 plain references.
     */
    static final Config PIN_BIAS = base().build();

    /**
     * The refcount a clean, unpinned page of {@link TwoMappings} has while writeback looks at it: the page cache,
     * two PTEs, and writeback's own lookup reference.
     */
    static final int SMALL_BIAS = 4;

    /**
     * PIN_BIAS with {@code GUP_PIN_COUNTING_BIAS} = {@link #SMALL_BIAS}: the plain references of an unpinned page
     * reach the bias until the zap drops the PTE's reference, so {@code folio_maybe_dma_pinned()}'s false
     * positives ("false positives are OK", include/linux/mm.h) become observable. Still no false negative.
     */
    static final Config PIN_BIAS_SMALL = base().set(Folio.GUP_PIN_COUNTING_BIAS, SMALL_BIAS).build();

    /**
     * MAPCOUNT_ONE_WALK: pins counted in {@code _mapcount} (John Hubbard's restatement, seed 002, 2018-12-18:
     * "this would use page->_mapcount to store both the real mapcount, and the dma pinned count (simply added
     * together)"), and Jerome Glisse's {@code page_mkclean()}: one walk counting {@code real_mapcount}, then
     * {@code if ((page_mapcount(page) - real_mapcount) > 0) SetPageDMAPined(page)}.
     */
    static final Config MAPCOUNT_ONE_WALK = base()
            .set(Gup.PIN_POLICY, Scheme.MAPCOUNT_ONE_WALK)
            .build();

    /**
     * MAPCOUNT_REWALK: Jerome Glisse's algorithm of 2019-01-03 (seed 002) under its most favourable reading: every
     * zapped PTE leaves a marker ({@link ZapMarker#ANY}) and the final test subtracts the markers the re-walk
     * counts ({@link Reading#SIGN_CORRECTED}). See {@link MapcountPinTracking} for the quotes.
     */
    static final Config MAPCOUNT_REWALK = base()
            .set(Gup.PIN_POLICY, Scheme.MAPCOUNT_REWALK)
            .set(Memory.ZAP_MARKER, ZapMarker.ANY)
            .set(MapcountPinTracking.REWALK_READING, Reading.SIGN_CORRECTED)
            .build();

    /**
     * MAPCOUNT_REWALK_AS_WRITTEN: the same algorithm read literally: "When clearing a write-able pte we set a special
     * entry" ({@link ZapMarker#WRITABLE}) and {@code if (mapcount2 <= (real_count + rc2))} with {@code real_count}
     * being {@code real_mapcount}, which the re-walk has just refilled with the markers ({@link Reading#AS_WRITTEN}).
     */
    static final Config MAPCOUNT_REWALK_AS_WRITTEN = base()
            .set(Gup.PIN_POLICY, Scheme.MAPCOUNT_REWALK)
            .set(Memory.ZAP_MARKER, ZapMarker.WRITABLE)
            .set(MapcountPinTracking.REWALK_READING, Reading.AS_WRITTEN)
            .build();

    /**
     * MAPCOUNT_RECOUNT: pins in {@code _mapcount} as in seed 002, but {@code page_mkclean()} first write-protects
     * every PTE, then reads {@code page_mapcount()}, then counts the PTEs that still map the page; pinned iff the
     * read exceeds the count. Not from the thread: the ordering this suite's findings point to (Jan Kara's
     * "only after going through all PTEs like this, it can check page->_mapcount" for GUP, plus a count taken
     * after the read for zap). Expected SAFE for false negatives against zap, unpin and slow GUP.
     */
    static final Config MAPCOUNT_RECOUNT = base()
            .set(Gup.PIN_POLICY, Scheme.MAPCOUNT_RECOUNT)
            .build();

    /**
     * PIN_BIAS with GUP-fast that does not re-read the PTE after taking its pin ({@link Gup#RECHECK_PTE} off): what
     * is left of Jan Kara's PTE-lock argument once GUP takes no PTE lock and nothing replaces it.
     */
    static final Config PIN_BIAS_GUP_FAST_NO_RECHECK = base().set(Gup.RECHECK_PTE, false).build();

    /**
     * {@link #PIN_BIAS_GUP_FAST_NO_RECHECK} on a machine whose TLB flush is an IPI that waits for GUP-fast's
     * interrupts-off section ({@link Tlb.FlushModel#IPI}, x86 bare metal): what replaced the PTE lock for x86's own
     * GUP-fast from 2008 to 2017, which never re-read the PTE.
     */
    static final Config PIN_BIAS_GUP_FAST_NO_RECHECK_IPI_FLUSH = base()
            .set(Gup.RECHECK_PTE, false)
            .set(Tlb.FLUSH, Tlb.FlushModel.IPI)
            .build();

    private Designs() {
    }
}
