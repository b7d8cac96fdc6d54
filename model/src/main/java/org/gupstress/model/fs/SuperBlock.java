package org.gupstress.model.fs;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.IntField;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.mm.Vmscan;
import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.locking.SpinLock;

/**
 * {@code struct super_block}: the mounted filesystem's type and operations ({@code sb->s_type}, {@code sb->s_op}),
 * its storage, its inodes, the inode LRU (unused inodes kept cached after their last {@code iput()} while the
 * filesystem is active), and SB_ACTIVE.
 */
public final class SuperBlock {
    /** SB_ACTIVE, 1 or 0. */
    private static final IntField ACTIVE = IntField.of(MethodHandles.lookup(), SuperBlock.class, "active");

    private final World world;
    private final FileSystemType type;
    private final SuperOperations sOp;
    private final String name;
    private final Storage storage;
    private final SpinLock lruLock;
    /** Guarded by {@link #lruLock}: {@code sb->s_inode_lru}. */
    private final List<Inode> lru = new ArrayList<>(2);
    /** Guarded by {@link #lruLock}: {@code sb->s_inodes}. */
    private final List<Inode> inodes = new ArrayList<>(2);
    /** SB_ACTIVE; opaque. */
    @SuppressWarnings("unused")
    private int active = 1;

    /** The filesystem type {@link #mount(World, String, int, boolean)} mounts: the ext4-like one. */
    public static final String DEFAULT_FS_TYPE = "ext4";

    /**
     * {@code mount -t type}: the VFS's half ({@code alloc_super()}, which also registers the superblock's shrinker,
     * {@code sb->s_shrink}: {@code super_cache_scan()}), then the type's {@code fill_super}.
     */
    public SuperBlock(World world, FileSystemType type, String name, int nrBlocks, boolean dax) {
        this.world = world;
        this.type = type;
        this.sOp = type.superOperations();
        this.name = name;
        this.storage = new Storage(world, name, nrBlocks, dax);
        this.lruLock = world.newSpinLock(name, ".s_inode_lru_lock");
        world.registerShrinker(this::superCacheScan);
        SharedStructure.created(this);
    }

    /**
     * Mounts the default filesystem ({@value #DEFAULT_FS_TYPE}) named {@code name} with {@code nrBlocks} storage
     * blocks into {@code world}: a block filesystem with block reservations, or (dax) one on persistent memory whose
     * blocks are the pages.
     */
    public static SuperBlock mount(World world, String name, int nrBlocks, boolean dax) {
        return mount(world, DEFAULT_FS_TYPE, name, nrBlocks, dax);
    }

    /**
     * {@code mount -t fsType}: mounts a filesystem of the registered type {@code fsType} ({@link FileSystemType})
     * with {@code nrBlocks} storage blocks into {@code world}, on persistent memory if {@code dax}.
     *
     * @throws IllegalArgumentException if no such filesystem type is registered
     */
    public static SuperBlock mount(World world, String fsType, String name, int nrBlocks, boolean dax) {
        return new SuperBlock(world, FileSystemType.getFsType(fsType), name, nrBlocks, dax);
    }

    /**
     * {@code super_cache_scan()} (fs/super.c), this superblock's shrinker: without {@code __GFP_FS} it stops at once
     * ("Deadlock avoidance. We may hold various FS locks, and we don't want to recurse into the FS that called us"),
     * else it prunes the inode cache ({@link Inodes#pruneIcacheSb}).
     */
    private long superCacheScan(int gfp, int nrToScan) {
        if ((gfp & Vmscan.__GFP_FS) == 0) {
            return 0; // SHRINK_STOP
        }
        return Inodes.pruneIcacheSb(this, nrToScan).size();
    }

    public World world() {
        return world;
    }

    public String name() {
        return name;
    }

    /** {@code sb->s_type}. */
    public FileSystemType type() {
        return type;
    }

    /** {@code sb->s_op}. */
    public SuperOperations sOp() {
        return sOp;
    }

    public Storage storage() {
        return storage;
    }

    /** A filesystem on persistent memory mounted with {@code -o dax}. */
    public boolean isDax() {
        return storage.isDax();
    }

    /** {@code sb->s_flags & SB_ACTIVE}. */
    public boolean isActive() {
        return ACTIVE.readOnce(this) != 0;
    }

    /** Clears SB_ACTIVE ({@code deactivate_locked_super()} at umount): later final iputs evict at once. */
    public void deactivate() {
        ACTIVE.writeOnce(this, 0);
    }

    /**
     * Creates a regular file {@code name} of {@code nrPages} pages, each on a newly allocated block filled with
     * {@code initial}: {@code i_nlink} = 1 and one {@code i_count} held by its dentry; the filesystem sets its
     * operations ({@link FileSystemType#setRegularFileOps}).
     */
    public Inode createFile(String name, int nrPages, long initial) {
        Inode inode = new Inode(world, this, name);
        type.setRegularFileOps(inode);
        inode.setNlink(1);
        inode.iCount.set(1);
        for (int i = 0; i < nrPages; i++) {
            Block b = storage.allocate(inode);
            if (b == null) {
                throw new IllegalStateException(this.name + ": no space for " + name);
            }
            for (int w = 0; w < org.gupstress.model.mm.Folio.PAGE_WORDS; w++) {
                b.writeWord(w, initial);
            }
            b.setStoredChecksum(Storage.checksum(b));
            inode.setBlockAt(i, b);
        }
        inode.iSizeWrite(nrPages);
        lruLock.lock();
        try {
            inodes.add(inode);
        } finally {
            lruLock.unlock();
        }
        return inode;
    }

    /** {@code inode_lru_list_add()}; the caller holds the inode's {@code i_lock}. */
    void lruAdd(Inode inode) {
        lruLock.lock();
        try {
            if (!lru.contains(inode)) {
                lru.add(inode);
            }
        } finally {
            lruLock.unlock();
        }
    }

    /** {@code inode_lru_list_del()}. */
    void lruDel(Inode inode) {
        lruLock.lock();
        try {
            lru.remove(inode);
        } finally {
            lruLock.unlock();
        }
    }

    /** {@code inode_sb_list_del()}. */
    void sbListDel(Inode inode) {
        lruLock.lock();
        try {
            inodes.remove(inode);
        } finally {
            lruLock.unlock();
        }
    }

    /** A snapshot of the inode LRU, oldest first (what {@code prune_icache_sb()} would scan). */
    public List<Inode> lruSnapshot() {
        lruLock.lock();
        try {
            return new ArrayList<>(lru);
        } finally {
            lruLock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
