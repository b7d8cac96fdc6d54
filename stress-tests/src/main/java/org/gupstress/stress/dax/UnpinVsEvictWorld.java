package org.gupstress.stress.dax;

import org.gupstress.model.mm.World;
import org.gupstress.model.dax.Dax;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.Namei;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;

/**
 * The world of race C1, shared by its two scenarios ({@link UnpinVsEvictDmaWriteScenario}, {@link UnpinVsEvictDmaReadScenario}):
 * Jason Gunthorpe's example (seed 003: "Multi-thread process where thread1 does open(O_DIRECT)+mmap()+read() and
 * thread2 does memunmap()+close() while the read() is inflight").
 *
 * <p>Built per sample: a FSDAX filesystem "pmem" of 4 blocks; file I1 of one page on block B, filled with
 * {@link #D_I1}; an empty file I2; I1 opened and mapped shared at address 0; thread1's O_DIRECT I/O already
 * submitted: {@code pin_user_pages()} took a FOLL_PIN on B through the mapping (faulting it in) and the driver
 * DMA-mapped it. The I/O's own file descriptor is on another filesystem and holds nothing of I1.
 *
 * <p>The TEARDOWN actor is thread2, and more: munmap, close, unlink (the final {@code iput()}: eviction,
 * truncation, B freed), then a write(2) to I2, which allocates a block: the allocator hands out the block freed
 * last, B. The scenarios' PINNER is the device and the I/O completion: the DMA, then the unpin.
 */
abstract class UnpinVsEvictWorld {
    /** I1's data. */
    static final long D_I1 = 0x11;
    /** What I2 writes into its block. */
    static final long D_I2 = 0x22;

    final World world;
    final Inode i1;
    final Inode i2;
    final Block b;
    final File f1;
    final Mm mm;
    final Vma vma;
    final Folio[] pages = new Folio[1];
    final DmaBuffer dma;
    /** Written by TEARDOWN, read by the arbiter: I1 was already evicted when TEARDOWN's unlink returned. */
    boolean evictedByTeardown;

    UnpinVsEvictWorld(Config config, boolean dmaWritesMemory, String device) {
        world = new World(config);
        world.tasks().fork("pinner");
        world.tasks().fork("teardown");
        SuperBlock pmem = SuperBlock.mount(world, "pmem", 4, true);
        i1 = pmem.createFile("I1", 1, D_I1);
        i2 = pmem.createFile("I2", 0, 0);
        b = i1.blockAt(0);
        f1 = FileTable.open(i1);
        mm = world.newMm("mm");
        vma = Mmap.mmap(mm, f1, 0, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "buf");
        int flags = dmaWritesMemory ? GupFlags.FOLL_WRITE : 0;
        if (Gup.pinUserPages(mm, 0, 1, flags, pages) != 1) {
            throw new IllegalStateException("could not pin I1's page: " + world.sanitizer());
        }
        dma = DmaBuffer.map(device, pages[0]);
    }

    /** For the JUnit tests: the world, to install an Interleaving's schedule. */
    World world() {
        return world;
    }

    /**
     * thread2: {@code munmap()}, {@code close()}, {@code unlink()} (the last reference: {@code iput_final()},
     * {@code evict()}), then {@code write(2)} of {@link #D_I2} to I2, which allocates a block.
     */
    void teardown() {
        try (Task me = world.tasks().start("teardown")) {
            try {
                Mmap.munmap(mm, vma);
                FileTable.close(f1);
                Namei.unlink(i1);
                evictedByTeardown = i1.isFreed();
                Dax.daxIomapWrite(i2, 0, D_I2);
            } catch (Hung h) {
                // Recorded by the detector as DEADLOCK (or HUNG); the arbiter reports DEADLOCK.
            }
        }
    }

    /**
     * Classifies the sample. {@code leaked} is the scenario's own evidence of the use-after-free beyond the
     * oracle's (I2's data overwritten, or I2's data read by the DMA).
     */
    UnpinVsEvictOutcome classify(boolean leaked) {
        Sanitizer s = world.sanitizer();
        if (s.has(ViolationKind.USE_AFTER_FREE) || leaked) {
            return UnpinVsEvictOutcome.STORAGE_UAF;
        }
        if (s.has(ViolationKind.DEADLOCK) || s.has(ViolationKind.HUNG)) {
            return UnpinVsEvictOutcome.DEADLOCK;
        }
        if (DaxPage.truncatedBusyPage(s)) {
            return UnpinVsEvictOutcome.WARN_BUSY_TRUNCATE;
        }
        if (!s.clean() || !i1.isFreed() || !Gup.checkPinsBalanced(world)) {
            throw new IllegalStateException("unclassifiable sample: I1 freed " + i1.isFreed() + "; " + s);
        }
        if (i1.daxLayoutSleeps() > 0) {
            return UnpinVsEvictOutcome.EVICT_WAITED;
        }
        if (!evictedByTeardown) {
            return UnpinVsEvictOutcome.EVICT_AT_UNPIN;
        }
        return UnpinVsEvictOutcome.CLEAN;
    }

    /** True unless every word of I2's block holds {@link #D_I2}. */
    boolean i2Corrupted() {
        Block b2 = i2.blockAt(0);
        if (b2 == null) {
            return false; // TEARDOWN hung before the write: classified as DEADLOCK
        }
        for (int w = 0; w < Folio.PAGE_WORDS; w++) {
            if (b2.readWord(w) != D_I2) {
                return true;
            }
        }
        return false;
    }
}
