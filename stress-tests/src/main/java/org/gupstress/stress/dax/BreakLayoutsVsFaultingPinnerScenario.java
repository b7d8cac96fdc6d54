package org.gupstress.stress.dax;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.fs.ext4.Ext4Truncate;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C2: a layout break (truncate, hole punch) vs a pinner that must fault before it can unpin.
 *
 * <p>GUP of a multi-page buffer pins page by page: "the typical case of submitting I/O is that
 * iov_iter_get_pages() elevates the reference count of all pages in the I/O before starting I/O on the first page.
 * The process of elevating the reference count of all pages involved in an I/O may cause faults that need to take
 * XFS_MMAPLOCK_EXCL" (d6dc57e251a4). A DAX fault takes {@code invalidate_lock} (XFS's MMAPLOCK) shared; truncate
 * takes it exclusive and waits for every busy page of the range to go idle.
 *
 * <pre>
 *   PINNER (holds a pin on page 0)               TRUNCATE
 *   pin_user_pages(page 1): DAX fault            inode_lock; invalidate_lock (exclusive)
 *     -&gt; invalidate_lock (shared)                dax_break_layout(): page 0 busy -&gt; wait
 *   DMA into pages 0 and 1; unpin both           ... -&gt; truncate_pagecache(); free blocks
 * </pre>
 *
 * If the truncate takes the lock first and sleeps holding it, the pinner's fault waits for the lock and the truncate
 * waits for the pinner's unpin: an ABBA deadlock through a lock and a refcount. The wait callback that drops
 * {@code invalidate_lock} while sleeping (ext4, xfs, fuse) lets the fault through; the truncate wakes at the unpin,
 * retakes the lock, zaps page 1's new mapping, and proceeds.
 *
 * <p>World per sample: FSDAX filesystem, file I1 of two pages, opened and mapped shared; page 0 faulted in and pinned
 * for write; page 1 not yet faulted.
 */
@Scenario(family = "C", id = "break-layouts-vs-faulting-pinner",
        title = "truncate's DAX layout break (invalidate_lock exclusive) vs a pinner that faults page 1 while holding a pin on page 0",
        outcomes = BreakLayoutsVsFaultingPinnerScenario.Observed.class)
@GenerateTests
public abstract class BreakLayoutsVsFaultingPinnerScenario {
    /** What happened. */
    public enum Observed {
        /** The pinner faulted, transferred and unpinned before the truncate looked: no wait was needed. */
        @Grade(kind = OK, desc = "The pinner was done before the truncate looked; nothing to wait for.")
        NO_WAIT_NEEDED,
        /** The truncate slept until the pins were released, then truncated. */
        @Grade(kind = OK, desc = "The truncate slept until the unpin, and the pinner's fault went through.")
        LAYOUT_WAITED,
        /** The detector found truncate and pinner waiting for each other, when the second one blocked. */
        @Grade(kind = BUG, desc = "The truncate slept holding invalidate_lock; the pinner's fault waited for it (ABBA: lock vs refcount).")
        DEADLOCK,
        /** The truncate freed a block the pinner's DMA then touched, or truncated a busy page. */
        @Grade(kind = FORBIDDEN, desc = "The truncate freed or truncated a block that was still pinned.")
        STORAGE_UAF
    }

    static final long D_I1 = 0x11;
    static final long D_DMA = 0xD1;

    final World world;
    final Inode i1;
    final File f1;
    final Mm mm;
    final Vma vma;
    final Folio[] pinned = new Folio[2];

    protected BreakLayoutsVsFaultingPinnerScenario(Config config) {
        world = new World(config);
        world.tasks().fork("pinner");
        world.tasks().fork("truncate");
        SuperBlock pmem = SuperBlock.mount(world, "pmem", 4, true);
        i1 = pmem.createFile("I1", 2, D_I1);
        f1 = FileTable.open(i1);
        mm = world.newMm("mm");
        vma = Mmap.mmap(mm, f1, 0, 2, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "buf");
        Folio[] p0 = new Folio[1];
        if (Gup.pinUserPages(mm, 0, 1, GupFlags.FOLL_WRITE, p0) != 1) {
            throw new IllegalStateException("could not pin page 0: " + world.sanitizer());
        }
        pinned[0] = p0[0];
    }

    World world() {
        return world;
    }

