package org.gupstress.model.fs;

/**
 * {@code struct super_operations} (include/linux/fs.h): how the VFS calls the filesystem that owns a superblock
 * ({@code sb->s_op}, set by the filesystem's {@code fill_super}). The model keeps the one member it uses.
 *
 * <p>Thread-safety: implementations are stateless tables, shared by every world.
 */
public interface SuperOperations {
    /**
     * {@code void (*evict_inode)(struct inode *)}: called by {@code evict()} for an inode that is I_FREEING and
     * unreachable: the filesystem truncates the page cache ({@code truncate_inode_pages_final()}) and, for an
     * unlinked inode, frees its blocks; {@code clear_inode()} follows in {@link Inodes#evict}.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a wait or a lock passes the watchdog deadline
     */
    void evictInode(Inode inode);
}
