package org.gupstress.model.fs;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.IntField;
import org.gupstress.model.kernel.LongField;
import org.gupstress.model.kernel.RefArray;
import org.gupstress.model.kernel.RefField;

import org.gupstress.model.mm.AddressSpace;
import java.lang.invoke.MethodHandles;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.gupstress.model.kernel.locking.SpinLock;

/**
 * {@code struct inode}: reference count ({@code i_count}), link count ({@code i_nlink}), life-cycle state
 * ({@code i_state} under {@code i_lock}: I_WILL_FREE, I_FREEING, I_CLEAR, I_DIRTY_PAGES), size, {@code i_rwsem},
 * its page cache ({@link AddressSpace}) and the filesystem's block map (file page index to storage block).
 *
 * <p>Who holds {@code i_count}: the dentry while the name exists (dropped by {@link Namei#unlink}), every open
 * file ({@code struct file} &rarr; dentry &rarr; inode, collapsed here into one reference per file), and, through
 * their files, every VMA. A GUP pin holds none: it holds a folio reference only ({@code try_grab_folio()} touches
 * nothing else), which is the root of seed 003's storage use-after-free.
 *
 * <p>Oracle: an inode that was evicted and destroyed is freed; touching it afterwards records USE_AFTER_FREE.
 */
public final class Inode implements AddressSpace.Host {
    /** {@code i_state} bits. */
    public static final int I_WILL_FREE = 0;
    public static final int I_FREEING = 1;
    public static final int I_CLEAR = 2;
    /**
     * {@code I_DIRTY_PAGES}: the inode has dirty data to write back ({@code __mark_inode_dirty()}). A dirty inode
     * is kept off the inode LRU ({@code __inode_add_lru()}) and passed over by {@code inode_lru_isolate()}.
     */
    public static final int I_DIRTY_PAGES = 3;

    private static final IntField NLINK = IntField.of(MethodHandles.lookup(), Inode.class, "iNlink");
    private static final LongField SIZE = LongField.of(MethodHandles.lookup(), Inode.class, "iSize");
    private static final RefField<String> FREED_BY =
            RefField.of(MethodHandles.lookup(), Inode.class, "freedBy", String.class);

    private final World world;
    private final SuperBlock sb;
    private final String name;
    /** {@code i_count}. */
    final Atomic iCount;
    /** {@code i_state}: changed under {@link #iLock}, read racily. */
    final Atomic iState = new Atomic(0);
    /**
     * Oracle bookkeeping, not a kernel field: how many times a DAX layout break slept waiting for one of this
     * inode's pages to become idle. Lets an arbiter tell "eviction waited for the pin" from "the pin was gone".
     */
    private final Atomic daxLayoutSleeps = new Atomic(0);
    private final SpinLock iLock;
    private final RwSemaphore iRwsem;
    private final AddressSpace iMapping;
    /** {@code inode->i_fop}: plain, set by the filesystem before the inode is shared ({@link #setFop}). */
    private FileOperations iFop;
    /** The filesystem's block map: file page index to block (null = hole). */
    private final Block[] blockMap = new Block[AddressSpace.MAX_PAGES];
    @SuppressWarnings("unused")
    private int iNlink;
    @SuppressWarnings("unused")
    private long iSize;
    @SuppressWarnings("unused")
    private String freedBy;

    Inode(World world, SuperBlock sb, String name) {
        this.world = world;
        this.sb = sb;
        this.name = name;
        this.iCount = new Atomic(0);
        this.iLock = world.newSpinLock(name, ".i_lock");
        this.iRwsem = world.newRwSemaphore(name, ".i_rwsem");
        this.iMapping = new AddressSpace(world, this);
        SharedStructure.created(this, blockMap);
    }

    public World world() {
        return world;
    }

    /** {@code inode->i_sb}. */
    public SuperBlock sb() {
        return sb;
    }

    /** A name for messages and lock names: "I1". */
    public String name() {
        return name;
    }

    /** {@code inode->i_mapping}. */
    public AddressSpace mapping() {
        return iMapping;
    }

    /** {@code IS_DAX()}. */
    public boolean isDax() {
        return sb.isDax();
    }

    /** {@code inode->i_fop}. */
    public FileOperations fop() {
        return iFop;
    }

    /** {@code inode->i_fop = ...}: the filesystem's table, set once when it creates the inode. */
    public void setFop(FileOperations fop) {
        this.iFop = fop;
    }

    /** {@code inode->i_lock}. */
    public SpinLock iLock() {
        return iLock;
    }

    /** {@code inode->i_rwsem}. */
    public RwSemaphore iRwsem() {
        return iRwsem;
    }

    /** {@code atomic_read(&inode->i_count)}. */
    public int iCount() {
        return iCount.read();
    }

    /** {@code inode->i_nlink} (READ_ONCE). */
    public int iNlink() {
        return NLINK.readOnce(this);
    }

    /** {@code set_nlink()} / {@code drop_nlink()}: the caller holds {@code i_rwsem}. */
    public void setNlink(int n) {
        NLINK.writeOnce(this, n);
    }

    /** {@code i_size_read()}, in pages. */
    public long iSize() {
        return SIZE.readOnce(this);
    }

    /** {@code i_size_write()}, in pages; the caller holds {@code i_rwsem}. */
    public void iSizeWrite(long pages) {
        SIZE.writeOnce(this, pages);
    }

    /** {@code inode->i_state & bit} (racy read). */
    public boolean iStateTest(int bit) {
        return iState.testBit(bit);
    }

    /** The block that holds file page {@code index}, or null for a hole (the fs's extent lookup, iomap_begin). */
    public Block blockAt(long index) {
        touch("iomap_begin");
        return RefArray.loadAcquire(blockMap, (int) index);
    }

    /** Maps file page {@code index} to {@code b} (block allocation or truncate); release. */
    public void setBlockAt(long index, Block b) {
        RefArray.storeRelease(blockMap, (int) index, b);
    }

    /** Oracle bookkeeping: a DAX layout break of this inode is about to sleep for a busy page. */
    public void noteDaxLayoutSleep() {
        daxLayoutSleeps.incReturn();
    }

    /** Oracle bookkeeping: how many times a DAX layout break of this inode slept (readable after it was freed). */
    public int daxLayoutSleeps() {
        return daxLayoutSleeps.read();
    }

    /** True once evict() destroyed the inode. */
    public boolean isFreed() {
        return FREED_BY.readOnce(this) != null;
    }

    /** {@code destroy_inode()}: the oracle remembers who freed it. */
    void destroy() {
        FREED_BY.storeRelease(this, Thread.currentThread().getName());
    }

    /** The use-after-free oracle for the inode itself. */
    void touch(String who) {
        String by = FREED_BY.readOnce(this);
        if (by != null) {
            world.sanitizer().report(ViolationKind.USE_AFTER_FREE, who + " touched inode " + name + " after " + by + " freed it");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
