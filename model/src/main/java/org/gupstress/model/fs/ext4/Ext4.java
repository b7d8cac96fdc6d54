package org.gupstress.model.fs.ext4;

import org.gupstress.model.mm.World;
import org.gupstress.model.dax.Dax;
import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.Storage;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.PageWriteback;
import org.gupstress.model.mm.Truncate;
import org.gupstress.model.mm.VmFault;
import org.gupstress.model.mm.Vma;

/**
 * The filesystem's callbacks, ext4-like (fs/ext4/inode.c, fs/buffer.c): a folio is written back only through
 * the block reservation its buffers stand for ({@code folio->private}, attached by {@code page_mkwrite}), and
 * buffers of a clean folio may be dropped at any time ({@code release_folio}).
 *
 * <p>The trouble (seed 004, LWN 753027, John Hubbard's 2018 report): a GUP user that writes through its pin never
 * faults, so {@code page_mkwrite} never runs; if writeback cleaned the folio and the buffers were dropped, the
 * final {@code set_page_dirty_lock()} dirties a folio with no reservation ({@link #dirtyFolio} records
 * DIRTY_WITHOUT_RESERVATION) and writeback then meets a dirty folio without buffers ({@link #writepage}).
 */
public final class Ext4 {
    /** What {@code ext4_writepages()} does with a dirty folio that has no buffers. */
    public enum NoBuffersPolicy {
        /** Before 2022: {@code page_buffers()} BUG_ON: "kernel BUG at fs/ext4/inode.c:1899!". */
        BUG,
        /**
         * Since cc5095747edf ("ext4: don't BUG if someone dirty pages without asking ext4 first", Ts'o, 2022):
         * {@code ext4_warning_inode(inode, "page %lu does not have buffers attached", ...)} (a warning line, not a
         * WARN) and clear the dirty bit: "other file systems will not BUG (although data will still be lost)". The
         * constant's name is kept for the reports that key on it.
         */
        WARN_AND_CLEAN
    }

    public static final Knob<NoBuffersPolicy> NO_BUFFERS_POLICY = Knob.of("ext4.no_buffers_policy",
            NoBuffersPolicy.WARN_AND_CLEAN, "what writeback does with a dirty folio that has no block reservation");

    /** The write-out I/O is in flight: checksum already computed from the folio, data not yet all copied. */
    public static final SchedulePoint WRITEPAGE_IO_IN_FLIGHT = SchedulePoint.declare("ext4_writepage.io_in_flight",
            "PG_writeback set and folio unlocked; checksum taken, device still reading the page");
    /** Eviction is about to truncate the page cache (after any DAX layout break). */
    public static final SchedulePoint EVICT_BEFORE_TRUNCATE = SchedulePoint.declare("ext4_evict_inode.before_truncate",
            "evict_inode: layouts broken (per design), truncate_inode_pages_final() next");
    /** Eviction truncated the page cache and is about to free the inode's blocks. */
    public static final SchedulePoint EVICT_BEFORE_FREE_BLOCKS = SchedulePoint.declare("ext4_evict_inode.before_free_blocks",
            "page cache truncated; the unlinked inode's blocks are freed next");

    private Ext4() {
    }

    /**
     * {@code ext4_page_mkwrite()} ({@code ext4_file_vm_ops.page_mkwrite}) &rarr; {@code block_page_mkwrite()}: the
     * folio {@code vmf->page} is locked. If it was truncated, unlock and return VM_FAULT_NOPAGE. Otherwise allocate
     * or reserve its block, attach it (the buffers), mark the folio dirty and wait for stable pages; return 0 with
     * the folio still locked.
     */
    public static int pageMkwrite(VmFault vmf) {
        Vma vma = vmf.vma();
        Folio folio = vmf.folio();
        if (folio.mapping() != vma.mapping()) {
            Filemap.folioUnlock(folio);
            return Memory.VM_FAULT_NOPAGE;
        }
        Inode inode = (Inode) vma.mapping().host();
        long index = folio.index();
        Block b = inode.blockAt(index);
        if (b == null) {
            b = inode.sb().storage().allocate(inode);
            if (b == null) {
                Filemap.folioUnlock(folio);
                return Memory.VM_FAULT_SIGBUS;
            }
            inode.setBlockAt(index, b);
        }
        folio.folioSetPrivate(b);
        PageWriteback.folioMarkDirty(folio);
        Filemap.folioWaitStable(folio);
        return 0;
    }

