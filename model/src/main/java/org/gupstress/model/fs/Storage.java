package org.gupstress.model.fs;

import java.util.ArrayDeque;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.locking.SpinLock;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;

/**
 * The blocks of one filesystem and its block allocator. Freed blocks are reused last-freed-first, so "I2
 * allocates a block and receives the block I1 just freed" is deterministic, which is what makes a storage
 * use-after-free observable in one sample. On persistent memory ({@code dax}) every block has a
 * {@code struct page} in the world's {@code mem_map}.
 */
public final class Storage {
    private final World world;
    private final Block[] blocks;
    private final boolean dax;
    private final SpinLock allocLock;
    /** Guarded by {@link #allocLock}: free blocks, most recently freed first. */
    private final ArrayDeque<Block> free = new ArrayDeque<>();

    Storage(World world, String name, int nrBlocks, boolean dax) {
        this.world = world;
        this.dax = dax;
        this.blocks = new Block[nrBlocks];
        this.allocLock = world.newSpinLock(name, ".block_alloc");
        int idle = DaxPage.idleRefcount(world);
        for (int i = 0; i < nrBlocks; i++) {
            Block b = new Block(this, i);
            if (dax) {
                b.setPage(world.memMap().daxPage(b, idle));
            }
            blocks[i] = b;
        }
        for (int i = nrBlocks - 1; i >= 0; i--) {
            free.push(blocks[i]);
        }
    }

    public boolean isDax() {
        return dax;
    }

    public Block block(int nr) {
        return blocks[nr];
    }

    public int nrBlocks() {
        return blocks.length;
    }

    /**
     * Allocates a free block for {@code owner} (the most recently freed one first), or returns null when the
     * filesystem is full ({@code -ENOSPC}).
     */
    public Block allocate(Inode owner) {
        allocLock.lock();
        try {
            Block b = free.poll();
            if (b != null) {
                b.bumpGeneration();
                b.setOwner(owner);
            }
            return b;
        } finally {
            allocLock.unlock();
        }
    }

    /** Returns {@code b} to the free pool; its data stays (reuse does not zero it, a new owner overwrites it). */
    public void free(Block b) {
        allocLock.lock();
        try {
            b.setOwner(null);
            free.push(b);
        } finally {
            allocLock.unlock();
        }
    }

    /** A checksum over a block's current data (the model's crc32c). */
    public static long checksum(Block b) {
        long[] words = new long[Folio.PAGE_WORDS];
        for (int i = 0; i < words.length; i++) {
            words[i] = b.readWord(i);
        }
        return checksum(words);
    }

    /** A checksum over data words, order-sensitive. */
    public static long checksum(long[] words) {
        long h = 0xcbf29ce484222325L;
        for (long w : words) {
            h = (h ^ w) * 0x100000001b3L;
        }
        return h;
    }

    World world() {
        return world;
    }
}
