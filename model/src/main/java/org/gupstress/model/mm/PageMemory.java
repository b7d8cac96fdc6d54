package org.gupstress.model.mm;

/**
 * The memory a FSDAX page <em>is</em>: the words of the persistent-memory block its pfn addresses (ZONE_DEVICE
 * memory, reached in the kernel through the page's direct-map address). The VFS's storage block implements it
 * ({@code fs.Block}); mm reads and writes the page's data through it and knows nothing else of storage.
 */
public interface PageMemory {
    /** Reads word {@code i} of the page. */
    long readWord(int i);

    /** Writes word {@code i} of the page. */
    void writeWord(int i, long value);
}
