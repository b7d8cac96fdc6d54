package org.gupstress.model.dax;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.kernel.Errno;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.PageTable;
import org.gupstress.model.mm.Pte;
import org.gupstress.model.mm.VmFault;
import org.gupstress.model.mm.Vma;

/**
 * fs/dax.c: faults on a FSDAX file, the mapping entries in {@code i_pages}, and layout breaking: waiting for
 * every DAX page of a range to become idle before the filesystem may free or move its blocks.
 *
 * <p>On FSDAX the page <em>is</em> the storage block. A page-cache page that a pin keeps alive after truncation is
 * merely orphaned; a DAX block freed while a pin exists is handed to another file, and the DMA writes into that
 * file's data (seeds 003 and 000). Hence the layout break before truncation, whose placement and locking are
 * what the designs of family C disagree on.
 */
public final class Dax {
    /** What eviction does about busy DAX pages before {@code truncate_inode_pages_final()}. */
    public enum EvictWait {
        /** Nothing: truncate meets the busy page (WARN, commit d2c997c0f145) and the block is freed under the pin. */
        NO_WAIT,
        /**
         * Dan Williams' "[v2,05/18] xfs: Add xfs_break_layouts() to the inode eviction path" (seed 003, Sept 2022):
         * {@code xfs_fs_evict_inode()} takes {@code XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL} (i_rwsem and
         * invalidate_lock, both exclusive), breaks layouts with {@code BREAK_UNMAP_FINAL}, an uninterruptible
         * {@code ___wait_var_event(page, dax_page_idle(page), TASK_UNINTERRUPTIBLE, 0, 0,
         * xfs_wait_dax_page(inode))} (the callback drops the MMAPLOCK while sleeping, the IOLOCK stays held), then
         * truncates and clears the inode, and only then unlocks.
         */
        BREAK_LAYOUTS_LOCKED,
        /**
         * {@code dax_break_layout_final()} as merged around v6.15: wait for every page to go idle, holding no lock
         * ("Don't take locks during inode eviction as suggested by Darrick").
         */
        BREAK_LAYOUT_FINAL
    }

    public static final Knob<EvictWait> EVICT_WAIT = Knob.of("dax.evict_wait", EvictWait.BREAK_LAYOUT_FINAL,
            "what ext4/xfs evict_inode does about busy DAX pages before truncate_inode_pages_final()");

    /** A layout breaker found a busy page and is about to wait for it to go idle. */
    public static final SchedulePoint BREAK_LAYOUT_BEFORE_WAIT = SchedulePoint.declare("dax_break_layout.before_wait",
            "busy DAX page found (mappings already zapped), about to wait for it to become idle");
    /** The xfs/ext4/fuse wait callback dropped invalidate_lock and is about to sleep. */
    public static final SchedulePoint WAIT_DAX_PAGE_UNLOCKED = SchedulePoint.declare("wait_dax_page.unlocked",
            "the layout breaker's wait callback dropped invalidate_lock and is about to schedule()");
    /** A DAX fault holds invalidate_lock shared and found the block; the PTE is not installed yet. */
    public static final SchedulePoint FAULT_BEFORE_SET_PTE = SchedulePoint.declare("dax_fault.before_set_pte",
            "invalidate_lock held shared, block looked up, PTE not yet installed");

    private Dax() {
    }

    /**
     * {@code dax_iomap_pte_fault()} under {@code ext4_dax_huge_fault()}/{@code xfs_dax_fault()}: takes
     * {@code invalidate_lock} shared (XFS's MMAPLOCK) for the whole fault, maps the file page to its block
     * (allocating it on a write to a hole), records the page in {@code i_pages} ({@code dax_insert_entry()}), and
     * installs a devmap PTE of the block's pfn. Under the 0-based regime the PTE holds a page reference. The
     * filesystem's DAX {@code vm_ops} call it ({@code ext4_dax_fault()}).
     *
     * @return VM_FAULT_NOPAGE (the PTE is installed, or was already) or VM_FAULT_SIGBUS
     */
    public static int daxFault(VmFault vmf) {
        Vma vma = vmf.vma();
        long addr = vmf.address();
        boolean write = vmf.write();
        AddressSpace mapping = vma.mapping();
        Inode inode = (Inode) mapping.host();
        World w = inode.world();
        long index = vma.linearPageIndex(addr);
        mapping.invalidateLock().downRead();
        try {
            if (index >= inode.iSize()) {
                return Memory.VM_FAULT_SIGBUS;
            }
            Block b = inode.blockAt(index);
            if (b == null) {
                if (!write) {
                    return Memory.VM_FAULT_SIGBUS; // the model maps no zero page for holes
                }
                b = inode.sb().storage().allocate(inode);
                if (b == null) {
                    return Memory.VM_FAULT_SIGBUS;
                }
                inode.setBlockAt(index, b);
            }
            Folio page = b.page();
            daxInsertEntry(mapping, index, page);
            w.at(FAULT_BEFORE_SET_PTE);
            PageTable pt = vma.mm().pteTable(addr);
            int i = Mm.pteIndex(addr);
            pt.ptl().lock();
            try {
                if (Pte.ptePresent(pt.ptepGet(i))) {
                    return Memory.VM_FAULT_NOPAGE;
                }
                if (!DaxPage.mappingHoldsNoReference(page)) {
                    page.folioRefAdd(1); // vmf_insert_page_mkwrite(): the PTE's reference (0-based regime)
                }
                page.folioAddRmap();
                pt.setPteAt(i, Pte.pfnPte(page.pfn(), write, write, true));
            } finally {
                pt.ptl().unlock();
            }
            return Memory.VM_FAULT_NOPAGE;
        } finally {
            mapping.invalidateLock().upRead();
        }
    }

