package org.gupstress.model.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.junit.jupiter.api.Test;

/** memunmap_pages() in the kernel's order, and its wait found hung by the detector, not by a timer. */
class MemremapTest {
    private static World world(PgmapRef design) {
        return new World(Config.builder().set(Memremap.PGMAP_REF, design).build());
    }

    @Test
    void unmapWithNoReferenceLeftDrainsAndFreesTheMemmap() {
        World w = world(PgmapRef.PER_PAGE_TRANSITION);
        DevPagemap pgmap = Memremap.memremapPages(w, "pmem0", 2, 0x100);
        Memremap.memunmapPages(pgmap);
        assertTrue(pgmap.drained() && pgmap.memmapFreed());
        assertTrue(pgmap.ref().isZero() && pgmap.ref().isDying(), pgmap::toString);
        assertFalse(Memremap.getDevPagemap(pgmap, "late lookup"), "unpublished and dead");
        assertTrue(w.sanitizer().clean(), w.sanitizer()::toString);
    }

    @Test
    void aLeakedPageReferenceIsFoundHungWhenTheRemoverIsTheLastTask() {
        World w = world(PgmapRef.PER_PAGE_TRANSITION);
        DevPagemap pgmap = Memremap.memremapPages(w, "pmem0", 1, 0x100);
        DeviceMapping m = new DeviceMapping(pgmap, 0, "M");
        assertTrue(m.daxFault("fault"));
        m.gupFast("leaker");                      // a reference nobody will ever drop
        m.zap("munmap");
        w.tasks().fork("remove");                 // the world's only task: nobody else can complete pgmap->done
        try (Task t = w.tasks().start("remove")) {
            assertThrows(Hung.class, () -> Memremap.memunmapPages(pgmap));
        }
        assertEquals(1, w.sanitizer().count(ViolationKind.HUNG), w.sanitizer()::toString);
        String what = w.sanitizer().violations(ViolationKind.HUNG).get(0).what();
        assertTrue(what.contains("pmem0.done in memunmap_pages"), what);
        assertFalse(pgmap.memmapFreed(), "the memmap is not freed under the leaked reference");
    }

    @Test
    void tryGetLiveFailsAfterTheKill() {
        World w = world(PgmapRef.PER_PAGE_TRANSITION);
        DevPagemap pgmap = Memremap.memremapPages(w, "pmem0", 1, 0x100);
        assertTrue(Memremap.getDevPagemap(pgmap, "before"));
        pgmap.ref().kill();
        assertFalse(Memremap.getDevPagemap(pgmap, "after"));
        assertFalse(pgmap.ref().isZero(), "the lookup's reference still holds it");
        Memremap.putDevPagemap(pgmap, "before");
        assertTrue(pgmap.ref().isZero());
    }

    /**
     * PER_PAGE_TRANSITION's own refusal: {@code zone_device_page_init()} takes the pgmap with
     * {@code percpu_ref_tryget_live()}, so a first reference after {@code memunmap_pages()} killed the ref fails
     * (the fault is SIGBUS) instead of resurrecting a ref the removal is draining. In the suite's scenarios the
     * driver's {@code kill_dax()} refuses such a fault earlier ({@code dax_alive()} under {@code dax_srcu}); a pgmap
     * with no DAX device in front (device-private memory) has only this check.
     */
    @Test
    void aFirstReferenceAfterTheKillIsRefused() {
        World w = world(PgmapRef.PER_PAGE_TRANSITION);
        DevPagemap pgmap = Memremap.memremapPages(w, "pmem0", 1, 0x100);
        DeviceMapping m = new DeviceMapping(pgmap, 0, "M");
        pgmap.ref().kill();                       // memunmap_pages() has begun; no kill_dax() before it
        assertFalse(m.daxFault("late fault"), "tryget_live refused the page's first reference");
        assertTrue(pgmap.ref().isZero(), pgmap::toString);
        assertTrue(w.sanitizer().clean(), w.sanitizer()::toString);
    }
}
