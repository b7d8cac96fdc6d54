package org.gupstress.model.mm;

import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/page_alloc.c and mm/vmscan.c, as far as memory reclaim reaches into filesystems: an allocation under memory
 * pressure that may reclaim directly ({@code __GFP_DIRECT_RECLAIM}) runs the shrinkers in the allocating task's
 * context, and the superblock shrinker ({@code super_cache_scan()}, fs/super.c, a {@link Shrinker} the VFS
 * registers at mount) evicts unused inodes, but only if the allocation allows filesystem recursion
 * ({@code __GFP_FS}). kswapd does the same in the background with
 * GFP_KERNEL.
 *
 * <p>This is how an eviction can end up in the context of a task that holds a DAX pin (Jan Kara in seed 003: "If
 * the application that has pinned the page requires __GFP_FS memory allocation to get to a point where it
 * releases the page, we even have a deadlock possibility"). Whether the inode shrinker can reach a pinned DAX
 * inode at all is decided in the VFS's {@code inode_lru_isolate()} ({@code fs.Inodes}).
 *
 * <p>Simplified: the world is always at its min watermark (every allocation with direct reclaim reclaims first,
 * then succeeds; no OOM); page-cache LRU reclaim ({@code shrink_folio_list()}) and the dentry shrinker are not
 * modelled; {@code super_trylock_shared(s_umount)} always succeeds (no unmount).
 */
public final class Vmscan {
    /** {@code gfp_t} bits (include/linux/gfp_types.h). */
    public static final int __GFP_IO = 1;
    public static final int __GFP_FS = 1 << 1;
    public static final int __GFP_DIRECT_RECLAIM = 1 << 2;
    public static final int __GFP_KSWAPD_RECLAIM = 1 << 3;
    /** {@code GFP_KERNEL}: may sleep, reclaim, start I/O and recurse into filesystems. */
    public static final int GFP_KERNEL = __GFP_IO | __GFP_FS | __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
    /** {@code GFP_NOFS}: may reclaim, but not call back into filesystems ({@code memalloc_nofs_save()} scopes). */
    public static final int GFP_NOFS = GFP_KERNEL & ~__GFP_FS;

    /** How many objects one {@code scan_objects()} call may walk ({@code sc->nr_to_scan}). */
    static final int NR_TO_SCAN = 8;

    /** The allocation missed its fast path and is about to reclaim in its own context. */
    public static final SchedulePoint DIRECT_RECLAIM = SchedulePoint.declare("alloc_pages.direct_reclaim",
            "fast path failed under memory pressure; the allocating task enters direct reclaim");
    /** kswapd woke up and is about to run the shrinkers. */
    public static final SchedulePoint KSWAPD_SHRINK = SchedulePoint.declare("kswapd.shrink_slab",
            "kswapd (balance_pgdat) about to run the shrinkers with GFP_KERNEL");

    private Vmscan() {
    }

    /**
     * {@code alloc_pages(gfp, 0)} in a world under memory pressure: the fast path ({@code get_page_from_freelist()})
     * fails, so with {@code __GFP_DIRECT_RECLAIM} the task reclaims itself ({@code __alloc_pages_direct_reclaim()}
     * &rarr; {@code try_to_free_pages()} &rarr; {@code shrink_node()} &rarr; {@code shrink_slab()}), then gets its
     * page (with one reference, the caller's).
     *
     * @throws org.gupstress.model.kernel.sched.Hung if reclaim is found deadlocked
     */
    public static Folio allocPages(World w, int gfp) {
        if ((gfp & __GFP_DIRECT_RECLAIM) != 0) {
            w.at(DIRECT_RECLAIM);
            shrinkSlab(w, gfp);
        }
        return w.memMap().alloc(0);
    }

    /**
     * One round of kswapd ({@code balance_pgdat()} &rarr; {@code shrink_node()} &rarr; {@code shrink_slab()} with
     * GFP_KERNEL).
     *
     * @return the objects the shrinkers freed
     * @throws org.gupstress.model.kernel.sched.Hung if an eviction is found deadlocked
     */
    public static long kswapd(World w) {
        w.at(KSWAPD_SHRINK);
        return shrinkSlab(w, GFP_KERNEL);
    }

    /**
     * {@code shrink_slab()}: runs every registered {@link Shrinker} ({@code do_shrink_slab()}); the model's are the
     * superblock shrinkers, {@code super_cache_scan()}, which stop at once without {@code __GFP_FS} ("Deadlock
     * avoidance. We may hold various FS locks, and we don't want to recurse into the FS that called us") and else
     * prune the inode cache ({@code prune_icache_sb()}).
     *
     * @return the objects freed
     */
    static long shrinkSlab(World w, int gfp) {
        long freed = 0;
        for (Shrinker s : w.shrinkers()) {
            freed += s.scanObjects(gfp, NR_TO_SCAN);
        }
        return freed;
    }
}
