package org.gupstress.model.mm;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.RefArray;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.gupstress.model.kernel.locking.SpinLock;

/**
 * {@code struct address_space}: the page cache of one inode ({@code i_pages}), the VMAs that map it
 * ({@code i_mmap} under {@code i_mmap_rwsem}), and {@code invalidate_lock}.
 *
 * <ul>
 *   <li>{@code i_pages}: file page index to folio (or, on DAX, to the block's page). Lookups are lock-free
 *       (acquire, as RCU lookups in the xarray), stores happen under the {@code xa_lock} ({@link #iPagesLock()})
 *       with release;</li>
 *   <li>{@code invalidate_lock}: a {@link RwSemaphore} on a {@code StampedLock}. "Guards coherency between page
 *       cache contents and file offset-&gt;disk block mappings": shared in faults that instantiate pages, exclusive
 *       in truncate, hole punch and layout breaking (XFS's MMAPLOCK is this lock);</li>
 *   <li>{@code i_mmap}: the VMAs mapping this file, walked by rmap under {@code i_mmap_rwsem} read.</li>
 * </ul>
 */
public final class AddressSpace {
    /** {@code AS_EXITING}: {@code truncate_inode_pages_final()} has started; nothing new may be added. */
    public static final int AS_EXITING = 0;
    /** {@code AS_STABLE_WRITES}: pages must not change while under writeback (checksumming storage). */
    public static final int AS_STABLE_WRITES = 1;

    /** Pages a file may have in the model. */
    public static final int MAX_PAGES = 8;

    private final World world;
    private final Host host;
    private final Folio[] iPages = new Folio[MAX_PAGES];
    private final SpinLock iPagesLock;
    private final RwSemaphore invalidateLock;
    private final RwSemaphore iMmapRwsem;
    /** Guarded by {@link #iMmapRwsem}. */
    private final List<Vma> iMmap = new ArrayList<>(2);
    /** {@code mapping->flags}: AS_* bits. */
    private final Atomic flags = new Atomic(0);
    /** {@code mapping->a_ops}: plain, set by the filesystem before the inode is shared ({@link #setAops}). */
    private AddressSpaceOperations aOps;

    /**
     * {@code mapping->host}, as mm sees it: the inode that owns this page cache. mm sits below the VFS and reads
     * only its name, {@code i_size} and whether it is DAX; the VFS's inode implements it ({@code fs.Inode}), and
     * code above mm that needs the inode itself casts, as C code uses the {@code struct inode *} it knows the type
     * of.
     */
    public interface Host {
        /** The inode's name, for diagnostics. */
        String name();

        /** {@code i_size_read(inode)}, in pages. */
        long iSize();

        /** {@code IS_DAX(inode)}. */
        boolean isDax();
    }

    /** The page cache of {@code host}, built by the VFS when it creates the inode ({@code inode->i_data}). */
    public AddressSpace(World world, Host host) {
        this.world = world;
        this.host = host;
        String n = host.name();
        this.iPagesLock = world.newSpinLock(n, ".i_pages");
        this.invalidateLock = world.newRwSemaphore(n, ".invalidate_lock");
        this.iMmapRwsem = world.newRwSemaphore(n, ".i_mmap_rwsem");
        SharedStructure.created(this, iPages);
    }

    /** {@code mapping->host}. */
    public Host host() {
        return host;
    }

    /** The world this page cache lives in. */
    public World world() {
        return world;
    }

    /** {@code mapping->a_ops}: how mm reaches the filesystem that owns these pages. */
    public AddressSpaceOperations aOps() {
        return aOps;
    }

    /**
     * {@code inode->i_mapping->a_ops = ...}: the filesystem's table, set once when it creates the inode
     * ({@code FileSystemType#setRegularFileOps}), before the inode is shared.
     */
    public void setAops(AddressSpaceOperations aOps) {
        this.aOps = aOps;
    }

    /** {@code mapping->invalidate_lock}. */
    public RwSemaphore invalidateLock() {
        return invalidateLock;
    }

    /** {@code mapping->i_mmap_rwsem}. */
    public RwSemaphore iMmapRwsem() {
        return iMmapRwsem;
    }

    /** {@code xa_lock(&mapping->i_pages)}. */
    public SpinLock iPagesLock() {
        return iPagesLock;
    }

    /** {@code mapping->i_mmap}; the caller holds {@link #iMmapRwsem()}. */
    public List<Vma> iMmap() {
        return iMmap;
    }

    /** {@code mapping_mapped()}: racy, like the kernel's {@code RB_EMPTY_ROOT(&mapping->i_mmap.rb_root)}. */
    public boolean mappingMapped() {
        return !iMmap.isEmpty();
    }

    /** {@code xa_load(&mapping->i_pages, index)}: lock-free lookup (acquire). */
    public Folio xaLoad(long index) {
        return index >= 0 && index < MAX_PAGES ? RefArray.loadAcquire(iPages, (int) index) : null;
    }

    /** {@code xa_store()}: the caller holds {@link #iPagesLock()}. Release, so the folio is seen initialized. */
    public void xaStore(long index, Folio folio) {
        RefArray.storeRelease(iPages, (int) index, folio);
    }

    /** {@code mapping_set_exiting()}. */
    public void mappingSetExiting() {
        flags.setBit(AS_EXITING);
    }

    /** {@code mapping_exiting()}. */
    public boolean mappingExiting() {
        return flags.testBit(AS_EXITING);
    }

    /** {@code mapping_set_stable_writes()}. */
    public void mappingSetStableWrites() {
        flags.setBit(AS_STABLE_WRITES);
    }

    /** {@code mapping_stable_writes()}. */
    public boolean mappingStableWrites() {
        return flags.testBit(AS_STABLE_WRITES);
    }

    /** {@code dax_mapping()}. */
    public boolean daxMapping() {
        return host.isDax();
    }

    @Override
    public String toString() {
        return host.name() + ".i_mapping";
    }
}
