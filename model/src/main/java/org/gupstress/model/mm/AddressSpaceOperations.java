package org.gupstress.model.mm;



/**
 * {@code struct address_space_operations} (include/linux/fs.h): the filesystem's half of the page cache, reached
 * only through {@code mapping->a_ops}. This is how mm calls a filesystem: {@code folio_mark_dirty()} calls
 * {@code dirty_folio}, writeback calls {@code writepages} and, per folio, {@code writepage}, reclaim calls
 * {@code release_folio} ({@code filemap_release_folio()}), truncation calls {@code invalidate_folio}
 * ({@code folio_invalidate()}). A filesystem sets the table on each regular file's mapping when it creates the
 * inode ({@code fs.FileSystemType#setRegularFileOps}); it never changes afterwards.
 *
 * <p>The model keeps the members it uses, with the kernel's names. {@code writepage} is the member as it was until
 * 6b0dfabb3555 ("fs: Remove aops->writepage", 2025; since then {@code writepages} walks the folios itself with
 * {@code writeback_iter()}): the model keeps mm's per-folio loop
 * ({@link org.gupstress.model.mm.PageWriteback#writeOneFolio}) and lets the filesystem write one folio at a time.
 *
 * <p>Thread-safety: implementations are stateless tables, shared by every world.
 */
public interface AddressSpaceOperations {
    /**
     * {@code bool (*dirty_folio)(struct address_space *, struct folio *)}: mark the folio dirty the way this
     * filesystem wants (ext4: {@code block_dirty_folio()}; DAX: {@code noop_dirty_folio()}).
     *
     * @return true if this call made the folio dirty
     */
    boolean dirtyFolio(AddressSpace mapping, Folio folio);

    /**
     * {@code int (*read_folio)(struct file *, struct folio *)}: fill a locked folio just added to the page cache
     * ({@code filemap_read_folio()}) with the file's data at its index (zeroes for a hole) and mark it uptodate. The
     * caller unlocks it (the kernel's read completion does).
     */
    void readFolio(Folio folio);

    /**
     * {@code int (*writepage)(struct page *, struct writeback_control *)}: write one folio that the caller locked
     * and cleaned for I/O ({@code folio_clear_dirty_for_io()}); unlocks it.
     *
     * @return true if the folio was written
     */
    boolean writepage(Folio folio, WritebackControl wbc);

    /**
     * {@code int (*writepages)(struct address_space *, struct writeback_control *)}: write back the mapping's dirty
     * data and wait for it ({@code do_writepages()} with WB_SYNC_ALL, as {@code write_inode_now(inode, 1)} asks).
     */
    void writepages(AddressSpace mapping, WritebackControl wbc);

    /**
     * {@code bool (*release_folio)(struct folio *, gfp_t)}: drop the filesystem's private data of a locked folio
     * that is neither dirty nor under writeback, if it can.
     *
     * @return true if the private data is gone
     */
    boolean releaseFolio(Folio folio);

    /**
     * {@code void (*invalidate_folio)(struct folio *, size_t offset, size_t len)}: truncation drops the folio's
     * private data (the whole folio: the model has no partial truncation).
     */
    void invalidateFolio(Folio folio);
}
