package org.gupstress.model.fs;

import org.gupstress.model.mm.WritebackControl;
import org.gupstress.model.mm.AddressSpace;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.PageWriteback;

/**
 * fs/inode.c (and the dirtying half of fs/fs-writeback.c): inode references, the end of an inode's life
 * ({@code iput()}, {@code iput_final()}, {@code evict()}), and the inode cache's shrinker
 * ({@code prune_icache_sb()}, {@code inode_lru_isolate()}, {@code dispose_list()}), which memory reclaim runs
 * ({@link org.gupstress.model.mm.Vmscan}).
 */
public final class Inodes {
    /** iput_final() set I_FREEING and took the inode off the LRU; evict() is next. */
    public static final SchedulePoint IPUT_FINAL_BEFORE_EVICT = SchedulePoint.declare("iput_final.before_evict",
            "I_FREEING set, inode off the LRU, evict() not yet started");
    /** evict() finished evict_inode (pages truncated, blocks freed) and is about to destroy the inode. */
    public static final SchedulePoint EVICT_BEFORE_DESTROY = SchedulePoint.declare("evict.before_destroy",
            "evict_inode done, clear_inode done, inode about to be destroyed");

    /**
     * How the page cache accounts DAX entries, which decides whether the inode shrinker can evict an unused DAX
     * inode that still has entries in {@code i_pages} (see {@link #mappingEmptyForReclaim}). The choice changed
     * {@code struct address_space} (nrexceptional went away) and {@code inode_lru_isolate()}, so it is a knob here,
     * at that one site.
     */
    public enum EntryAccounting {
        /**
         * Before 2021: DAX entries were counted in {@code mapping->nrexceptional}, and {@code inode_lru_isolate()}
         * only looked at {@code nrpages}: an unused DAX inode on the LRU was evicted whatever entries it had, and
         * eviction's truncate met any pinned page. This is also the premise of Jan Kara's reclaim deadlock (seed
         * 003): inode reclaim reaching a DAX inode whose page is pinned.
         */
        NREXCEPTIONAL,
        /**
         * Since 7f0e07fb0289 ("dax: account DAX entries as nrpages", 2021) and 7716506adac4 ("mm: introduce and use
         * mapping_empty()"): a DAX entry makes the mapping non-empty; {@code inode_lru_isolate()} then calls
         * {@code invalidate_mapping_pages()}, which leaves DAX entries alone ("Handled by shmem itself, or for DAX
         * we do nothing"), and returns LRU_RETRY: the shrinker never evicts a DAX inode that has entries.
         */
        NRPAGES
    }

    public static final Knob<EntryAccounting> ENTRY_ACCOUNTING = Knob.of("dax.entry_accounting",
            EntryAccounting.NRPAGES, "whether DAX entries count in nrpages (keeping the inode from the inode shrinker)");

    private Inodes() {
    }

    /** {@code ihold()}: a new reference from one we hold. */
    public static void ihold(Inode inode) {
        inode.touch("ihold");
        if (inode.iCount.incReturn() < 2) {
            inode.world().sanitizer().report(ViolationKind.WARN, "WARN_ON(atomic_inc_return(&inode->i_count) < 2) in ihold(" + inode + ")");
        }
    }

    /** {@code igrab()}: a new reference unless the inode is being freed; null if it is. */
    public static Inode igrab(Inode inode) {
        inode.touch("igrab");
        inode.iLock().lock();
        try {
            if (inode.iStateTest(Inode.I_FREEING) || inode.iStateTest(Inode.I_WILL_FREE)) {
                return null;
            }
            inode.iCount.inc();
            return inode;
        } finally {
            inode.iLock().unlock();
        }
    }

    /**
     * {@code iput()}: drops a reference; the last one ({@code atomic_dec_and_lock(&inode->i_count, &inode->i_lock)})
     * calls {@link #iputFinal} with {@code i_lock} held.
     */
    public static void iput(Inode inode) {
        if (inode == null) {
            return;
        }
        inode.touch("iput");
        if (inode.iCount.addUnless(-1, 1)) {
            return;
        }
        inode.iLock().lock();
        int now = inode.iCount.decReturn();
        if (now != 0) {
            inode.iLock().unlock();
            if (now < 0) {
                inode.world().sanitizer().report(ViolationKind.REFCOUNT_UNDERFLOW, "iput(" + inode + "): i_count went to " + now);
            }
            return;
        }
        iputFinal(inode);
    }

