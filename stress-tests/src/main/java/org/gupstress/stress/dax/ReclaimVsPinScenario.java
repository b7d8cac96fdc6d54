package org.gupstress.stress.dax;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.Dcache;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.Inodes;
import org.gupstress.model.fs.SuperBlock;
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
import org.gupstress.model.mm.Vmscan;
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
 * Race C3: memory reclaim vs a DAX pin, Jan Kara's objection to waiting in eviction (seed 003, 2022-09-30): "inode
 * reclaim may block for abitrary time waiting for page pinning. If the application that has pinned the page
 * requires __GFP_FS memory allocation to get to a point where it releases the page, we even have a deadlock
 * possibility."
 *
 * <p>World per sample: FSDAX file I1 (linked) of one page B; Jason Gunthorpe's scenario has already happened: B was
 * pinned for an O_DIRECT read through a mapping of I1, then the mapping and the file were closed, and the dentry
 * shrinker dropped I1's unused dentry. Nothing but the pin refers to B; I1 sits unused on the inode LRU, unless
 * the design keeps it off (a pin holding the inode, or keeping it dirty).
 *
 * <pre>
 *   PINNER (the driver, before it completes)     KSWAPD
 *   DMA into B                                   shrink_slab(GFP_KERNEL)
 *   alloc_pages(gfp): direct reclaim               -&gt; prune_icache_sb -&gt; evict(I1)?
 *     -&gt; shrink_slab(gfp) -&gt; prune_icache_sb
 *        -&gt; evict(I1)? [design's wait for B]
 *   unpin B
 * </pre>
 *
 * If the pinner's own reclaim evicts I1 and eviction waits for B to go idle, it waits for itself: a deadlock
 * (DEADLOCK). If kswapd gets there first, kswapd stalls until the unpin (Dave Chinner's "We also don't want to
 * arbitrarily block memory reclaim for long periods of time"; acceptable, RECLAIM_WAITED). If eviction does not
 * wait, it truncates the pinned page (WARN, d2c997c0f145; I1 is linked, so no block is freed).
 *
 * <p><b>Can the inode shrinker reach I1 at all?</b> Only on a kernel whose {@code inode_lru_isolate()} lets an
 * inode with DAX entries go. Since 2021 (7f0e07fb0289 "dax: account DAX entries as nrpages" with 7716506adac4
 * "mm: introduce and use mapping_empty()") it does not: a DAX entry makes the mapping non-empty,
 * {@code invalidate_mapping_pages()} leaves DAX entries alone ("for DAX we do nothing") and the isolate callback
 * returns LRU_RETRY. Before, DAX entries were counted in {@code nrexceptional}, which the isolate callback ignored.
 * So the designs run twice where it matters: on the kernel they were written for (the shrinker cannot reach I1:
 * no deadlock, SAFE), and under Jan Kara's premise, a shrinker that can ({@link Inodes.EntryAccounting#NREXCEPTIONAL},
 * the {@code _EVICTABLE} designs), where waiting in eviction deadlocks: BROKEN. That verdict is the known, accepted
 * risk of the kernel's choice (Dan Williams: "My hope, famous last words, is that this is only a theoretical
 * deadlock"; Jason Gunthorpe: "given the limited options we should convert the UAF into an unlikely deadlock"):
 * DEADLOCK is graded as the bug it is (an unkillable task forever in D state), and the model shows why it stays
 * theoretical on today's kernel.
 */
@Scenario(family = "C", id = "reclaim-vs-pin",
        title = "a pinner's __GFP_FS allocation (and kswapd) reclaiming the inode of the FSDAX page it has pinned",
        outcomes = ReclaimVsPinScenario.Observed.class)
@GenerateTests
public abstract class ReclaimVsPinScenario {
    /** What reclaim did to I1. */
    public enum Observed {
        /** No reclaimer evicted I1: it was not on the LRU, or its DAX entry, its pin reference or its dirtiness kept it. */
        @Grade(kind = OK, desc = "I1 was not evicted (its DAX entry kept the inode shrinker away, LRU_RETRY, or no reclaimer reached it).")
        NOT_EVICTED,
        /** kswapd evicted I1 after the unpin: nothing to wait for. */
        @Grade(kind = OK, desc = "I1 was evicted with no busy page, after the unpin: harmless.")
        EVICTED_IDLE,
        /** A reclaimer evicted I1 and slept until the unpin (a reclaim stall, bounded by the pin). */
        @Grade(kind = OK, desc = "Reclaim evicted I1 and slept until the unpin: harmless.")
        RECLAIM_WAITED,
        /** The pinner's own reclaim evicted I1 and waited for the pinner's pin: nobody can release it. */
        @Grade(kind = BUG, desc = "The pinner's own __GFP_FS reclaim evicted I1 and waited for the pinner's pin (Jan Kara's deadlock).")
        DEADLOCK,
        /** Eviction truncated the pinned page: the WARN of d2c997c0f145. */
        @Grade(kind = BUG, desc = "Reclaim evicted I1 and truncated its pinned page (WARN of d2c997c0f145).")
        WARN_BUSY_TRUNCATE
    }

    static final long D_I1 = 0x11;
    static final long D_DMA = 0xD1;

    final World world;
    final Inode i1;
    final Folio[] pages = new Folio[1];
    final DmaBuffer dma;
    private final int gfp;

    /** @param gfp what the pinner's allocation allows: {@link Vmscan#GFP_KERNEL} or {@link Vmscan#GFP_NOFS} */
    protected ReclaimVsPinScenario(Config config, int gfp) {
        this.gfp = gfp;
        world = new World(config);
        world.tasks().fork("pinner");
        world.tasks().fork("kswapd");
        SuperBlock pmem = SuperBlock.mount(world, "pmem", 4, true);
        i1 = pmem.createFile("I1", 1, D_I1);
        File f1 = FileTable.open(i1);
        Mm mm = world.newMm("mm");
        Vma vma = Mmap.mmap(mm, f1, 0, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "buf");
        if (Gup.pinUserPages(mm, 0, 1, GupFlags.FOLL_WRITE, pages) != 1) {
            throw new IllegalStateException("could not pin I1's page: " + world.sanitizer());
        }
        dma = DmaBuffer.map("O_DIRECT read", pages[0]);
        Mmap.munmap(mm, vma);
        FileTable.close(f1);
        Dcache.shrinkDentry(i1);
    }

    World world() {
        return world;
    }

    /** The device writes B; the driver allocates (reclaiming under pressure) before it completes; unpin. */
    @Actor
    public void pinner() {
        try (Task me = world.tasks().start("pinner")) {
            try {
                dma.write(D_DMA);
                Folio completion = Vmscan.allocPages(world, gfp);
                completion.folioPut();
            } catch (Hung h) {
                // Recorded by the detector as DEADLOCK (or HUNG); the arbiter reports DEADLOCK. The I/O still completes.
            } finally {
                Gup.unpinUserPagesDirtyLock(pages, 1, true);
            }
        }
    }

    /** Background reclaim. */
    @Actor
    public void kswapd() {
        try (Task me = world.tasks().start("kswapd")) {
            try {
                Vmscan.kswapd(world);
            } catch (Hung h) {
                // Recorded by the detector as DEADLOCK (or HUNG); the arbiter reports DEADLOCK.
            }
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        Sanitizer s = world.sanitizer();
        Observed o;
        if (DaxPage.truncatedBusyPage(s)) {
            o = Observed.WARN_BUSY_TRUNCATE;
        } else if ((s.has(ViolationKind.DEADLOCK) || s.has(ViolationKind.HUNG))) {
            o = Observed.DEADLOCK;
        } else if (!s.clean() || !Gup.checkPinsBalanced(world)) {
            throw new IllegalStateException("unclassifiable sample: " + s);
        } else if (!i1.isFreed()) {
            o = Observed.NOT_EVICTED;
        } else {
            o = i1.daxLayoutSleeps() > 0 ? Observed.RECLAIM_WAITED : Observed.EVICTED_IDLE;
        }
        r.r1 = Witness.sample(getClass(), o);
    }

    /**
     * The d2c997c0f145 era (2017 until 2021): eviction waits for nothing, and the inode shrinker evicts DAX inodes
     * whatever entries they have (nrexceptional); 1-based. Reclaim truncates the pinned page. Expected BROKEN:
     * WARN_BUSY_TRUNCATE (Dan Williams in seed 003: "There are no reports I can find of iput_final() triggering the
     * WARN ... That WARN has been in place since 2017").
     */
    @Design(value = "NO_WAIT", expected = Expected.BROKEN,
            source = "d2c997c0f145 (2017); inode_lru_isolate() before 7f0e07fb0289 (2021); seed 003 (Dan Williams 2022-09-30)")
    public abstract static class NoWait extends ReclaimVsPinScenario {
        private static final Config CONFIG = DaxDesigns.NO_WAIT.toBuilder()
                .set(Inodes.ENTRY_ACCOUNTING, Inodes.EntryAccounting.NREXCEPTIONAL).build();

        public NoWait() {
            super(CONFIG, Vmscan.GFP_KERNEL);
        }
    }

    /**
     * Dan Williams' v2 patch 05 (seed 003) on the kernel it was written for (v6.0: DAX entries count as pages): the
     * inode shrinker cannot evict I1 while its entry exists, so reclaim never reaches the wait. Expected SAFE.
     */
    @Design(value = "EVICT_BREAK_LAYOUTS_LOCKED", expected = Expected.SAFE,
            source = "seed 003 [v2,05/18]; inode_lru_isolate() since 7f0e07fb0289 and 7716506adac4 (2021)")
    public abstract static class EvictBreakLayoutsLocked extends ReclaimVsPinScenario {
        public EvictBreakLayoutsLocked() {
            super(DaxDesigns.EVICT_BREAK_LAYOUTS_LOCKED, Vmscan.GFP_KERNEL);
        }
    }

    /**
     * {@code dax_break_layout_final()} as merged around v6.15, on its own kernel: the inode shrinker cannot evict I1
     * while its DAX entry exists. Expected SAFE.
     */
    @Design(value = "BREAK_LAYOUT_FINAL", expected = Expected.SAFE,
            source = "dax_break_layout_final() (v6.15); inode_lru_isolate() since 7f0e07fb0289 and 7716506adac4 (2021)")
    public abstract static class BreakLayoutFinal extends ReclaimVsPinScenario {
        public BreakLayoutFinal() {
            super(DaxDesigns.BREAK_LAYOUT_FINAL, Vmscan.GFP_KERNEL);
        }
    }

    /**
     * Dan Williams' v2 patch 05 under Jan Kara's premise (an inode shrinker that evicts DAX inodes with entries, as
     * before 2021): the pinner's GFP_KERNEL allocation evicts I1 holding its IOLOCK and waits for its own pin.
     * Expected BROKEN: DEADLOCK (or, if kswapd gets there first, a reclaim stall).
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code RECLAIM_WAITED}: kswapd evicted I1 and stalled until the unpin (Dave Chinner's latency objection).</li>
     *   <li>{@code DEADLOCK}: BUG: the pinner's own __GFP_FS reclaim evicted I1 and waited for the pinner's pin (Jan Kara's deadlock).</li>
     *   <li>{@code WARN_BUSY_TRUNCATE}: Eviction truncated the pinned page although it waits.</li>
     * </ul>
     */
    @Design(value = "EVICT_BREAK_LAYOUTS_LOCKED_EVICTABLE", expected = Expected.BROKEN,
            source = "seed 003 [v2,05/18] and Jan Kara 2022-09-30 ('we even have a deadlock possibility'); nrexceptional accounting before 7f0e07fb0289")
    public abstract static class EvictBreakLayoutsLockedEvictable extends ReclaimVsPinScenario {
        private static final Config CONFIG = DaxDesigns.EVICT_BREAK_LAYOUTS_LOCKED.toBuilder()
                .set(Inodes.ENTRY_ACCOUNTING, Inodes.EntryAccounting.NREXCEPTIONAL)
                .build();

        public EvictBreakLayoutsLockedEvictable() {
            super(CONFIG, Vmscan.GFP_KERNEL);
        }
    }

    /**
     * {@code dax_break_layout_final()} under Jan Kara's premise: the pinner's GFP_KERNEL allocation evicts I1 and
     * waits, with no lock held, for its own pin. Expected BROKEN: DEADLOCK, the accepted risk of the merged design.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code RECLAIM_WAITED}: kswapd evicted I1 and stalled until the unpin (Dave Chinner's latency objection).</li>
     *   <li>{@code DEADLOCK}: BUG: the pinner's own __GFP_FS reclaim evicted I1 and waited for the pinner's pin (Jan Kara's deadlock).</li>
     *   <li>{@code WARN_BUSY_TRUNCATE}: Eviction truncated the pinned page although it waits.</li>
     * </ul>
     */
    @Design(value = "BREAK_LAYOUT_FINAL_EVICTABLE", expected = Expected.BROKEN,
            source = "dax_break_layout_final() (v6.15) and Jan Kara 2022-09-30 (seed 003); nrexceptional accounting before 7f0e07fb0289")
    public abstract static class BreakLayoutFinalEvictable extends ReclaimVsPinScenario {
        private static final Config CONFIG = DaxDesigns.BREAK_LAYOUT_FINAL.toBuilder()
                .set(Inodes.ENTRY_ACCOUNTING, Inodes.EntryAccounting.NREXCEPTIONAL)
                .build();

        public BreakLayoutFinalEvictable() {
            super(CONFIG, Vmscan.GFP_KERNEL);
        }
    }

    /**
     * As {@link BreakLayoutFinalEvictable}, but the pinner allocates GFP_NOFS (a {@code memalloc_nofs_save()}
     * scope, as Dan Williams says I/O drivers should: "It is bad form for I/O drivers to perform __GFP_FS and
     * __GFP_IO allocations in their fast paths"): its reclaim skips the filesystem shrinkers; only kswapd can evict
     * I1, and it just waits for the unpin. Expected SAFE.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code NOT_EVICTED}: kswapd did not evict I1.</li>
     *   <li>{@code EVICTED_IDLE}: kswapd evicted I1 after the unpin.</li>
     *   <li>{@code RECLAIM_WAITED}: kswapd evicted I1 and stalled until the unpin (Dave Chinner's latency objection).</li>
     *   <li>{@code DEADLOCK}: A GFP_NOFS allocation reached the inode shrinker, or kswapd's wait never ended.</li>
     * </ul>
     */
    @Design(value = "BREAK_LAYOUT_FINAL_EVICTABLE_NOFS", expected = Expected.SAFE,
            source = "super_cache_scan() (no __GFP_FS: SHRINK_STOP); seed 003 (Dan Williams 2022-09-30)")
    public abstract static class BreakLayoutFinalEvictableNofs extends ReclaimVsPinScenario {
        private static final Config CONFIG = DaxDesigns.BREAK_LAYOUT_FINAL.toBuilder()
                .set(Inodes.ENTRY_ACCOUNTING, Inodes.EntryAccounting.NREXCEPTIONAL).build();

        public BreakLayoutFinalEvictableNofs() {
            super(CONFIG, Vmscan.GFP_NOFS);
        }
    }

    /**
     * The pin holds the inode (Jan Kara, Jason Gunthorpe, Dave Chinner; seeds 003 and 000), under Jan Kara's premise:
     * I1's i_count is the pin's, so I1 is not on the LRU and no reclaimer can evict it until the unpin; then it is
     * idle. Expected SAFE ("I think the desire would be to go from the VMA to an inode_get and hold the inode
     * reference ... ie prevent it from being freed in the first place").
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code NOT_EVICTED}: The pin held I1 off the LRU while reclaim ran.</li>
     *   <li>{@code EVICTED_IDLE}: The unpin put I1 on the LRU and kswapd evicted it, idle.</li>
     *   <li>{@code RECLAIM_WAITED}: Eviction slept until the unpin (not this design's behaviour, but harmless).</li>
     *   <li>{@code DEADLOCK}: Reclaim reached an inode held by a pin.</li>
     *   <li>{@code WARN_BUSY_TRUNCATE}: Reclaim evicted an inode held by a pin and truncated the pinned page.</li>
     * </ul>
     */
    @Design(value = "INODE_REF_PER_PIN", expected = Expected.SAFE,
            source = "seed 003 (Jason Gunthorpe 2022-09-30, Jan Kara 2022-09-23); seed 000 (Dave Chinner)")
    public abstract static class InodeRefPerPin extends ReclaimVsPinScenario {
        private static final Config CONFIG = DaxDesigns.INODE_REF_PER_PIN.toBuilder()
                .set(Inodes.ENTRY_ACCOUNTING, Inodes.EntryAccounting.NREXCEPTIONAL).build();

        public InodeRefPerPin() {
            super(CONFIG, Vmscan.GFP_KERNEL);
        }
    }

    /**
     * Dan Williams' "keep the inode dirty" (seed 003), under Jan Kara's premise: the pin dirtied I1, and a dirty
     * inode is kept off the LRU ({@code __inode_add_lru()}) and passed over by {@code inode_lru_isolate()}, so
     * reclaim cannot reach it. This is what the idea buys; its gap is the unlinked inode (race C1). Expected SAFE.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code NOT_EVICTED}: I1 was dirty: it never reached the LRU, reclaim could not see it.</li>
     *   <li>{@code EVICTED_IDLE}: I1 was evicted with no busy page (not reachable while dirty, but harmless).</li>
     *   <li>{@code RECLAIM_WAITED}: Eviction slept until the unpin (not reachable while dirty, but harmless).</li>
     *   <li>{@code DEADLOCK}: Reclaim reached a dirty inode and waited for its pin.</li>
     *   <li>{@code WARN_BUSY_TRUNCATE}: Reclaim evicted a dirty inode and truncated its pinned page.</li>
     * </ul>
     */
    @Design(value = "KEEP_INODE_DIRTY", expected = Expected.SAFE,
            source = "seed 003 (Dan Williams 2022-09-23 'keep the inode *dirty*'); __inode_add_lru(), inode_lru_isolate()")
    public abstract static class KeepInodeDirty extends ReclaimVsPinScenario {
        private static final Config CONFIG = DaxDesigns.KEEP_INODE_DIRTY.toBuilder()
                .set(Inodes.ENTRY_ACCOUNTING, Inodes.EntryAccounting.NREXCEPTIONAL).build();

        public KeepInodeDirty() {
            super(CONFIG, Vmscan.GFP_KERNEL);
        }
    }
}