    /** {@code dax_insert_entry()} &rarr; {@code dax_associate_entry()}: {@code page->mapping}, {@code page->index}. */
    static void daxInsertEntry(AddressSpace mapping, long index, Folio page) {
        mapping.iPagesLock().lock();
        try {
            if (mapping.xaLoad(index) == null) {
                page.setMapping(mapping);
                page.setIndex(index);
                mapping.xaStore(index, page);
            }
        } finally {
            mapping.iPagesLock().unlock();
        }
    }

    /**
     * {@code dax_layout_busy_page_range()}: zap every mapping of {@code [start, end)} ({@code unmap_mapping_pages()};
     * a racing GUP-fast either left a reference we see, or sees the PTE gone and falls back to the slow path, which
     * needs the PTE lock we hold while zapping), then return the first page still busy, or null.
     */
    public static Folio daxLayoutBusyPageRange(AddressSpace mapping, long start, long end) {
        if (!mapping.daxMapping()) {
            return null;
        }
        long last = Math.min(end, AddressSpace.MAX_PAGES);
        Memory.unmapMappingRange(mapping, start, last - start);
        for (long index = start; index < last; index++) {
            Folio page = mapping.xaLoad(index);
            if (page != null && DaxPage.daxPageBusy(page)) {
                return page;
            }
        }
        return null;
    }

    /**
     * {@code dax_break_layout()} (truncate, hole punch): the caller holds {@code invalidate_lock} exclusive. While a
     * page of the range is busy, wait for it to become idle ({@code wait_page_idle()}: {@code ___wait_var_event(page,
     * dax_page_is_idle(page), TASK_INTERRUPTIBLE, 0, 0, cb(inode))}); the filesystem's {@code cmd} decides whether
     * the lock is dropped while sleeping ({@code ext4_wait_dax_page()}, {@code xfs_wait_dax_page()},
     * {@code fuse_wait_dax_page()} drop it). Once no page is busy, {@code dax_delete_mapping_range()} removes the
     * range's entries, so that truncation finds none.
     *
     * <p>The sleep is interruptible: the model sends no signals, but when the deadlock detector releases the sleeper
     * (the one way a model wait ends without its wake-up) the wait returns {@code -ERESTARTSYS}, as a fatal signal
     * would end it, and the caller fails the truncate. In the 1-based regime ({@link DaxPage.RefcountBase#ONE_BASED},
     * the kernel before Alistair Popple's series, which brought both the 0-based refcount and this function) nothing
     * is deleted here and truncation deletes the entries ({@link DaxPage#daxDeleteMappingEntry}).
     *
     * @return 0, or {@code -ERESTARTSYS} if the wait was ended by the detector
     */
    public static int daxBreakLayout(Inode inode, long start, long end, WaitVar.SleepCmd cmd) {
        World w = inode.world();
        if (!inode.mapping().daxMapping()) {
            return 0;
        }
        Folio page;
        int error = 0;
        do {
            page = daxLayoutBusyPageRange(inode.mapping(), start, end);
            if (page == null) {
                break;
            }
            w.at(BREAK_LAYOUT_BEFORE_WAIT);
            error = waitPageIdle(inode, page, cmd);
        } while (error == 0);
        if (page == null && DaxPage.idleRefcount(w) == 0) {
            daxDeleteMappingRange(inode.mapping(), start, end);
        }
        return error;
    }

    /** {@code wait_page_idle()}: the TASK_INTERRUPTIBLE wait of {@link #daxBreakLayout}. */
    private static int waitPageIdle(Inode inode, Folio page, WaitVar.SleepCmd cmd) {
        try {
            inode.world().waitVarEvent(page, () -> DaxPage.daxPageIsIdle(page),
                    page + " idle, in dax_break_layout(" + inode + ")", counted(inode, cmd));
            return 0;
        } catch (Hung h) {
            return -Errno.ERESTARTSYS; // signal_pending(): the detector's release stands for the fatal signal
        }
    }