    /**
     * {@code iput_final()}: called with {@code i_lock} held and {@code i_count} zero. A linked inode of an active
     * filesystem goes to the LRU; otherwise (unlinked, or unmounting: write it back first under I_WILL_FREE) it is
     * marked I_FREEING and evicted.
     */
    static void iputFinal(Inode inode) {
        SuperBlock sb = inode.sb();
        boolean drop = inode.iNlink() == 0; // generic_drop_inode()
        if (!drop && sb.isActive()) {
            // __inode_add_lru(): a dirty inode stays off the LRU (it sits on the writeback lists instead).
            if (!inode.iStateTest(Inode.I_DIRTY_PAGES)) {
                sb.lruAdd(inode);
            }
            inode.iLock().unlock();
            return;
        }
        if (!drop) {
            inode.iState.setBit(Inode.I_WILL_FREE);
            inode.iLock().unlock();
            writeInodeNow(inode);
            inode.iLock().lock();
            inode.iState.clearBit(Inode.I_WILL_FREE);
        }
        inode.iState.setBit(Inode.I_FREEING);
        sb.lruDel(inode);
        inode.iLock().unlock();
        inode.world().at(IPUT_FINAL_BEFORE_EVICT);
        evict(inode);
    }

    /**
     * {@code write_inode_now(inode, 1)}: {@code do_writepages()} through the mapping's {@code a_ops->writepages}
     * (ext4: every dirty folio, waited for; DAX: {@code dax_writeback_mapping_range()}). A DAX inode is clean
     * afterwards ({@code __writeback_single_inode()} clears the dirty bits; in the model only a DAX pin ever marks
     * an inode dirty).
     */
    static void writeInodeNow(Inode inode) {
        AddressSpace mapping = inode.mapping();
        PageWriteback.doWritepages(mapping, WritebackControl.SYNC_ALL);
        if (mapping.daxMapping()) {
            clearInodeDirty(inode);
        }
    }

    /**
     * {@code __mark_inode_dirty(inode, flags)}: sets the dirty bit under {@code i_lock}; a dirty inode leaves the
     * LRU lazily ({@code inode_lru_isolate()} drops it from the list when it meets it).
     */
    public static void markInodeDirty(Inode inode, int flag) {
        inode.touch("__mark_inode_dirty");
        inode.iLock().lock();
        try {
            inode.iState.setBit(flag);
        } finally {
            inode.iLock().unlock();
        }
    }

    /** The dirty bits cleared by writeback ({@code __writeback_single_inode()}). */
    static void clearInodeDirty(Inode inode) {
        inode.iLock().lock();
        try {
            inode.iState.clearBit(Inode.I_DIRTY_PAGES);
        } finally {
            inode.iLock().unlock();
        }
    }

    /** What {@code inode_lru_isolate()} decided for one inode (enum lru_status). */
    public enum LruStatus {
        /** Isolated for eviction (I_FREEING set, moved to the dispose list). */
        REMOVED_TO_FREE,
        /** Taken off the LRU and left alone: referenced, dirty or being freed ("Remove them lazily here"). */
        REMOVED,
        /** {@code i_lock} was contended: skipped. */
        SKIP,
        /** Its page cache could not be emptied: the walk retries (and spends its budget). */
        RETRY
    }

