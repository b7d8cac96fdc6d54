package org.gupstress.model.mm;

/**
 * {@code vma->vm_file}, as mm uses a {@code struct file}: its mapping, whether its inode is DAX, the reference a VMA
 * holds, and {@code call_mmap()}. The VFS's open file implements it ({@code fs.File}); mm names nothing else of the
 * VFS, and code above mm that needs the file itself casts.
 */
public interface VmFile {
    /** {@code file->f_mapping}: the page cache the file maps. */
    AddressSpace fMapping();

    /** {@code IS_DAX(file_inode(file))}. */
    boolean isDax();

    /** {@code get_file()}: one more reference (mmap takes one per VMA). */
    VmFile getFile();

    /**
     * {@code call_mmap()}: {@code file->f_op->mmap(file, vma)}, where the filesystem sets {@code vma->vm_ops}
     * ({@link Vma#setVmOps}) before the VMA is linked.
     *
     * @return 0 or a negative errno
     */
    int callMmap(Vma vma);

    /** {@code fput()}: drops a reference; the last one drops the inode reference. */
    void fput();
}
