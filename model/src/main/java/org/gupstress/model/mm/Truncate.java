package org.gupstress.model.mm;

import org.gupstress.model.fs.AddressSpace;
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
     */
    public static void truncateInodePages(AddressSpace mapping, long lstart) {
        for (long index = lstart; index < AddressSpace.MAX_PAGES; index++) {
            if (mapping.daxMapping()) {
                DaxPage.truncateDaxEntry(mapping, index);
                continue;
            }
            Folio folio = Filemap.filemapGetFolio(mapping, index);
            if (folio == null) {
                continue;
            }
            Filemap.folioLock(folio);
            try {
                if (folio.mapping() == mapping) {
                    Filemap.folioWaitWriteback(folio);
                    truncateInodeFolio(folio);
                }
            } finally {
                Filemap.folioUnlock(folio);
                folio.folioPut();
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
        mapping.host().world().at(FINAL_AFTER_EXITING);
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
