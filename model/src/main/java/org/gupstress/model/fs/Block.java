package org.gupstress.model.fs;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.IntField;
import org.gupstress.model.kernel.LongArray;
import org.gupstress.model.kernel.LongField;
import org.gupstress.model.kernel.RefField;

import java.lang.invoke.MethodHandles;

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
    private static final RefField<Inode> OWNER = RefField.of(MethodHandles.lookup(), Block.class, "owner", Inode.class);
    private static final LongField CHECKSUM = LongField.of(MethodHandles.lookup(), Block.class, "checksum");
    private static final IntField GENERATION = IntField.of(MethodHandles.lookup(), Block.class, "generation");

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
        SharedStructure.created(this, data);
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
        return OWNER.readOnce(this);
    }

    void setOwner(Inode inode) {
        OWNER.writeOnce(this, inode);
    }

    /** How many times the block has been allocated: a pin taken in one generation must not touch the next. */
    public int generation() {
        return GENERATION.readOnce(this);
    }

    void bumpGeneration() {
        GENERATION.writeOnce(this, generation() + 1);
    }

    @Override
    public long readWord(int i) {
        return LongArray.readOnce(data, i);
    }

    @Override
    public void writeWord(int i, long value) {
        LongArray.writeOnce(data, i, value);
    }

    /** The checksum stored with the last write-out (what a RAID parity or T10-DIF tag would hold). */
    public long storedChecksum() {
        return CHECKSUM.readOnce(this);
    }

    public void setStoredChecksum(long sum) {
        CHECKSUM.writeOnce(this, sum);
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
