package org.gupstress.model.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.World;
import org.gupstress.model.dax.Dax;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DeviceRemove;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inodes;
import org.gupstress.model.fs.Namei;
import org.gupstress.model.fs.ext4.Ext4;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.DevPagemap;
import org.gupstress.model.mm.DeviceMapping;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Memremap;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.PageTable;
import org.gupstress.model.mm.PageWriteback;
import org.gupstress.model.mm.PgmapRef;
import org.gupstress.model.mm.Pte;
import org.gupstress.model.mm.Rmap;
import org.gupstress.model.mm.ZoneDevicePage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Each violation kind, provoked once through the model and recorded under its name. */
class OraclesTest {
    private static final Set<ViolationKind> PROVOKED = EnumSet.noneOf(ViolationKind.class);

    private static Violation only(World w, ViolationKind kind) {
        List<Violation> v = w.sanitizer().violations(kind);
        assertEquals(1, v.size(), w.sanitizer().toString());
        assertEquals(kind, v.get(0).kind());
        PROVOKED.add(kind);
        return v.get(0);
    }

    @Test
    void useAfterFreeOfAFolio() {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, false);
        Folio folio = f.cached(0);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode); // evicts and frees the page-cache folio
        folio.readWord(0, "a stale pointer");
        Violation v = only(f.world, ViolationKind.USE_AFTER_FREE);
        assertTrue(v.what().contains("a stale pointer touched folio pfn"), v.what());
    }

    @Test
    void useAfterFreeOfStorage() {
        Fixture f = Fixture.with(Fixture.config().set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT).build(), true, 1);
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, GupFlags.FOLL_WRITE, pages);
        DmaBuffer dma = DmaBuffer.map("O_DIRECT", pages);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode);
        f.sb.createFile("I2", 1, 0x12);
        dma.write(Fixture.D1);
        List<Violation> uaf = f.world.sanitizer().violations(ViolationKind.USE_AFTER_FREE);
        assertEquals(1, uaf.size(), f.world.sanitizer().toString());
        assertTrue(uaf.get(0).what().contains("now holds I2's data"), uaf.get(0).what());
    }

    @Test
    void refcountUnderflow() {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, false);
        Folio folio = f.cached(0);
        Folio[] pages = {folio};
        Gup.getUserPages(f.mm, 0, 1, 0, pages);   // FOLL_GET: one reference ...
        Gup.unpinUserPage(folio);                 // ... released as a pin: 1024 references
        Violation v = only(f.world, ViolationKind.REFCOUNT_UNDERFLOW);
        assertTrue(v.what().contains("_refcount 3 -> -1021"), v.what());
    }

    @Test
    void mapcountUnderflow() {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, false);
        f.cached(0).folioRemoveRmap();
        f.cached(0).folioRemoveRmap();
        only(f.world, ViolationKind.MAPCOUNT_UNDERFLOW);
    }

    @Test
    void pinImbalance() {
        Fixture f = Fixture.blockFile(1);
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, 0, pages);
        Gup.putPage(pages[0]);                    // a pin released with put_page() (seed 004's bug)
        Gup.checkPinsBalanced(f.world);
        Violation v = only(f.world, ViolationKind.PIN_IMBALANCE);
        assertTrue(v.what().contains("nr_foll_pin_acquired 1 != nr_foll_pin_released 0"), v.what());
    }

    /** The 1-based kernel (before v6.15) WARNed when truncate met a busy DAX page (d2c997c0f145). */
    @Test
    void warn() {
        Fixture f = pinnedDaxFileUnlinkedWithoutWaiting(DaxPage.RefcountBase.ONE_BASED);
        Violation v = only(f.world, ViolationKind.WARN);
        assertTrue(v.what().startsWith("WARN_ON_ONCE(trunc && page_ref_count(page) > 1)"), v.what());
        assertTrue(DaxPage.truncatedBusyPage(f.world.sanitizer()));
    }

    /** ext4 meets a dirty page without buffers: since cc5095747edf a warning line (not a WARN), page marked clean. */
    @Test
    void fsWarning() {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, false);
        Folio folio = f.cached(0);
        Gup.setPageDirtyLock(folio);              // dirtied without asking ext4 first: no buffers
        PageWriteback.writeOneFolio(folio);
        Violation v = only(f.world, ViolationKind.FS_WARNING);
        assertTrue(v.what().startsWith("EXT4-fs warning: ext4_writepages(): page 0 does not have buffers attached"),
                v.what());
        assertFalse(f.world.sanitizer().has(ViolationKind.WARN));
    }

    /** The 0-based kernel (Popple's series) prints nothing there; only the model's oracle records it. */
    @Test
    void busyDaxTruncate() {
        Fixture f = pinnedDaxFileUnlinkedWithoutWaiting(DaxPage.RefcountBase.ZERO_BASED);
        Violation v = only(f.world, ViolationKind.BUSY_DAX_TRUNCATE);
        assertTrue(v.what().contains("while it is held"), v.what());
    }

    /** A DAX file pinned, unmapped, closed and unlinked by a kernel whose eviction waits for nothing. */
    private static Fixture pinnedDaxFileUnlinkedWithoutWaiting(DaxPage.RefcountBase base) {
        Fixture f = Fixture.with(Fixture.config().set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT)
                .set(DaxPage.IDLE_REFCOUNT, base).build(), true, 1);
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, 0, pages);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode);
        return f;
    }

    @Test
    void bug() {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, true);
        Rmap.folioMkclean(f.cached(0));           // without the folio lock
        Violation v = only(f.world, ViolationKind.BUG);
        assertTrue(v.what().startsWith("BUG_ON(!folio_test_locked(folio))"), v.what());
    }

    @Test
    void writableAfterMkclean() {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, true);
        Folio folio = f.cached(0);
        PageTable pt = f.mm.pteTable(0);
        // A buggy path that makes the PTE writable again behind folio_mkclean()'s back, without a fault.
        f.world.useSchedule(point -> {
            if (point == Rmap.MKCLEAN_AFTER_WALK) {
                pt.setPteAt(Mm.pteIndex(0), Pte.pteMkwriteDirty(pt.ptepGet(Mm.pteIndex(0))));
            }
        });
        Filemap.folioLock(folio);
        Rmap.folioMkclean(folio);
        Filemap.folioUnlock(folio);
        only(f.world, ViolationKind.WRITABLE_AFTER_MKCLEAN);
    }

    @Test
    void dirtyWithoutReservation() {
        Fixture f = Fixture.blockFile(1);
        Folio[] pages = new Folio[1];
        Gup.getUserPages(f.mm, 0, 1, GupFlags.FOLL_WRITE, pages); // write-faulted in: reserved, dirty
        Folio folio = pages[0];
        PageWriteback.writeOneFolio(folio);       // cleaned and write-protected
        Filemap.folioLock(folio);
        Ext4.releaseFolio(folio);                 // reclaim drops the buffers of the clean page
        Filemap.folioUnlock(folio);
        folio.fill(Fixture.D1, "device DMA");    // the device writes through the GUP reference
        Gup.setPageDirtyLock(folio);              // and the driver dirties the page: nobody asked ext4
        Gup.putPage(folio);
        Violation v = only(f.world, ViolationKind.DIRTY_WITHOUT_RESERVATION);
        assertTrue(v.what().contains("no block reservation"), v.what());
    }

    @Test
    void deadlock() {
        Fixture f = Fixture.blockFile(1);
        f.inode.iRwsem().downWrite();
        try {
            org.junit.jupiter.api.Assertions.assertThrows(Hung.class, () -> Namei.unlink(f.inode));
        } finally {
            f.inode.iRwsem().upWrite();
        }
        Violation v = only(f.world, ViolationKind.DEADLOCK);
        assertTrue(v.what().contains("I1.i_rwsem (write by"), v.what());
    }

    @Test
    void hung() throws InterruptedException {
        Fixture f = Fixture.blockFile(1);
        f.fault(0, false);
        Folio folio = f.cached(0);
        Thread leaker = new Thread(() -> Filemap.folioLock(folio), "LEAKER"); // returns with the folio locked
        leaker.start();
        leaker.join();
        f.world.tasks().fork("WAITER");           // the world's only task waits for it: nobody can unlock it
        try (Task t = f.world.tasks().start("WAITER")) {
            org.junit.jupiter.api.Assertions.assertThrows(Hung.class, () -> Filemap.folioLock(folio));
        }
        Violation v = only(f.world, ViolationKind.HUNG);
        assertTrue(v.what().startsWith("HUNG: WAITER waits in folio_lock("), v.what());
    }

    @Test
    void useAfterFreeOfAnInode() {
        Fixture f = Fixture.blockFile(1);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode);
        Inodes.iput(f.inode);                     // one iput too many: the inode is gone
        List<Violation> v = f.world.sanitizer().violations(ViolationKind.USE_AFTER_FREE);
        assertTrue(v.get(0).what().contains("touched inode I1"), v.toString());
    }

    /** A pin that outlives memunmap_pages() under bulk-only pgmap references (v5.18-v6.0): the unpin is a UAF. */
    @Test
    void pgmapUseAfterFree() {
        World w = new World(Config.builder().set(Memremap.PGMAP_REF, PgmapRef.NO_PGMAP_REF).build());
        DevPagemap pgmap = Memremap.memremapPages(w, "pmem0", 1, 0x100);
        DeviceMapping m = new DeviceMapping(pgmap, 0, "M");
        assertTrue(m.daxFault("fault"));
        ZoneDevicePage p = m.gupFast("dma");
        DeviceRemove.remove(pgmap, m);            // completes: the pin holds no pgmap reference
        m.unpin(p, "dma");                        // touches the page, then pgmap->ops in free_zone_device_folio
        List<Violation> all = w.sanitizer().violations();
        assertEquals(List.of(ViolationKind.PGMAP_UAF, ViolationKind.PGMAP_UAF), all.stream().map(Violation::kind).toList(),
                all::toString);
        PROVOKED.add(ViolationKind.PGMAP_UAF);
        Violation v = all.get(0);
        assertTrue(all.get(1).what().contains("free_zone_device_folio (pgmap->ops->folio_free) touched pmem0"), all::toString);
        assertTrue(v.what().startsWith("dma unpin touched page pfn 256 after memunmap_pages() freed pmem0's memmap"), v.what());
    }

    /** The sweep without the unmap: the still-mapped page is grabbed by GUP-fast after the drain. */
    @Test
    void refAfterDrain() {
        World w = new World(Config.builder().set(Memremap.PGMAP_REF, PgmapRef.SWEEP_NO_UNMAP).build());
        DevPagemap pgmap = Memremap.memremapPages(w, "pmem0", 1, 0x100);
        DeviceMapping m = new DeviceMapping(pgmap, 0, "M");
        assertTrue(m.daxFault("fault"));
        DeviceRemove.remove(pgmap, m);
        m.gupFast("gup");
        Violation v = only(w, ViolationKind.REF_AFTER_DRAIN);
        assertTrue(v.what().startsWith("gup gup folio_ref_inc ->1 on pfn 256 after memunmap_pages() drained pmem0"), v.what());
    }

    @AfterAll
    static void everyKindWasProvoked() {
        assertEquals(EnumSet.allOf(ViolationKind.class), PROVOKED, "each ViolationKind needs a test here");
    }
}
