package org.gupstress.stress.writeback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.ext4.Ext4;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.stress.writeback.GupVsWritebackScenario.Result;
import org.junit.jupiter.api.Test;

/**
 * The bug outcomes of GET_PAGE_LEGACY and FOLL_PIN_MERGED reached by script, and the pin-aware designs under the
 * same scripts. Each script runs the JCStress test class's own actors, then its own classification (which runs
 * the next writeback cycle, as the arbiter does).
 */
class GupVsWritebackTest {

    // ---- The device writes after the write-out; reclaim drops the buffers in between: LOST_WRITE.

    /** 2018: the DMA's set_page_dirty_lock() dirties a page without buffers; the next writeback hits BUG_ON. */
    @Test
    void legacyLosesTheWriteAndCrashesTheNextWriteback() {
        GupVsWritebackScenario s = new GupVsWriteback.GetPageLegacy();
        assertEquals(Result.LOST_WRITE, writeOutAndReclaimBeforeTheTransfer(s));
        assertTrue(s.world().sanitizer().has(ViolationKind.DIRTY_WITHOUT_RESERVATION));
        assertTrue(s.world().sanitizer().violations(ViolationKind.BUG).get(0).what().contains("fs/ext4/inode.c:1899"));
    }

    /**
     * Today: the pin is counted but writeback does not look; ext4 prints a warning (ext4_warning_inode(), not a
     * WARN), marks the page clean, D1 is gone.
     */
    @Test
    void mergedLosesTheWriteWithAWarning() {
        GupVsWritebackScenario s = new GupVsWriteback.FollPinMerged();
        assertEquals(Result.LOST_WRITE, writeOutAndReclaimBeforeTheTransfer(s));
        assertTrue(s.world().sanitizer().violations(ViolationKind.FS_WARNING).get(0).what()
                .contains("does not have buffers attached"));
        assertFalse(s.world().sanitizer().has(ViolationKind.WARN));
        assertFalse(s.world().sanitizer().has(ViolationKind.BUG));
    }

    /** Same script: writeback saw the pin, kept the page dirty (so reclaim kept its buffers), the next cycle wrote D1. */
    @Test
    void pinAwareWritebackKeepsThePinnedPageDirty() {
        assertEquals(Result.STILL_DIRTY, writeOutAndReclaimBeforeTheTransfer(new GupVsWriteback.PinAwareWriteback()));
    }

    /** Same script: page_mkclean()'s count found page_mapcount() one above the PTEs it walked. */
    @Test
    void mapcountAccountingSeesThePinToo() {
        assertEquals(Result.STILL_DIRTY, writeOutAndReclaimBeforeTheTransfer(new GupVsWriteback.MapcountGupBackoff()));
    }

    // ---- The device writes before the write-out; the release comes after reclaim: DIRTY_WITHOUT_RESERVATION.

    @Test
    void legacyDirtiesAPageWithoutBuffers() {
        GupVsWritebackScenario s = new GupVsWriteback.GetPageLegacy();
        assertEquals(Result.DIRTY_WITHOUT_RESERVATION, releaseAfterWriteOutAndReclaim(s));
        assertTrue(s.world().sanitizer().has(ViolationKind.BUG));
    }

    @Test
    void mergedDirtiesAPageWithoutBuffers() {
        assertEquals(Result.DIRTY_WITHOUT_RESERVATION, releaseAfterWriteOutAndReclaim(new GupVsWriteback.FollPinMerged()));
    }

    @Test
    void pinAwareWritebackNeverDropsAPinnedPagesBuffers() {
        assertEquals(Result.STILL_DIRTY, releaseAfterWriteOutAndReclaim(new GupVsWriteback.PinAwareWriteback()));
    }

    // ---- The device writes between the checksum and the copy: WRITEBACK_UNSTABLE (interesting where no stable
    // pages are promised, forbidden where they are).

    @Test
    void mergedChangesThePageUnderWriteback() {
        assertEquals(Result.WRITEBACK_UNSTABLE, transferDuringTheWriteOut(new GupVsWriteback.FollPinMerged()));
    }

    @Test
    void pinAwareWritebackWritesABounceCopy() {
        assertEquals(Result.STILL_DIRTY, transferDuringTheWriteOut(new GupVsWriteback.PinAwareWriteback()));
    }

    // ---- LONGTERM_REFUSED: the pin fails whatever writeback does.

    @Test
    void longtermWritablePinOfADirtyTrackedMappingIsRefused() {
        GupVsWritebackScenario s = new GupVsWriteback.LongtermRefused();
        Interleaving.in(s.world()::useSchedule)
                .thread("DMA", s::dma)
                .thread("WRITEBACK", s::writeback)
                .step("DMA", Interleaving.END)
                .step("WRITEBACK", Interleaving.END)
                .run();
        assertEquals(Result.PIN_REFUSED, s.classify());
    }

    // ---- Scripts.

    /** DMA grabs the page; writeback cleans it, writes it, reclaim drops its buffers; then the device writes D1. */
    private static Result writeOutAndReclaimBeforeTheTransfer(GupVsWritebackScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("DMA", s::dma)
                .thread("WRITEBACK", s::writeback)
                .step("DMA", DmaBuffer.BEFORE_TRANSFER.name())
                .step("WRITEBACK", Interleaving.END)
                .step("DMA", Interleaving.END)
                .run();
        return s.classify();
    }

    /** DMA grabs the page and the device writes D1; writeback writes it out and reclaim runs; then the release. */
    private static Result releaseAfterWriteOutAndReclaim(GupVsWritebackScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("DMA", s::dma)
                .thread("WRITEBACK", s::writeback)
                .step("DMA", DmaBuffer.TRANSFER_DONE.name())
                .step("WRITEBACK", Interleaving.END)
                .step("DMA", Interleaving.END)
                .run();
        return s.classify();
    }

    /** DMA grabs the page; writeback takes its checksum; the device writes D1 and completes; the copy follows. */
    private static Result transferDuringTheWriteOut(GupVsWritebackScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("DMA", s::dma)
                .thread("WRITEBACK", s::writeback)
                .step("DMA", DmaBuffer.BEFORE_TRANSFER.name())
                .step("WRITEBACK", Ext4.WRITEPAGE_IO_IN_FLIGHT.name())
                .step("DMA", Interleaving.END)
                .step("WRITEBACK", Interleaving.END)
                .run();
        return s.classify();
    }
}