    /**
     * {@code prune_icache_sb()}: walks the superblock's inode LRU with a budget of {@code nrToScan} items
     * ({@code list_lru_shrink_walk()}: a RETRY restarts the walk and costs an item), isolates what
     * {@link #inodeLruIsolate} lets go, then {@code dispose_list()}: {@link #evict} each, in the reclaimer's context.
     *
     * @return the inodes evicted
     * @throws org.gupstress.model.kernel.sched.Hung if an eviction is found deadlocked
     */
    public static List<Inode> pruneIcacheSb(SuperBlock sb, int nrToScan) {
        List<Inode> freeable = new ArrayList<>(2);
        int budget = nrToScan;
        walk:
        while (budget > 0) {
            for (Inode inode : sb.lruSnapshot()) {
                if (budget-- <= 0) {
                    break walk;
                }
                if (inodeLruIsolate(sb, inode, freeable) == LruStatus.RETRY) {
                    continue walk;
                }
            }
            break;
        }
        for (Inode inode : freeable) { // dispose_list()
            evict(inode);
        }
        return freeable;
    }

    /**
     * {@code inode_lru_isolate()}: under {@code i_lock} (trylock; contended: skip), an inode that is referenced,
     * dirty or being freed, or whose page cache cannot be shrunk ({@code !mapping_shrinkable()}: more than a
     * single value entry at index 0), leaves the LRU and is not evicted. One whose mapping is not empty
     * ({@code !mapping_empty()}, see {@link #mappingEmptyForReclaim}) gets {@code invalidate_mapping_pages()},
     * which drops nothing the model has (DAX entries: "for DAX we do nothing"; page-cache folios: the model's
     * reclaim does not drop them), and the walk retries. Otherwise the inode is marked I_FREEING and moved to
     * {@code freeable}. I_REFERENCED (one more pass through the LRU) is not modelled.
     */
    static LruStatus inodeLruIsolate(SuperBlock sb, Inode inode, List<Inode> freeable) {
        if (!inode.iLock().tryLock()) {
            return LruStatus.SKIP;
        }
        try {
            if (inode.iCount() != 0 || inode.iState.read() != 0 || !mappingShrinkable(inode.mapping())) {
                sb.lruDel(inode);
                return LruStatus.REMOVED;
            }
            if (!mappingEmptyForReclaim(inode.mapping())) {
                return LruStatus.RETRY;
            }
            inode.iState.setBit(Inode.I_FREEING);
            sb.lruDel(inode);
            freeable.add(inode);
            return LruStatus.REMOVED_TO_FREE;
        } finally {
            inode.iLock().unlock();
        }
    }

    /**
     * {@code mapping_empty()} as {@code inode_lru_isolate()} sees it (before 2021: {@code nrpages == 0}), per
     * {@link #ENTRY_ACCOUNTING}: under {@link EntryAccounting#NREXCEPTIONAL} a DAX mapping always looks empty to
     * the inode shrinker, whatever entries it holds.
     */
    static boolean mappingEmptyForReclaim(AddressSpace mapping) {
        if (mapping.daxMapping()
                && mapping.world().config().get(ENTRY_ACCOUNTING) == EntryAccounting.NREXCEPTIONAL) {
            return true;
        }
        for (long index = 0; index < AddressSpace.MAX_PAGES; index++) {
            if (mapping.xaLoad(index) != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code mapping_shrinkable()}: empty, or a single value entry at index 0 stored in the xarray's head ("The
     * inode shrinker needs to pick them up under memory pressure"). A FSDAX entry is a value entry.
     */
    static boolean mappingShrinkable(AddressSpace mapping) {
        for (long index = 0; index < AddressSpace.MAX_PAGES; index++) {
            Folio f = mapping.xaLoad(index);
            if (f != null && (index != 0 || !f.isDax())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code evict()}: the inode is I_FREEING and unreachable. {@code sb->s_op->evict_inode()} (truncates the page cache,
     * frees an unlinked inode's blocks), {@code clear_inode()}, then {@code destroy_inode()}.
     */
    public static void evict(Inode inode) {
        World w = inode.world();
        if (!inode.iStateTest(Inode.I_FREEING)) {
            w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!(inode->i_state & I_FREEING)) in evict(" + inode + ")");
        }
        inode.sb().sOp().evictInode(inode);
        inode.iState.setBit(Inode.I_CLEAR);
        inode.sb().sbListDel(inode);
        w.at(EVICT_BEFORE_DESTROY);
        inode.destroy();
    }
}
