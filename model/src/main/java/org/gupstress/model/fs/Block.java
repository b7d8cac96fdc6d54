package org.gupstress.model.fs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.PageMemory;

/**
 * One storage block: its data, the checksum the last write-out stored with it, its current owner, and how many
 * times it has been allocated (its generation). On a DAX filesystem the block <em>is</em> a page: CPU stores
 * through a mapping and DMA through a pin land directly here, and {@link #page()} is its {@code struct page}.
 *
 * <p>Access modes: data words and the checksum are opaque (a device or a CPU writes them racily); owner and
 * generation change only under the storage allocator's lock and are read opaque by the oracles.
 */
public final class Block implements PageMemory {
    private static final VarHandle DATA = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle OWNER;
    private static final VarHandle CHECKSUM;
    private static final VarHandle GENERATION;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OWNER = l.findVarHandle(Block.class, "owner", Inode.class);
            CHECKSUM = l.findVarHandle(Block.class, "checksum", long.class);
            GENERATION = l.findVarHandle(Block.class, "generation", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Storage storage;
    private final int nr;
    private final long[] data = new long[Folio.PAGE_WORDS];
    /** Set once for a DAX block by {@link Storage}; never changes afterwards. */
    private Folio page;
    @SuppressWarnings("unused")
    private Inode owner;
    @SuppressWarnings("unused")
    private long checksum;
    @SuppressWarnings("unused")
    private int generation;

    Block(Storage storage, int nr) {
        this.storage = storage;
        this.nr = nr;
    }

    void setPage(Folio page) {
        this.page = page;
    }

    public Storage storage() {
        return storage;
    }

    public int nr() {
        return nr;
    }

    /** The {@code struct page} of this DAX block, or null on a block device. */
    public Folio page() {
        return page;
    }

    /** The inode whose data this block holds now, or null if free. */
    public Inode owner() {
        return (Inode) OWNER.getOpaque(this);
    }

    void setOwner(Inode inode) {
        OWNER.setOpaque(this, inode);
    }

    /** How many times the block has been allocated: a pin taken in one generation must not touch the next. */
    public int generation() {
        return (int) GENERATION.getOpaque(this);
    }

    void bumpGeneration() {
        GENERATION.setOpaque(this, generation() + 1);
    }

    @Override
    public long readWord(int i) {
        return (long) DATA.getOpaque(data, i);
    }

    @Override
    public void writeWord(int i, long value) {
        DATA.setOpaque(data, i, value);
    }

    /** The checksum stored with the last write-out (what a RAID parity or T10-DIF tag would hold). */
    public long storedChecksum() {
        return (long) CHECKSUM.getOpaque(this);
    }

    public void setStoredChecksum(long sum) {
        CHECKSUM.setOpaque(this, sum);
    }

    /** True if the data on the block matches the checksum stored with it: the write-out was stable. */
    public boolean checksumMatches() {
        return Storage.checksum(this) == storedChecksum();
    }

    @Override
    public String toString() {
        return "block " + nr;
    }
}
