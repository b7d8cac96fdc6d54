package org.gupstress.model.fs;

/**
 * fs/dcache.c, the one thing the model needs of it: a dentry holds a reference to its inode ({@code d_inode},
 * collapsed in the model into one {@code i_count} per name), and an unused dentry of a linked file can be
 * reclaimed by the dentry shrinker ({@code prune_dcache_sb()} &rarr; {@code __dentry_kill()} &rarr;
 * {@code dentry_unlink_inode()} &rarr; {@code iput()}). Only then can an unused inode reach the inode LRU, where
 * the inode shrinker may evict it.
 */
public final class Dcache {
    private Dcache() {
    }

    /**
     * The dentry shrinker killed the unused dentry of linked {@code inode}: its inode reference is dropped. The
     * caller knows the dentry is unused (no open file, no mapping needs it; the model does not track dentries).
     */
    public static void shrinkDentry(Inode inode) {
        inode.touch("dentry_unlink_inode");
        Inodes.iput(inode);
    }
}
