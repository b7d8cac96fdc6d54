package org.gupstress.model.fs;

import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.mm.Vma;
import org.gupstress.model.mm.VmFile;

/**
 * {@code struct file}: an open file holds a reference to its inode (through {@code f_path.dentry}, collapsed
 * here into one {@code i_count}) until its last {@code fput()}. Open with {@link FileTable#open}; each VMA that
 * maps it holds a file reference ({@code get_file()}).
 */
public final class File implements VmFile {
    private final Inode inode;
    /** {@code f_count}. */
    final Atomic fCount = new Atomic(1);

    File(Inode inode) {
        this.inode = inode;
    }

    /** {@code file->f_op}: the inode's {@code i_fop} ({@code do_dentry_open()}). */
    public FileOperations fOp() {
        return inode.fop();
    }

    /** {@code file_inode()}. */
    public Inode inode() {
        return inode;
    }

    /** {@code get_file()}: one more reference (mmap takes one per VMA). */
    @Override
    public File getFile() {
        fCount.inc();
        return this;
    }

    @Override
    public AddressSpace fMapping() {
        return inode.mapping();
    }

    @Override
    public boolean isDax() {
        return inode.isDax();
    }

    @Override
    public int callMmap(Vma vma) {
        return fOp().mmap(this, vma);
    }

    @Override
    public void fput() {
        FileTable.fput(this);
    }

    public int fCount() {
        return fCount.read();
    }

    @Override
    public String toString() {
        return "file(" + inode.name() + ")";
    }
}
