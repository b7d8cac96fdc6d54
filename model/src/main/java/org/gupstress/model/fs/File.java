package org.gupstress.model.fs;

import org.gupstress.model.kernel.Atomic;

/**
 * {@code struct file}: an open file holds a reference to its inode (through {@code f_path.dentry}, collapsed
 * here into one {@code i_count}) until its last {@code fput()}. Open with {@link FileTable#open}; each VMA that
 * maps it holds a file reference ({@code get_file()}).
 */
public final class File {
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
    public File getFile() {
        fCount.inc();
        return this;
    }

    public int fCount() {
        return fCount.read();
    }

    @Override
    public String toString() {
        return "file(" + inode.name() + ")";
    }
}
