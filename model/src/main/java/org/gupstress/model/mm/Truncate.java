package org.gupstress.model.mm;

import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/truncate.c: removing folios from the page cache.
 *
 * <p>A pinned page-cache folio survives truncation, orphaned ({@code folio->mapping == NULL}): DMA into it still
 * lands in memory, but no file will ever see it. A DAX "page" is the storage block itself, so truncation can only
 * forget the entry ({@code dax_delete_mapping_entry()}); if the page is still busy the kernel WARNs (commit
 * d2c997c0f145) and the block is freed under the DMA.
 */
public final class Truncate {
    /** truncate_inode_pages_final() set AS_EXITING and is about to remove every folio. */
    public static final SchedulePoint FINAL_AFTER_EXITING = SchedulePoint.declare("truncate_inode_pages_final.after_exiting",
            "AS_EXITING set, page cache not yet truncated");

    private Truncate() {
    }

    /**
     * {@code truncate_inode_pages(mapping, lstart)}: removes every page at or after {@code lstart}. Page cache:
     * lock each folio, wait for writeback, unmap it if still mapped, drop the filesystem's private data, remove it.
     * DAX: delete each entry.
     *
     * <p>A folio whose {@code mapping} is no longer this one when it is locked was truncated meanwhile and is gone
     * from the page cache. One that is still in the page cache at {@code index} is not removed
     * ({@code truncate_inode_folio()} returns {@code -EIO}), and {@code truncate_inode_pages_range()} restarts its
     * lookup until it finds nothing ("Otherwise restart to make sure all gone"): it finds the same folio again and
     * again. The model turns that spin into a wait for the page cache slot or the folio's {@code mapping} to
     * change (a folio lock release wakes it), so that a spin nobody can end is found as HUNG, not run forever.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if the folio lock, or the restart loop, is found stuck
     */
    public static void truncateInodePages(AddressSpace mapping, long lstart) {
        for (long index = lstart; index < AddressSpace.MAX_PAGES; index++) {
            if (mapping.daxMapping()) {
                DaxPage.truncateDaxEntry(mapping, index);
                continue;
            }
            for (;;) {
                Folio folio = Filemap.filemapGetFolio(mapping, index);
                if (folio == null) {
                    break;
                }
                Filemap.folioLock(folio);
                try {
                    if (folio.mapping() == mapping) {
                        Filemap.folioWaitWriteback(folio);
                        truncateInodeFolio(folio);
                        break;
                    }
                } finally {
                    Filemap.folioUnlock(folio);
                    folio.folioPut();
                }
                long at = index;
                if (mapping.xaLoad(at) == folio) {
                    folio.world().waitVarEvent(folio, () -> mapping.xaLoad(at) != folio || folio.mapping() == mapping,
                            "truncate_inode_pages_range() restarting on " + folio + ", whose mapping is not " + mapping);
                }
            }
        }
    }

    /**
     * {@code truncate_inode_folio()}: the folio is locked. {@code truncate_cleanup_folio()} (unmap if mapped,
     * {@code folio_invalidate()} drops the buffers, {@code folio_cancel_dirty()}), then
     * {@code filemap_remove_folio()}.
     */
    static void truncateInodeFolio(Folio folio) {
        if (folio.folioMapped()) {
            Memory.unmapMappingFolio(folio);
        }
        if (folio.folioGetPrivate() != null) {
            folio.mapping().aOps().invalidateFolio(folio); // folio_invalidate()
        }
        folio.folioTestClearDirty();
        Filemap.filemapRemoveFolio(folio);
    }

    /**
     * {@code truncate_inode_pages_final()}: called from evict. Marks the mapping exiting ({@code AS_EXITING}: no
     * page may be added any more) and truncates everything.
     */
    public static void truncateInodePagesFinal(AddressSpace mapping) {
        mapping.mappingSetExiting();
        mapping.world().at(FINAL_AFTER_EXITING);
        truncateInodePages(mapping, 0);
    }

    /**
     * {@code truncate_pagecache(inode, newsize)}: unmap, truncate, unmap again (a racing fault may have mapped a
     * page between the first unmap and the truncation). The caller holds {@code invalidate_lock} exclusive.
     */
    public static void truncatePagecache(AddressSpace mapping, long newsizePages) {
        long nr = AddressSpace.MAX_PAGES - newsizePages;
        Memory.unmapMappingRange(mapping, newsizePages, nr);
        truncateInodePages(mapping, newsizePages);
        Memory.unmapMappingRange(mapping, newsizePages, nr);
    }
}
