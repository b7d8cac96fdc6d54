package org.gupstress.model.mm;

import org.gupstress.model.fs.SuperBlock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.ext4.Ext4;
import org.gupstress.model.kernel.sched.Interleaving;
import org.junit.jupiter.api.Test;

/**
 * Jerome Glisse's GUP back-off (seed 002, {@link Gup#BACK_OFF_WRITEBACK}) on a mapping <em>without</em> stable
 * writes: what it buys is that a pin taken while the page is under writeback cannot change the page before the
 * write-out ends. Without it, the pin's write fault returns at once ({@code folio_wait_stable()} does not wait on
 * such a mapping) and the device writes into the page while the I/O copies it.
 */
class GupBackOffTest {
    private static final long D0 = 0xD0;
    private static final long D1 = 0xD1;

    /** A file page mapped shared and writable, dirtied by userspace, with no stable writes; and its two actors. */
    private static final class DirtyFilePage {
        final World world;
        final Inode inode;
        final Mm mm;
        final Folio folio;

        DirtyFilePage(Config config) {
            world = new World(config);
            inode = SuperBlock.mount(world, "ext4", 4, false).createFile("I1", 1, D0);
            mm = world.newMm("proc");
            Vma vma = Mmap.mmap(mm, FileTable.open(inode), 0, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "proc:I1");
            mm.mmapLock().downRead();
            try {
                assertEquals(0, Memory.handleMmFault(vma, 0, true));
            } finally {
                mm.mmapLock().upRead();
            }
            folio = Filemap.filemapGetFolio(inode.mapping(), 0);
        }

        /** An O_DIRECT read into the mapping: pin_user_pages(), the device writes D1, unpin and dirty. */
        void directIoRead() {
            Folio[] pages = new Folio[1];
            assertEquals(1, Gup.pinUserPages(mm, 0, 1, GupFlags.FOLL_WRITE, pages));
            DmaBuffer.map("O_DIRECT read", pages[0]).write(D1);
            Gup.unpinUserPagesDirtyLock(pages, 1, true);
        }

        void writeback() {
            PageWriteback.writeOneFolio(folio);
        }
    }

    @Test
    void withoutTheBackOffAPinTakenDuringTheWriteOutChangesThePage() {
        DirtyFilePage t = new DirtyFilePage(Config.defaults());
        Interleaving.in(t.world::useSchedule)
                .thread("DMA", t::directIoRead)
                .thread("WRITEBACK", t::writeback)
                .step("WRITEBACK", Ext4.WRITEPAGE_IO_IN_FLIGHT.name())
                .step("DMA", Interleaving.END)
                .step("WRITEBACK", Interleaving.END)
                .run();
        assertFalse(t.inode.blockAt(0).checksumMatches(), "D1 reached the device under a checksum of D0");
        assertTrue(t.world.sanitizer().clean(), t.world.sanitizer().toString());
    }

    @Test
    void withTheBackOffThePinWaitsForTheWriteOut() {
        DirtyFilePage t = new DirtyFilePage(Config.builder().set(Gup.BACK_OFF_WRITEBACK, true).build());
        Interleaving.in(t.world::useSchedule)
                .thread("DMA", t::directIoRead)
                .thread("WRITEBACK", t::writeback)
                .step("WRITEBACK", Ext4.WRITEPAGE_IO_IN_FLIGHT.name())
                .step("DMA", Gup.SLOW_BACKED_OFF.name()) // faulted the PTE writable, found PG_writeback, backed off
                .step("WRITEBACK", Interleaving.END)
                .step("DMA", Interleaving.END)
                .run();
        assertTrue(t.inode.blockAt(0).checksumMatches(), "the write-out stored D0 with its own checksum");
        assertEquals(D0, t.inode.blockAt(0).readWord(0));
        assertTrue(t.folio.folioTestDirty(), "D1 waits for the next cycle");
        assertTrue(t.world.sanitizer().clean(), t.world.sanitizer().toString());
    }
}
