package org.gupstress.model.mm;

/**
 * {@code struct shrinker} (include/linux/shrinker.h): a cache outside mm that reclaim may ask to free objects. The
 * VFS registers one per superblock ({@code sb->s_shrink}, {@code super_cache_scan()}), and {@link Vmscan}'s
 * {@code shrink_slab()} calls it: how reclaim reaches into a filesystem without mm naming one.
 */
public interface Shrinker {
    /**
     * {@code shrinker->scan_objects()}: frees what it can of up to {@code nrToScan} objects, in the reclaiming
     * task's context.
     *
     * @param gfp the allocation's {@code gfp_t} ({@code sc->gfp_mask}): without {@code __GFP_FS} a filesystem's
     *            shrinker must not recurse into the filesystem
     * @return the objects freed (0 for {@code SHRINK_STOP})
     * @throws org.gupstress.model.kernel.sched.Hung if a wait in it is found deadlocked
     */
    long scanObjects(int gfp, int nrToScan);
}
