package org.gupstress.model.mm;


/**
 * {@code struct vm_area_struct}: {@code [start, end)} in pages, its flags, and the file it maps from page
 * {@code pgoff} on. A VMA holds a reference to its file ({@code get_file()} in mmap), and through it the inode:
 * a mapped inode never reaches {@code iput_final()}. Immutable except for its membership in the mm's VMA list
 * and the mapping's {@code i_mmap}, which mmap/munmap change under {@code mmap_lock} and {@code i_mmap_rwsem}.
 */
public final class Vma {
    public static final int VM_READ = 1;
    public static final int VM_WRITE = 1 << 1;
    public static final int VM_SHARED = 1 << 3;

    private final Mm mm;
    private final long start;
    private final long end;
    private final int flags;
    private final VmFile file;
    private final long pgoff;
    private final String name;
    /** {@code vma->vm_ops}: plain, set by {@code f_op->mmap} before the VMA is linked and shared. */
    private VmOperations vmOps;

    Vma(Mm mm, long start, long end, int flags, VmFile file, long pgoff, String name) {
        this.mm = mm;
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.file = file;
        this.pgoff = pgoff;
        this.name = name;
    }

    public Mm mm() {
        return mm;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int flags() {
        return flags;
    }

    /** {@code vma->vm_ops}: how faults reach the filesystem. */
    public VmOperations vmOps() {
        return vmOps;
    }

    /** {@code vma->vm_ops = ...}: only from the file's {@code f_op->mmap}, before the VMA is linked. */
    public void setVmOps(VmOperations vmOps) {
        this.vmOps = vmOps;
    }

    /** {@code vma->vm_file}. */
    public VmFile file() {
        return file;
    }

    public long pgoff() {
        return pgoff;
    }

    public String name() {
        return name;
    }

    public boolean contains(long addr) {
        return addr >= start && addr < end;
    }

    /** {@code vma->vm_file->f_mapping}, or null for an anonymous VMA. */
    public AddressSpace mapping() {
        return file == null ? null : file.fMapping();
    }

    /** {@code vma_is_anonymous()}: no file (the model has no {@code anon_vma}; see {@link Mmap#mmapAnon}). */
    public boolean vmaIsAnonymous() {
        return file == null;
    }

    /** {@code linear_page_index()}: the file page {@code addr} maps. */
    public long linearPageIndex(long addr) {
        return pgoff + (addr - start);
    }

    /** {@code vma_address()}: the address at which this VMA maps file page {@code index}, or -1 if it does not. */
    public long vmaAddress(long index) {
        long addr = start + (index - pgoff);
        return addr >= start && addr < end ? addr : -1;
    }

    /** {@code VM_SHARED}. */
    public boolean isShared() {
        return (flags & VM_SHARED) != 0;
    }

    public boolean isWritable() {
        return (flags & VM_WRITE) != 0;
    }

    /** {@code vma_is_fsdax()}. */
    public boolean vmaIsFsdax() {
        return file != null && file.isDax();
    }

    /**
     * {@code vma_needs_dirty_tracking()}: a shared writable mapping of a file whose filesystem wants to be told
     * before a page is written ({@code page_mkwrite}) and writes pages back. Such PTEs start read-only and are
     * write-protected again by {@code folio_mkclean()} so that the next write faults.
     */
    public boolean vmaNeedsDirtyTracking() {
        return file != null && isShared() && isWritable() && !vmaIsFsdax();
    }

    @Override
    public String toString() {
        return name;
    }
}
