package org.gupstress.model.fs;

/** fs/namei.c: removing a name. */
public final class Namei {
    private Namei() {
    }

    /**
     * {@code unlink()}: under {@code i_rwsem}, drop the link count ({@code drop_nlink()}); then the dentry goes
     * negative and drops its inode reference ({@code d_delete()} &rarr; {@code iput()}). If nothing else holds the
     * inode, this is the final {@code iput()} and the inode is evicted.
     */
    public static void unlink(Inode inode) {
        inode.touch("unlink");
        inode.iRwsem().downWrite();
        try {
            inode.setNlink(inode.iNlink() - 1);
        } finally {
            inode.iRwsem().upWrite();
        }
        Inodes.iput(inode);
    }
}
