package org.gupstress.model.fs.ext4;

import org.gupstress.model.dax.Dax;
import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.mm.Truncate;

/**
 * Shrinking a file on an ext4-like filesystem ({@code ext4_setattr()} with ATTR_SIZE, after {@code do_truncate()}
 * took {@code inode_lock}): take {@code invalidate_lock} exclusive so that no fault instantiates a page in the
 * range, break DAX layouts ({@code ext4_break_layouts()} &rarr; {@code dax_break_layout(inode, 0, LLONG_MAX,
 * ext4_wait_dax_page)}: unmap, then wait for every busy page to become idle), set the new size, truncate the page
 * cache ({@code truncate_pagecache()}), free the blocks beyond it ({@code ext4_truncate()}), unlock.
 *
 * <p>The wait callback is the design choice of race C2: a pinner may need {@code invalidate_lock} shared to fault
 * in the rest of its buffer before it releases the pins it already holds (d6dc57e251a4). The callback drops the
 * lock while sleeping; one that kept it would deadlock with such a pinner.
 */
public final class Ext4Truncate {
    /** What {@code ext4_wait_dax_page()} does with {@code invalidate_lock} while it sleeps. */
    public enum WaitDaxPage {
        /**
         * As merged: {@code filemap_invalidate_unlock(); schedule(); filemap_invalidate_lock();} (ext4, fuse, and
         * xfs with its MMAPLOCK since d6dc57e251a4 "xfs, dax: introduce xfs_break_dax_layouts()", 2018).
         */
        DROP_INVALIDATE_LOCK,
        /** A bare {@code schedule()} with {@code invalidate_lock} still held exclusive: what d6dc57e251a4 avoided. */
        HOLD_INVALIDATE_LOCK
    }

    public static final Knob<WaitDaxPage> WAIT_DAX_PAGE = Knob.of("ext4.wait_dax_page",
            WaitDaxPage.DROP_INVALIDATE_LOCK, "whether the DAX layout breaker drops invalidate_lock while it sleeps");

    private Ext4Truncate() {
    }

    /**
     * {@code truncate(2)} of {@code inode} to {@code newSizePages}: see the class comment.
     *
     * @return 0, or the error of {@code ext4_break_layouts()} ({@code -ERESTARTSYS}: its interruptible wait was
     *         ended by the deadlock detector), in which case nothing was truncated
     * @throws org.gupstress.model.kernel.sched.Hung if a lock is found deadlocked; every lock still held is released
     *         first
     */
    public static int truncate(Inode inode, long newSizePages) {
        AddressSpace mapping = inode.mapping();
        RwSemaphore invalidateLock = mapping.invalidateLock();
        inode.iRwsem().downWrite();
        try {
            invalidateLock.downWrite();
            try {
                int error = ext4BreakLayouts(inode);
                if (error != 0) {
                    return error; // ext4_setattr(): goto out_mmap_sem
                }
                inode.iSizeWrite(newSizePages);
                Truncate.truncatePagecache(mapping, newSizePages);
                for (long index = newSizePages; index < AddressSpace.MAX_PAGES; index++) { // ext4_truncate()
                    Block b = inode.blockAt(index);
                    if (b != null) {
                        inode.setBlockAt(index, null);
                        inode.sb().storage().free(b);
                    }
                }
                return 0;
            } finally {
                // A Hung thrown while the wait callback retook the lock leaves it unheld: release only what we hold.
                if (invalidateLock.heldForWriteByCurrentThread()) {
                    invalidateLock.upWrite();
                }
            }
        } finally {
            inode.iRwsem().upWrite();
        }
    }

    /**
     * {@code ext4_break_layouts()}: the caller holds {@code invalidate_lock} exclusive; on DAX,
     * {@code dax_break_layout(inode, 0, LLONG_MAX, ext4_wait_dax_page)} with the callback {@link #WAIT_DAX_PAGE}
     * chooses.
     *
     * @return 0 or {@code -ERESTARTSYS}
     */
    static int ext4BreakLayouts(Inode inode) {
        if (!inode.isDax()) {
            return 0;
        }
        WaitVar.SleepCmd cmd = switch (inode.world().config().get(WAIT_DAX_PAGE)) {
            case DROP_INVALIDATE_LOCK -> Dax.waitDaxPageDroppingLock(inode);
            case HOLD_INVALIDATE_LOCK -> WaitVar.Sleeper::schedule;
        };
        return Dax.daxBreakLayout(inode, 0, AddressSpace.MAX_PAGES, cmd);
    }
}
