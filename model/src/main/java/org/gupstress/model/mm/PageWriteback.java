package org.gupstress.model.mm;

import org.gupstress.model.World;
import org.gupstress.model.fs.AddressSpace;
import org.gupstress.model.fs.Ext4;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/page-writeback.c: dirtying a folio, cleaning it for I/O, the writeback flag, and writing one folio. Whether
 * writeback looks at DMA pins is the {@link WritebackPins#POLICY} knob (the kernel does not).
 */
public final class PageWriteback {
    /** folio_clear_dirty_for_io() ran folio_mkclean() and is about to clear PG_dirty. */
    public static final SchedulePoint CLEAR_DIRTY_AFTER_MKCLEAN = SchedulePoint.declare("folio_clear_dirty_for_io.after_mkclean",
            "PTEs write-protected and dirty bits moved to the folio; PG_dirty not yet cleared");
    /** Writeback cleared PG_dirty for I/O; it holds the folio lock and has not started writeback yet. */
    public static final SchedulePoint AFTER_CLEAR_DIRTY = SchedulePoint.declare("writeback.after_clear_dirty_for_io",
            "folio locked and clean for I/O, PG_writeback not yet set");

    /** What {@link #folioClearDirtyForIoPinned} found. */
    public enum IoState {
        /** The folio was clean: nothing to write. */
        CLEAN,
        /** The folio was dirty and is now clean for I/O. */
        DIRTY,
        /** The folio was dirty, is now clean for I/O, and the pin-aware design found it DMA-pinned. */
        DIRTY_PINNED
    }

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
        return folioClearDirtyForIoPinned(folio) != IoState.CLEAN;
    }

    /**
     * {@link #folioClearDirtyForIo} that also reports what a pin-aware design's {@code folio_mkclean()} found
     * ({@link WritebackPins#folioMkclean}); under the kernel's policy the answer is never {@link IoState#DIRTY_PINNED}.
     */
    public static IoState folioClearDirtyForIoPinned(Folio folio) {
        World w = folio.world();
        if (!folio.folioTestLocked()) {
            w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!folio_test_locked(folio)) in folio_clear_dirty_for_io()");
        }
        boolean pinned = false;
        if (folio.mapping() != null) {
            WritebackPins.Mkclean mk = WritebackPins.folioMkclean(folio);
            if (mk.cleaned() > 0) {
                folioMarkDirty(folio);
            }
            pinned = mk.pinned();
            w.at(CLEAR_DIRTY_AFTER_MKCLEAN);
        }
        if (!folio.folioTestClearDirty()) {
            return IoState.CLEAN;
        }
        return pinned ? IoState.DIRTY_PINNED : IoState.DIRTY;
    }

    /**
     * {@code folio_redirty_for_writepage()}: the filesystem will write the folio now but wants it dirty again
     * afterwards; here because a DMA pin holder may still be writing into it.
     */
    public static void folioRedirtyForWritepage(Folio folio) {
        folioMarkDirty(folio);
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
     * start, end writeback), then wait for the I/O. A folio the pin-aware design found DMA-pinned is redirtied and
     * written from a bounce copy ({@link WritebackPins.Policy#BOUNCE_AND_REDIRTY}).
     *
     * @return true if the folio was written
     * @throws org.gupstress.model.kernel.sched.Hung if the folio lock or writeback wait is found deadlocked
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
            IoState state = folioClearDirtyForIoPinned(folio);
            if (state == IoState.CLEAN) {
                return false;
            }
            w.at(AFTER_CLEAR_DIRTY);
            boolean pinned = state == IoState.DIRTY_PINNED;
            if (pinned) {
                folioRedirtyForWritepage(folio);
            }
            locked = false; // ->writepage unlocks
            boolean written = Ext4.writepage(folio, pinned);
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