    /**
     * {@code dax_delete_mapping_range()} (fs/dax.c, Popple's series): under the {@code i_pages} lock, remove every
     * entry of {@code [start, end)} ({@code dax_disassociate_entry(entry, mapping, true)}, {@code xas_store(NULL)}).
     */
    public static void daxDeleteMappingRange(AddressSpace mapping, long start, long end) {
        long last = Math.min(end, AddressSpace.MAX_PAGES);
        for (long index = start; index < last; index++) {
            DaxPage.daxDeleteMappingEntry(mapping, index);
        }
    }

    /**
     * The wait callback of ext4, xfs and fuse ({@code ext4_wait_dax_page()}, {@code xfs_wait_dax_page()},
     * {@code fuse_wait_dax_page()}): drop {@code invalidate_lock} (held exclusive) while sleeping, so that a pinner
     * that must fault in more pages of this file before it can release its pins (invalidate_lock shared) makes
     * progress: "While waiting, the XFS_MMAPLOCK_EXCL lock is dropped in order to not deadlock the process that
     * might be trying to elevate the page count of more pages before arranging for any of them to go idle"
     * (d6dc57e251a4, "xfs, dax: introduce xfs_break_dax_layouts()", 2018).
     */
    public static WaitVar.SleepCmd waitDaxPageDroppingLock(Inode inode) {
        World w = inode.world();
        return s -> {
            inode.mapping().invalidateLock().upWrite();
            try {
                w.at(WAIT_DAX_PAGE_UNLOCKED);
                s.schedule();
            } finally {
                inode.mapping().invalidateLock().downWrite();
            }
        };
    }

    /** Oracle bookkeeping: counts the sleeps of a layout break on the inode ({@link Inode#daxLayoutSleeps()}). */
    private static WaitVar.SleepCmd counted(Inode inode, WaitVar.SleepCmd cmd) {
        return s -> {
            inode.noteDaxLayoutSleep();
            cmd.run(s);
        };
    }

    /**
     * {@code dax_break_layout_final()}: at eviction, with no lock held, wait (uninterruptibly) until every DAX
     * page of the inode is idle, then {@code dax_delete_mapping_range(mapping, 0, LLONG_MAX)} (0-based regime; see
     * {@link #daxBreakLayout}).
     */
    public static void daxBreakLayoutFinal(Inode inode) {
        World w = inode.world();
        if (!inode.mapping().daxMapping()) {
            return;
        }
        for (;;) {
            Folio page = daxLayoutBusyPageRange(inode.mapping(), 0, AddressSpace.MAX_PAGES);
            if (page == null) {
                break;
            }
            w.at(BREAK_LAYOUT_BEFORE_WAIT);
            daxBreakLayoutFinalWait(inode, page);
        }
        if (DaxPage.idleRefcount(w) == 0) {
            daxDeleteMappingRange(inode.mapping(), 0, AddressSpace.MAX_PAGES);
        }
    }

    /**
     * The wait of {@link #daxBreakLayoutFinal} for one busy page: {@code ___wait_var_event(page,
     * dax_page_is_idle(page), TASK_UNINTERRUPTIBLE, 0, 0, schedule())}.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if the wait is found deadlocked, or nobody is left to wake the
     *         waiter
     */
    public static void daxBreakLayoutFinalWait(Inode inode, Folio page) {
        inode.world().waitVarEvent(page, () -> DaxPage.daxPageIsIdle(page),
                page + " idle, in dax_break_layout_final(" + inode + ")", counted(inode, WaitVar.Sleeper::schedule));
    }

    /**
     * The locks {@code evict_inode} takes before breaking layouts and holds until the inode is truncated and
     * cleared: none, except under {@link EvictWait#BREAK_LAYOUTS_LOCKED} ({@code xfs_ilock(ip, XFS_IOLOCK_EXCL |
     * XFS_MMAPLOCK_EXCL)}). Pair with {@link #daxEvictUnlock} in a {@code finally}.
     *
     * @return true if the locks were taken
     * @throws org.gupstress.model.kernel.sched.Hung if a lock is found deadlocked (nothing held then)
     */
    public static boolean daxEvictLock(Inode inode) {
        if (inode.world().config().get(EVICT_WAIT) != EvictWait.BREAK_LAYOUTS_LOCKED) {
            return false;
        }
        inode.iRwsem().downWrite();
        try {
            inode.mapping().invalidateLock().downWrite();
        } catch (RuntimeException | Error e) {
            inode.iRwsem().upWrite();
            throw e;
        }
        return true;
    }

