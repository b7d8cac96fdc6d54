package org.gupstress.model.fs;

import org.gupstress.model.World;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.PageWriteback;

/**
 * fs/inode.c: inode references and the end of an inode's life ({@code iput()}, {@code iput_final()},
 * {@code evict()}).
 */
public final class Inodes {
    /** iput_final() set I_FREEING and took the inode off the LRU; evict() is next. */
    public static final SchedulePoint IPUT_FINAL_BEFORE_EVICT = SchedulePoint.declare("iput_final.before_evict",
            "I_FREEING set, inode off the LRU, evict() not yet started");
    /** evict() finished evict_inode (pages truncated, blocks freed) and is about to destroy the inode. */
    public static final SchedulePoint EVICT_BEFORE_DESTROY = SchedulePoint.declare("evict.before_destroy",
            "evict_inode done, clear_inode done, inode about to be destroyed");

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
            sb.lruAdd(inode);
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

    /** {@code write_inode_now(inode, 1)}: write back every dirty folio and wait. */
    static void writeInodeNow(Inode inode) {
        AddressSpace mapping = inode.mapping();
        for (long index = 0; index < AddressSpace.MAX_PAGES; index++) {
            Folio folio = Filemap.filemapGetFolio(mapping, index);
            if (folio != null) {
                try {
                    if (folio.folioTestDirty()) {
                        PageWriteback.writeOneFolio(folio);
                    }
                } finally {
                    folio.folioPut();
                }
            }
        }
    }

    /**
     * {@code evict()}: the inode is I_FREEING and unreachable. {@code ->evict_inode()} (truncates the page cache,
     * frees an unlinked inode's blocks), {@code clear_inode()}, then {@code destroy_inode()}.
     */
    public static void evict(Inode inode) {
        World w = inode.world();
        if (!inode.iStateTest(Inode.I_FREEING)) {
            w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!(inode->i_state & I_FREEING)) in evict(" + inode + ")");
        }
        Ext4.evictInode(inode);
        inode.iState.setBit(Inode.I_CLEAR);
        inode.sb().sbListDel(inode);
        w.at(EVICT_BEFORE_DESTROY);
        inode.destroy();
    }
}
