package org.gupstress.model.fs;

/** fs/open.c and fs/file_table.c: opening a file and dropping file references. */
public final class FileTable {
    private FileTable() {
    }

    /** {@code open()}: a new {@code struct file} holding a reference to {@code inode}. */
    public static File open(Inode inode) {
        Inodes.ihold(inode);
        return new File(inode);
    }

    /** {@code fput()}: the last file reference drops the inode reference ({@code __fput()} &rarr; {@code iput()}). */
    public static void fput(File file) {
        if (file.fCount.decAndTest()) {
            Inodes.iput(file.inode());
        }
    }

    /** {@code close(fd)}: drops the descriptor's file reference. */
    public static void close(File file) {
        fput(file);
    }
}
