package org.gupstress.model.fs.ext4;

import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileOperations;
import org.gupstress.model.mm.Vma;

/** {@code ext4_file_operations} (fs/ext4/file.c): {@code .mmap = ext4_file_mmap}. */
enum Ext4File implements FileOperations {
    EXT4_FILE_OPERATIONS;

    /**
     * {@code ext4_file_mmap()}: {@code vma->vm_ops = IS_DAX(inode) ? &ext4_dax_vm_ops : &ext4_file_vm_ops}.
     */
    @Override
    public int mmap(File file, Vma vma) {
        vma.setVmOps(file.inode().isDax() ? Ext4VmOps.EXT4_DAX_VM_OPS : Ext4VmOps.EXT4_FILE_VM_OPS);
        return 0;
    }
}