    /**
     * The rest of {@code iov_iter_get_pages()}: pin page 1 (a DAX fault: {@code invalidate_lock} shared); then the
     * device writes both pages and the I/O completes: unpin both. A Hung ends the I/O early ({@code -EINTR}): the pins
     * already taken are released.
     */
    @Actor
    public void pinner() {
        try (Task me = world.tasks().start("pinner")) {
            try {
                Folio[] p1 = new Folio[1];
                if (Gup.pinUserPages(mm, 1, 1, GupFlags.FOLL_WRITE, p1) == 1) {
                    pinned[1] = p1[0];
                    DmaBuffer.map("O_DIRECT read", pinned[0], pinned[1]).write(D_DMA);
                }
            } catch (Hung h) {
                // Recorded by the detector as DEADLOCK (or HUNG); the arbiter reports DEADLOCK.
            } finally {
                for (Folio p : pinned) {
                    if (p != null) {
                        Gup.unpinUserPage(p);
                    }
                }
            }
        }
    }

    /** {@code truncate(I1, 0)}: {@link Ext4Truncate#truncate}. */
    @Actor
    public void truncate() {
        try (Task me = world.tasks().start("truncate")) {
            try {
                Ext4Truncate.truncate(i1, 0);
            } catch (Hung h) {
                // Recorded by the detector as DEADLOCK (or HUNG); the arbiter reports DEADLOCK.
            }
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        Sanitizer s = world.sanitizer();
        Observed o;
        if (s.has(ViolationKind.USE_AFTER_FREE) || DaxPage.truncatedBusyPage(s)) {
            o = Observed.STORAGE_UAF;
        } else if ((s.has(ViolationKind.DEADLOCK) || s.has(ViolationKind.HUNG))) {
            o = Observed.DEADLOCK;
        } else if (!s.clean() || i1.iSize() != 0 || pinned[1] == null || !Gup.checkPinsBalanced(world)) {
            throw new IllegalStateException("unclassifiable sample: size " + i1.iSize() + ", page 1 pinned "
                    + (pinned[1] != null) + "; " + s);
        } else {
            o = i1.daxLayoutSleeps() > 0 ? Observed.LAYOUT_WAITED : Observed.NO_WAIT_NEEDED;
        }
        r.r1 = Witness.sample(getClass(), o);
    }

    /**
     * As merged: {@code ext4_wait_dax_page()} (and xfs', fuse's) drops {@code invalidate_lock} around
     * {@code schedule()}: "While waiting, the XFS_MMAPLOCK_EXCL lock is dropped in order to not deadlock the process
     * that might be trying to elevate the page count of more pages before arranging for any of them to go idle"
     * (d6dc57e251a4, "xfs, dax: introduce xfs_break_dax_layouts()", 2018). Expected SAFE.
     */
    @Design(value = "DROP_LOCK_WHILE_WAITING", expected = Expected.SAFE,
            source = "d6dc57e251a4 xfs, dax: introduce xfs_break_dax_layouts(); ext4_wait_dax_page(), fuse_wait_dax_page()")
    public abstract static class DropLockWhileWaiting extends BreakLayoutsVsFaultingPinnerScenario {
        private static final Config CONFIG = Config.builder()
                .set(Ext4Truncate.WAIT_DAX_PAGE, Ext4Truncate.WaitDaxPage.DROP_INVALIDATE_LOCK)
                .build();

        public DropLockWhileWaiting() {
            super(CONFIG);
        }
    }

    /**
     * The layout breaker sleeps with {@code invalidate_lock} held exclusive: the deadlock d6dc57e251a4 was written to
     * avoid ("Reported-by: Jan Kara"). Expected BROKEN: DEADLOCK.
     */
    @Design(value = "WAIT_HOLDING_LOCK", expected = Expected.BROKEN,
            source = "d6dc57e251a4 (the deadlock it avoids: 'in order to not deadlock the process that might be trying to elevate the page count of more pages')")
    public abstract static class WaitHoldingLock extends BreakLayoutsVsFaultingPinnerScenario {
        private static final Config CONFIG = Config.builder()
                .set(Ext4Truncate.WAIT_DAX_PAGE, Ext4Truncate.WaitDaxPage.HOLD_INVALIDATE_LOCK)
                .build();

        public WaitHoldingLock() {
            super(CONFIG);
        }
    }
}