    /**
     * {@code ext4_read_folio()} &rarr; {@code ext4_mpage_readpages()}: reads the file's block at the folio's index
     * into it (zeroes for a hole) and marks it uptodate; the folio is locked and in the page cache.
     */
    public static void readFolio(Folio folio) {
        Inode inode = (Inode) folio.mapping().host();
        Block b = inode.blockAt(folio.index());
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            folio.writeWord(i, b == null ? 0 : b.readWord(i), "filemap_read_folio");
        }
        folio.folioMarkUptodate();
    }

    /**
     * {@code ext4_dirty_folio()} &rarr; {@code block_dirty_folio()}: sets PG_dirty. A folio without buffers here
     * is the bug: nobody asked the filesystem first, so it has no block reserved for this data.
     *
     * @return true if this call made the folio dirty
     */
    public static boolean dirtyFolio(AddressSpace mapping, Folio folio) {
        if (folio.folioGetPrivate() == null) {
            folio.world().sanitizer().report(ViolationKind.DIRTY_WITHOUT_RESERVATION,
                    folio + " dirtied with no block reservation (no buffers): ext4_writepage() BUG"
                            + " (John Hubbard 2018; syzbot via process_vm_writev 2022)");
        }
        return !folio.folioTestSetDirty();
    }

    /**
     * {@code ext4_writepages()} for one folio, locked and cleaned for I/O by the caller; unlocks it. Without buffers:
     * BUG or a warning line per {@link #NO_BUFFERS_POLICY} and the folio stays clean (its data is lost). With buffers:
     * start writeback, unlock, submit the write (checksum taken at submission, then the device copies the page),
     * end writeback.
     *
     * @return true if the folio was written
     */
    public static boolean writepage(Folio folio) {
        return writepage(folio, false);
    }

    /**
     * {@link #writepage(Folio)}, writing from a bounce copy of the folio if {@code bounce}: the pin-aware
     * design's answer to a DMA that may still be writing into the page ({@link org.gupstress.model.mm.WritebackPins}).
     */
    public static boolean writepage(Folio folio, boolean bounce) {
        World w = folio.world();
        Block b = (Block) folio.folioGetPrivate();
        if (b == null) {
            if (w.config().get(NO_BUFFERS_POLICY) == NoBuffersPolicy.BUG) {
                w.sanitizer().report(ViolationKind.BUG, "kernel BUG at fs/ext4/inode.c:1899! (ext4_writepage: "
                        + "page_buffers() of " + folio + ", which has no buffers)");
            } else {
                // mpage_prepare_extent_to_map(): ext4_warning_inode(), then folio_clear_dirty(); no WARN.
                w.sanitizer().report(ViolationKind.FS_WARNING, "EXT4-fs warning: ext4_writepages(): page "
                        + folio.index() + " does not have buffers attached (" + folio + " marked clean, data lost;"
                        + " cc5095747edf)");
            }
            Filemap.folioUnlock(folio);
            return false;
        }
        PageWriteback.folioStartWriteback(folio);
        Filemap.folioUnlock(folio);
        if (bounce) {
            submitBounced(folio, b);
        } else {
            submitWrite(folio, b);
        }
        PageWriteback.folioEndWriteback(folio);
        return true;
    }

    /**
     * The write I/O: the checksum (T10-DIF tag, RAID parity) is computed when the request is built, then the
     * device reads the page. Data that changes in between reaches the disk with a checksum that does not match:
     * what stable pages exist to prevent.
     */
    private static void submitWrite(Folio folio, Block b) {
        long[] atSubmit = new long[Folio.PAGE_WORDS];
        for (int i = 0; i < atSubmit.length; i++) {
            atSubmit[i] = folio.readWord(i, "writeback checksum");
        }
        long sum = Storage.checksum(atSubmit);
        folio.world().at(WRITEPAGE_IO_IN_FLIGHT);
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            b.writeWord(i, folio.readWord(i, "writeback I/O"));
        }
        b.setStoredChecksum(sum);
    }

    /**
     * The write I/O from a bounce buffer (block/bounce.c's idea, applied to pinned pages): the page is copied once,
     * and both the checksum and the device's transfer read the copy. A pin holder writing meanwhile changes the
     * page, not the copy: the block gets one consistent (possibly older) version, and the folio stays dirty for
     * the rest.
     */
    private static void submitBounced(Folio folio, Block b) {
        long[] bounce = new long[Folio.PAGE_WORDS];
        for (int i = 0; i < bounce.length; i++) {
            bounce[i] = folio.readWord(i, "writeback bounce copy");
        }
        long sum = Storage.checksum(bounce);
        folio.world().at(WRITEPAGE_IO_IN_FLIGHT);
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            b.writeWord(i, bounce[i]);
        }
        b.setStoredChecksum(sum);
    }

    /**
     * {@code ext4_release_folio()} &rarr; {@code try_to_free_buffers()}: drops the buffers (the reservation) of a
     * locked folio that is neither dirty nor under writeback, as reclaim does.
     *
     * @return true if the buffers were dropped
     */
    public static boolean releaseFolio(Folio folio) {
        if (folio.folioTestDirty() || folio.folioTestWriteback() || folio.folioGetPrivate() == null) {
            return false;
        }
        folio.folioSetPrivate(null);
        return true;
    }

    /** {@code block_invalidate_folio()}: truncation drops the buffers. */
    public static void invalidateFolio(Folio folio) {
        folio.folioSetPrivate(null);
    }

    /**
     * {@code ext4_evict_inode()} ({@code ext4_sops.evict_inode}): on DAX, first what the design does about busy pages ({@link Dax#daxEvictLayouts},
     * under the locks of {@link Dax#daxEvictLock} if the design takes any: Dan Williams' v2 patch 05 did so in
     * {@code xfs_fs_evict_inode()}, held across truncation and {@code clear_inode()}); then
     * {@code truncate_inode_pages_final()}; for an unlinked inode, free its blocks ({@code ext4_truncate()}); then
     * {@code clear_inode()} (in {@link org.gupstress.model.fs.Inodes#evict}).
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a wait or a lock is found deadlocked (locks released)
     */
    public static void evictInode(Inode inode) {
        World w = inode.world();
        boolean locked = inode.isDax() && Dax.daxEvictLock(inode);
        try {
            if (inode.isDax()) {
                Dax.daxEvictLayouts(inode);
            }
            w.at(EVICT_BEFORE_TRUNCATE);
            Truncate.truncateInodePagesFinal(inode.mapping());
        } finally {
            if (locked) {
                Dax.daxEvictUnlock(inode);
            }
        }
        if (inode.iNlink() == 0) {
            w.at(EVICT_BEFORE_FREE_BLOCKS);
            for (int index = 0; index < AddressSpace.MAX_PAGES; index++) {
                Block b = inode.blockAt(index);
                if (b != null) {
                    inode.setBlockAt(index, null);
                    inode.sb().storage().free(b);
                }
            }
        }
    }
}
