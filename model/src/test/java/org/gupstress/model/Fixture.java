package org.gupstress.model;


import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;

/**
 * The world most unit tests start from: one filesystem, file I1 of {@code pages} pages filled with {@link #D0},
 * open, and mapped shared read-write by one VMA at address 0 of one mm. Nothing is faulted in yet.
 */
public final class Fixture {
    /** The data file pages start with. */
    public static final long D0 = 0xD0;
    /** The data a test writes. */
    public static final long D1 = 0xD1;

    public final World world;
    public final SuperBlock sb;
    public final Inode inode;
    public final File file;
    public final Mm mm;
    public final Vma vma;

    private Fixture(Config config, boolean dax, int pages) {
        world = new World(config);
        sb = SuperBlock.mount(world, dax ? "pmem" : "ext4", 8, dax);
        inode = sb.createFile("I1", pages, D0);
        file = FileTable.open(inode);
        mm = world.newMm("mm");
        vma = Mmap.mmap(mm, file, 0, pages, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "vma1");
    }

    /** A block filesystem file of {@code pages} pages, kernel defaults. */
    public static Fixture blockFile(int pages) {
        return new Fixture(config().build(), false, pages);
    }

    /** The same on a DAX filesystem. */
    public static Fixture daxFile(int pages) {
        return new Fixture(config().build(), true, pages);
    }

    /** A custom config (start from {@link #config()}). */
    public static Fixture with(Config config, boolean dax, int pages) {
        return new Fixture(config, dax, pages);
    }

    /**
     * The kernel's defaults, with the default last-resort watchdog deadline: deadlocks and lost wake-ups are
     * detected when they happen, so no test needs a short one (and a test that stalls fails with a {@code Stall}).
     */
    public static Config.Builder config() {
        return Config.builder();
    }

    /** Faults page {@code addr} in (read or write) under mmap_lock, as an access from userspace would. */
    public int fault(long addr, boolean write) {
        mm.mmapLock().downRead();
        try {
            return Memory.handleMmFault(vma, addr, write);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /** The folio in the page cache at {@code index}, or null. */
    public Folio cached(long index) {
        return inode.mapping().xaLoad(index);
    }

    /** The PTE of {@code addr} in this fixture's mm. */
    public long pte(long addr) {
        return mm.ptepGetLockless(addr);
    }
}
