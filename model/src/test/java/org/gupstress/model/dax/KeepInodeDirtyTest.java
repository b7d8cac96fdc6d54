package org.gupstress.model.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.Dcache;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;
import org.junit.jupiter.api.Test;

/**
 * Where Dan Williams' "keep the inode dirty while pinned" does hold: an inode that is not dropped at its last iput
 * (here: the filesystem is being unmounted) goes through {@code write_inode_now()}, which waits for the pinned page
 * before eviction truncates it. (Race C1 shows where it does not: an unlinked inode is dropped and never gets there.)
 */
class KeepInodeDirtyTest {
    private static final Config KEEP_INODE_DIRTY = Config.builder()
            .set(Gup.PIN_POLICY, DaxPin.PinHolds.INODE_DIRTY)
            .set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT)
            .set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ONE_BASED)
            .build();

    @Test
    void writeInodeNowWaitsForThePinBeforeEviction() {
        World w = new World(KEEP_INODE_DIRTY);
        SuperBlock sb = SuperBlock.mount(w, "pmem", 2, true);
        Inode i1 = sb.createFile("I1", 1, 0x11);
        File f = FileTable.open(i1);
        Mm mm = w.newMm("mm");
        Vma vma = Mmap.mmap(mm, f, 0, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "buf");
        Folio[] pages = new Folio[1];
        assertEquals(1, Gup.pinUserPages(mm, 0, 1, GupFlags.FOLL_WRITE, pages));
        assertTrue(i1.iStateTest(Inode.I_DIRTY_PAGES), "the pin dirtied the inode");
        Mmap.munmap(mm, vma);
        FileTable.close(f);
        sb.deactivate(); // unmount in progress: the last iput writes the inode back and evicts it

        Interleaving.in(w::useSchedule)
                .thread("UMOUNT", () -> Dcache.shrinkDentry(i1))
                .thread("PINNER", () -> Gup.unpinUserPage(pages[0]))
                .step("UMOUNT", WaitVar.BEFORE_SCHEDULE.name())
                .step("PINNER", Interleaving.END)
                .step("UMOUNT", Interleaving.END)
                .run();

        assertTrue(i1.isFreed(), "evicted after the wait");
        assertEquals(1, i1.daxLayoutSleeps(), "write_inode_now() slept until the unpin");
        assertFalse(DaxPage.truncatedBusyPage(w.sanitizer()), "truncate met an idle page");
        assertTrue(w.sanitizer().clean(), w.sanitizer().toString());
    }
}
