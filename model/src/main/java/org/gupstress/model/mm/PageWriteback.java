package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/page-writeback.c: dirtying a folio, cleaning it for I/O, the writeback flag, and writing one folio. Whether
 * writeback looks at DMA pins is the {@link #MKCLEAN_POLICY} knob (the kernel does not).
 */
public final class PageWriteback {
    /** folio_clear_dirty_for_io() ran folio_mkclean() and is about to clear PG_dirty. */
    public static final SchedulePoint CLEAR_DIRTY_AFTER_MKCLEAN = SchedulePoint.declare("folio_clear_dirty_for_io.after_mkclean",
            "PTEs write-protected and dirty bits moved to the folio; PG_dirty not yet cleared");
    /** Writeback cleared PG_dirty for I/O; it holds the folio lock and has not started writeback yet. */
    public static final SchedulePoint AFTER_CLEAR_DIRTY = SchedulePoint.declare("writeback.after_clear_dirty_for_io",
            "folio locked and clean for I/O, PG_writeback not yet set");

    /**
     * The {@code folio_mkclean()} of {@code folio_clear_dirty_for_io()}: the kernel's, which never looks at pins, or
     * a pin-aware one ({@link WritebackPins#PIN_AWARE}, never merged). The one site where that design changes a
     * merged function.
     */
    public static final Knob<MkcleanPolicy> MKCLEAN_POLICY = Knob.of("writeback.pinned_folio_policy",
            MkcleanPolicy.FOLIO_MKCLEAN, "which folio_mkclean() folio_clear_dirty_for_io() runs: the kernel's, or one"
                    + " that also asks whether the folio is DMA-pinned");

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
     * {@code folio_mark_dirty()}: through the mapping's {@code a_ops->dirty_folio} (ext4: {@code block_dirty_folio()},
     * which expects buffers); a folio with no mapping (truncated) only gets PG_dirty ({@link #noopDirtyFolio}).
     *
     * @return true if this call made the folio dirty
     */
    public static boolean folioMarkDirty(Folio folio) {
        AddressSpace mapping = folio.mapping();
        if (mapping != null) {
            return mapping.aOps().dirtyFolio(mapping, folio);
        }
        return noopDirtyFolio(null, folio);
    }

    /**
     * {@code noop_dirty_folio()}: set PG_dirty and nothing else; the {@code dirty_folio} of mappings that keep no
     * per-folio state (DAX: {@code ext4_dax_aops}).
     *
     * @return true if this call made the folio dirty
     */
    public static boolean noopDirtyFolio(AddressSpace mapping, Folio folio) {
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
     * ({@link #MKCLEAN_POLICY}); under the kernel's the answer is never {@link IoState#DIRTY_PINNED}.
     */
    public static IoState folioClearDirtyForIoPinned(Folio folio) {
        World w = folio.world();
        if (!folio.folioTestLocked()) {
            w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!folio_test_locked(folio)) in folio_clear_dirty_for_io()");
        }
        boolean pinned = false;
        if (folio.mapping() != null) {
            MkcleanPolicy.Result mk = w.config().get(MKCLEAN_POLICY).folioMkclean(folio);
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
     * {@code wake_up} needs), then {@code folio_wake_bit(folio, PG_writeback)}: only this folio's writeback waiters.
     */
    public static void folioEndWriteback(Folio folio) {
        if (!folio.folioTestClearWriteback()) {
            folio.world().sanitizer().report(ViolationKind.BUG, "VM_BUG_ON_FOLIO(!folio_test_writeback(folio)) in folio_end_writeback()");
        }
        Filemap.folioWakeBit(folio, Folio.PG_WRITEBACK);
    }

    /**
     * Writes one folio the way writeback does for each dirty folio of {@code ->writepages} (and the old
     * {@code write_one_page()}): lock it; skip it if it was truncated or is no longer dirty ({@code write_cache_pages()}
     * &rarr; {@code folio_prepare_writeback()}, ext4's {@code mpage_prepare_extent_to_map()}); wait for earlier
     * writeback (WB_SYNC_ALL); {@code folio_clear_dirty_for_io()}, then the
     * filesystem's {@code a_ops->writepage} (ext4: start writeback, unlock, I/O with a checksum taken at its
     * start, end writeback), then wait for the I/O. A folio the pin-aware design found DMA-pinned is redirtied and
     * written from a bounce copy (the pin-aware design's answer, {@link WritebackPins#PIN_AWARE}).
     *
     * @return true if the folio was written
     * @throws org.gupstress.model.kernel.sched.Hung if the folio lock or writeback wait is found deadlocked
     */
    public static boolean writeOneFolio(Folio folio) {
        World w = folio.world();
        Filemap.folioLock(folio);
        boolean locked = true;
        try {
            AddressSpace mapping = folio.mapping();
            if (mapping == null) {
                return false;
            }
            if (!folio.folioTestDirty()) {
                return false; // someone else wrote it while we waited for the lock (folio_prepare_writeback())
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
            boolean written = mapping.aOps().writepage(folio,
                    pinned ? WritebackControl.SYNC_ALL_BOUNCED : WritebackControl.SYNC_ALL);
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

    /**
     * {@code write_cache_pages()} with WB_SYNC_ALL over the whole file: {@link #writeOneFolio} for every dirty folio
     * of the page cache (a lookup takes a reference; the folio may be truncated meanwhile, which writeOneFolio
     * sees under the folio lock). A filesystem's {@code writepages} calls it.
     */
    public static void writeCachePages(AddressSpace mapping, WritebackControl wbc) {
        for (long index = 0; index < AddressSpace.MAX_PAGES; index++) {
            Folio folio = Filemap.filemapGetFolio(mapping, index);
            if (folio != null) {
                try {
                    if (folio.folioTestDirty()) {
                        writeOneFolio(folio);
                    }
                } finally {
                    folio.folioPut();
                }
            }
        }
    }

    /** {@code do_writepages()}: the mapping's {@code a_ops->writepages}. */
    public static void doWritepages(AddressSpace mapping, WritebackControl wbc) {
        mapping.aOps().writepages(mapping, wbc);
    }
}