    /** {@code xfs_iunlock(ip, iolock)} after eviction's truncate: undoes {@link #daxEvictLock}. */
    public static void daxEvictUnlock(Inode inode) {
        // A Hung thrown while the wait callback retook invalidate_lock leaves it unheld: release only what we hold.
        if (inode.mapping().invalidateLock().heldForWriteByCurrentThread()) {
            inode.mapping().invalidateLock().upWrite();
        }
        inode.iRwsem().upWrite();
    }

    /**
     * What {@code evict_inode} does about busy pages before truncation, per {@link #EVICT_WAIT}. Under
     * {@link EvictWait#BREAK_LAYOUTS_LOCKED} the caller holds the locks of {@link #daxEvictLock}.
     */
    public static void daxEvictLayouts(Inode inode) {
        switch (inode.world().config().get(EVICT_WAIT)) {
            case NO_WAIT -> {
            }
            case BREAK_LAYOUTS_LOCKED -> daxBreakLayoutsLocked(inode);
            case BREAK_LAYOUT_FINAL -> daxBreakLayoutFinal(inode);
        }
    }

    /**
     * Dan Williams' v2 eviction wait ({@link EvictWait#BREAK_LAYOUTS_LOCKED}, seed 003): {@code xfs_break_layouts()}
     * with {@code BREAK_UNMAP_FINAL}, an <em>uninterruptible</em> {@code ___wait_var_event(page, dax_page_idle(page),
     * TASK_UNINTERRUPTIBLE, 0, 0, xfs_wait_dax_page(inode))} per busy page; truncation deletes the entries after.
     */
    private static void daxBreakLayoutsLocked(Inode inode) {
        World w = inode.world();
        WaitVar.SleepCmd cmd = waitDaxPageDroppingLock(inode);
        for (;;) {
            Folio page = daxLayoutBusyPageRange(inode.mapping(), 0, AddressSpace.MAX_PAGES);
            if (page == null) {
                return;
            }
            w.at(BREAK_LAYOUT_BEFORE_WAIT);
            w.waitVarEvent(page, () -> DaxPage.daxPageIsIdle(page),
                    page + " idle, in xfs_break_layouts(" + inode + ")", counted(inode, cmd));
        }
    }

    /**
     * {@code dax_writeback_mapping_range()} as {@code write_inode_now()} runs it when the inode is about to go out
     * of scope ({@code iput_final()} of an inode that is not dropped: unmount, I_DONTCACHE). Flushing CPU caches
     * for dirty entries has nothing to model. Under {@link DaxPin.PinHolds#INODE_DIRTY} it adds Dan Williams' wait
     * (seed 003, 2022-09-29: "I see nothing wrong with additionally checking for entries with elevated page
     * reference counts and doing a: __wait_var_event(page, dax_page_idle(page));"), uninterruptible, no lock held.
     */
    public static void daxWritebackMappingRange(Inode inode) {
        World w = inode.world();
        if (w.config().get(Gup.PIN_POLICY) != DaxPin.PinHolds.INODE_DIRTY) {
            return;
        }
        AddressSpace mapping = inode.mapping();
        for (long index = 0; index < AddressSpace.MAX_PAGES; index++) {
            Folio page = mapping.xaLoad(index);
            if (page != null && DaxPage.daxPageBusy(page)) {
                w.at(BREAK_LAYOUT_BEFORE_WAIT);
                w.waitVarEvent(page, () -> DaxPage.daxPageIsIdle(page),
                        page + " idle, in write_inode_now(" + inode + ")", counted(inode, WaitVar.Sleeper::schedule));
            }
        }
    }

    /**
     * {@code dax_iomap_rw()} for a write(2) of one page of {@code value} at {@code index} ({@code ext4_dax_write_iter()}
     * holds {@code inode_lock}): {@code ->iomap_begin(IOMAP_WRITE)} maps the file page to its block, allocating one
     * for a hole (the allocator hands out the block freed last), then {@code dax_copy_from_iter()}: the CPU stores
     * straight into persistent memory; then {@code i_size} grows.
     *
     * @return 0 or {@code -ENOSPC}
     * @throws org.gupstress.model.kernel.sched.Hung if {@code i_rwsem} is not had by the watchdog deadline
     */
    public static int daxIomapWrite(Inode inode, long index, long value) {
        inode.iRwsem().downWrite();
        try {
            Block b = inode.blockAt(index);
            if (b == null) {
                b = inode.sb().storage().allocate(inode);
                if (b == null) {
                    return -Errno.ENOSPC;
                }
                inode.setBlockAt(index, b);
            }
            for (int i = 0; i < Folio.PAGE_WORDS; i++) {
                b.writeWord(i, value);
            }
            if (index >= inode.iSize()) {
                inode.iSizeWrite(index + 1);
            }
            return 0;
        } finally {
            inode.iRwsem().upWrite();
        }
    }
}
