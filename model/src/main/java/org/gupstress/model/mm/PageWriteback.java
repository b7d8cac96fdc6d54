package org.gupstress.model.mm;

import org.gupstress.model.World;
import org.gupstress.model.fs.AddressSpace;
import org.gupstress.model.fs.Ext4;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/page-writeback.c: dirtying a folio, cleaning it for I/O, the writeback flag, and writing one folio.
 */
public final class PageWriteback {
    /** folio_clear_dirty_for_io() ran folio_mkclean() and is about to clear PG_dirty. */
    public static final SchedulePoint CLEAR_DIRTY_AFTER_MKCLEAN = SchedulePoint.declare("folio_clear_dirty_for_io.after_mkclean",
            "PTEs write-protected and dirty bits moved to the folio; PG_dirty not yet cleared");
    /** Writeback cleared PG_dirty for I/O; it holds the folio lock and has not started writeback yet. */
    public static final SchedulePoint AFTER_CLEAR_DIRTY = SchedulePoint.declare("writeback.after_clear_dirty_for_io",
            "folio locked and clean for I/O, PG_writeback not yet set");

    private PageWriteback() {
    }

    /**
     * {@code folio_mark_dirty()}: through the mapping's {@code dirty_folio} (ext4: {@code block_dirty_folio()},
     * which expects buffers); a folio with no mapping (truncated) only gets PG_dirty.
     *
     * @return true if this call made the folio dirty
     */
    public static boolean folioMarkDirty(Folio folio) {
        AddressSpace mapping = folio.mapping();
        if (mapping != null && !mapping.daxMapping()) {
            return Ext4.dirtyFolio(mapping, folio);
        }
        return !folio.folioTestSetDirty();
    }

    /**
     * {@code folio_clear_dirty_for_io()}: the folio is locked. "Yes, Virginia, this is indeed insane": first
     * {@code folio_mkclean()} write-protects the PTEs and, if any was dirty or writable, moves that to the folio
     * with {@code folio_mark_dirty()}; then PG_dirty is test-and-cleared.
     *
     * @return true if the folio was dirty and must be written
     */
    public static boolean folioClearDirtyForIo(Folio folio) {
        World w = folio.world();
        if (!folio.folioTestLocked()) {
            w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!folio_test_locked(folio)) in folio_clear_dirty_for_io()");
        }
        if (folio.mapping() != null) {
            if (Rmap.folioMkclean(folio) > 0) {
                folioMarkDirty(folio);
            }
            w.at(CLEAR_DIRTY_AFTER_MKCLEAN);
        }
        return folio.folioTestClearDirty();
    }

    /** {@code folio_start_writeback()}: PG_writeback set (fully ordered); it must not have been set. */
    public static void folioStartWriteback(Folio folio) {
        if (folio.folioTestSetWriteback()) {
            folio.world().sanitizer().report(ViolationKind.BUG, "VM_BUG_ON_FOLIO(folio_test_writeback(folio)) in folio_start_writeback()");
        }
    }

    /**
     * {@code folio_end_writeback()}: test-and-clear PG_writeback (fully ordered, which is the barrier
     * {@code wake_up} needs), then wake waiters.
     */
    public static void folioEndWriteback(Folio folio) {
        if (!folio.folioTestClearWriteback()) {
            folio.world().sanitizer().report(ViolationKind.BUG, "VM_BUG_ON_FOLIO(!folio_test_writeback(folio)) in folio_end_writeback()");
        }
        folio.world().wakeUpVar(folio);
    }

    /**
     * Writes one folio the way writeback does for each dirty folio of {@code ->writepages} (and the old
     * {@code write_one_page()}): lock it, wait for earlier writeback, {@code folio_clear_dirty_for_io()}, then the
     * filesystem's writepage ({@link Ext4#writepage}: start writeback, unlock, I/O with a checksum taken at its
     * start, end writeback), then wait for the I/O.
     *
     * @return true if the folio was written
     * @throws org.gupstress.model.kernel.sched.Hung if the folio lock or writeback wait passes the deadline
     */
    public static boolean writeOneFolio(Folio folio) {
        World w = folio.world();
        Filemap.folioLock(folio);
        boolean locked = true;
        try {
            if (folio.mapping() == null) {
                return false;
            }
            Filemap.folioWaitWriteback(folio);
            if (!folioClearDirtyForIo(folio)) {
                return false;
            }
            w.at(AFTER_CLEAR_DIRTY);
            locked = false; // ->writepage unlocks
            boolean written = Ext4.writepage(folio);
            if (written) {
                Filemap.folioWaitWriteback(folio);
            }
            return written;
        } finally {
            if (locked) {
                Filemap.folioUnlock(folio);
            }
        }
    }
}
