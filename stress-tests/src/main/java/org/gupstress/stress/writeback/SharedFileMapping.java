package org.gupstress.stress.writeback;

import org.gupstress.model.mm.World;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;

/**
 * The starting state of race family A, built in each sample's constructor: an ext4-like filesystem, a file I1 of
 * one page whose block holds {@link #D0}, opened and mapped {@code MAP_SHARED} read-write at address 0 of process
 * "proc", and userspace has just stored to the page through that mapping. The store's write fault went through
 * the write-notify protocol ({@code do_shared_fault()}: {@code ext4_page_mkwrite()} reserved the block and
 * attached it as the folio's buffers, the PTE is writable and dirty, the folio is dirty). Writeback holds its
 * own reference to the folio, as the page-cache lookup of {@code write_cache_pages()} does.
 */
final class SharedFileMapping {
    /** The data on storage and in the page at the start. */
    static final long D0 = 0xD0;
    /** What the DMA writes through its pin. */
    static final long D1 = 0xD1;
    /** The user address of the mapping (model addresses are page numbers). */
    static final long ADDR = 0;

    final World world;
    final Inode inode;
    final Mm mm;
    final Vma vma;
    /** The page-cache folio of I1 page 0; the fixture holds writeback's reference to it. */
    final Folio folio;
    /** I1's block for page 0. */
    final Block block;

    /**
     * @param stableWrites whether the mapping asks for stable pages ({@code AS_STABLE_WRITES}: the device checksums
     *                     what it stores, as T10-PI or RAID parity do): {@code page_mkwrite} then waits for a write-out
     *                     in flight before letting a new write in
     * @param folioOrder   0 for a small folio; above 0 the page cache holds a large folio of that order (as
     *                     {@code filemap_alloc_folio()} creates on a mapping with large folio support), whose pins
     *                     are counted in {@code _pincount} rather than in {@code _refcount}
     */
    SharedFileMapping(World world, boolean stableWrites, int folioOrder) {
        this.world = world;
        SuperBlock sb = SuperBlock.mount(world, "ext4", 4, false);
        this.inode = sb.createFile("I1", 1, D0);
        if (stableWrites) {
            inode.mapping().mappingSetStableWrites();
        }
        if (folioOrder > 0) {
            addLargeFolio(world, folioOrder);
        }
        File file = FileTable.open(inode);
        this.mm = world.newMm("proc");
        this.vma = Mmap.mmap(mm, file, ADDR, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "proc:I1");
        mm.mmapLock().downRead();
        try {
            int fault = Memory.handleMmFault(vma, ADDR, true);
            if (fault != 0) {
                throw new IllegalStateException("setup write fault failed: " + fault);
            }
        } finally {
            mm.mmapLock().upRead();
        }
        this.folio = Filemap.filemapGetFolio(inode.mapping(), 0);
        this.block = inode.blockAt(0);
    }

    /**
     * The read side of {@code filemap_fault()} with a large folio: allocate, lock, insert into the page cache (whose
     * reference the allocation's becomes), read the block, mark uptodate, unlock. The model's page cache allocates
     * small folios only; the model's folio is one page of data whatever its order, so only pin accounting differs.
     */
    private void addLargeFolio(World world, int order) {
        Folio large = world.memMap().alloc(order);
        if (!large.folioTrylock() || !Filemap.filemapAddFolio(inode.mapping(), large, 0)) {
            throw new IllegalStateException("cannot add a large folio to a fresh page cache");
        }
        Block b = inode.blockAt(0);
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            large.writeWord(i, b.readWord(i), "filemap_read_folio");
        }
        large.folioMarkUptodate();
        Filemap.folioUnlock(large);
    }

    /** True if every word of the block holds {@code value}. */
    boolean storageHolds(long value) {
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            if (block.readWord(i) != value) {
                return false;
            }
        }
        return true;
    }
}
