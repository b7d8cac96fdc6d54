package org.gupstress.model.fs;

import org.gupstress.model.mm.Vma;

/**
 * {@code struct file_operations} (include/linux/fs.h): {@code file->f_op}, copied from the inode's {@code i_fop} at
 * open. The model keeps the one member it uses.
 *
 * <p>Thread-safety: implementations are stateless tables, shared by every world.
 */
public interface FileOperations {
    /**
     * {@code int (*mmap)(struct file *, struct vm_area_struct *)}, from {@code call_mmap()} in {@code mmap()}: the
     * filesystem sets {@code vma->vm_ops} ({@link Vma#setVmOps}) before the VMA is linked.
     *
     * @return 0 or a negative errno
     */
    int mmap(File file, Vma vma);
}
