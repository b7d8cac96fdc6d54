package org.gupstress.stress.pgmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Memremap;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race D1 reached deterministically. The bug interleaving for the entry-scoped and bulk-only designs: the pinner
 * pins, the removal runs to its end, then the pinner unpins. For the sweep without unmap: the removal runs first (or
 * up to its idle wait) and GUP-fast still finds the PTE. The same interleavings leave the safe designs clean.
 */
class RemoveVsPinTest {
    private static RemoveVsPinScenario.Observed pinThenRemoveThenUnpin(RemoveVsPinScenario t) {
        Interleaving.in(t.w.world::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("REMOVE", t::remove)
                .step("PINNER", RemoveVsPinScenario.PINNED_POINT.name())
                .step("REMOVE", Interleaving.END)
                .run();
        return arbiter(t);
    }

    private static RemoveVsPinScenario.Observed arbiter(RemoveVsPinScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (RemoveVsPinScenario.Observed) r.r1;
    }

    private static String first(RemoveVsPinScenario t, ViolationKind kind) {
        return t.w.world.sanitizer().violations(kind).get(0).what();
    }

    @Test
    void noPgmapRefFreesTheMemmapUnderThePin() {
        RemoveVsPinScenario t = new RemoveVsPin.NoPgmapRef();
        assertEquals(RemoveVsPinScenario.Observed.PGMAP_UAF, pinThenRemoveThenUnpin(t));
        assertTrue(first(t, ViolationKind.PGMAP_UAF).startsWith("pinner unpin touched page pfn 256"),
                () -> t.w.world.sanitizer().toString());
    }

    @Test
    void perEntryDropsThePgmapWithTheEntryWhileThePinLives() {
        RemoveVsPinScenario t = new RemoveVsPin.PerEntry();
        assertEquals(RemoveVsPinScenario.Observed.PGMAP_UAF, pinThenRemoveThenUnpin(t));
        assertTrue(first(t, ViolationKind.PGMAP_UAF).startsWith("pinner unpin touched page"),
                () -> t.w.world.sanitizer().toString());
    }

    @Test
    void sweepNoUnmapLetsGupGrabAfterTheDrain() {
        RemoveVsPinScenario t = new RemoveVsPin.SweepNoUnmap();
        Interleaving.in(t.w.world::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("REMOVE", t::remove)
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsPinScenario.Observed.REF_AFTER_DRAIN, arbiter(t));
        assertTrue(first(t, ViolationKind.REF_AFTER_DRAIN).contains("pinner gup folio_ref_inc"),
                () -> t.w.world.sanitizer().toString());
    }

    @Test
    void sweepNoUnmapLetsGupGrabBetweenTheIdleWaitAndTheFree() {
        RemoveVsPinScenario t = new RemoveVsPin.SweepNoUnmap();
        Interleaving.in(t.w.world::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("REMOVE", t::remove)
                .step("REMOVE", Memremap.MEMUNMAP_PAGES_IDLE.name())
                .step("PINNER", RemoveVsPinScenario.PINNED_POINT.name())
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsPinScenario.Observed.PGMAP_UAF, arbiter(t));
        assertTrue(first(t, ViolationKind.PGMAP_UAF).startsWith("pinner unpin touched page"),
                () -> t.w.world.sanitizer().toString());
    }

    /**
     * The other side of the sweep-without-unmap race: a pinner that pins, uses and unpins before the removal starts
     * leaves the sample clean (the PTE outlives the removal, but nobody accesses through it afterwards), so its bugs
     * need the pinner's GUP-fast to come after the sweep's idle wait (the two scripts above).
     */
    @Test
    void sweepNoUnmapIsCleanWhenThePinnerIsDoneBeforeTheRemoval() {
        RemoveVsPinScenario t = new RemoveVsPin.SweepNoUnmap();
        Interleaving.in(t.w.world::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("REMOVE", t::remove)
                .step("PINNER", Interleaving.END)
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsPinScenario.Observed.PINNED, arbiter(t));
        assertTrue(t.w.mapping.mapped(), "the removal left the user's PTE in place");
    }

    /**
     * The sweep's idle check races the last put's free path: the unpin takes the count to 0 and stops before
     * free_zone_device_folio(); the removal sees the page idle, drains and frees; the free path then runs.
     */
    @Test
    void sweepAndWaitFreesTheMemmapUnderTheLastPutsFreePath() {
        RemoveVsPinScenario t = new RemoveVsPin.SweepAndWait();
        Interleaving.in(t.w.world::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("REMOVE", t::remove)
                .step("PINNER", Memremap.FOLIO_PUT_ZERO.name())
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsPinScenario.Observed.PGMAP_UAF, arbiter(t));
        assertTrue(first(t, ViolationKind.PGMAP_UAF).startsWith("pinner unpin free_zone_device_folio (pgmap->ops->folio_free) touched pmem0"),
                () -> t.w.world.sanitizer().toString());
    }

    /** The pin-first interleaving that breaks the designs above: the safe designs' removal waits for the unpin. */
    @Test
    void safeDesignsWaitForTheUnpin() {
        for (RemoveVsPinScenario t : new RemoveVsPinScenario[] {new RemoveVsPin.PerPageTransition(),
                new RemoveVsPin.IntrinsicPgmapFolioGet(), new RemoveVsPin.SweepAndWait(), new RemoveVsPin.InodeArbiter()}) {
            assertEquals(RemoveVsPinScenario.Observed.PINNED, pinThenRemoveThenUnpinLetGo(t), t.getClass().getSimpleName());
        }
    }

    /** As {@link #pinThenRemoveThenUnpin} but the removal only runs until it blocks (it must wait for the unpin). */
    private static RemoveVsPinScenario.Observed pinThenRemoveThenUnpinLetGo(RemoveVsPinScenario t) {
        Interleaving.in(t.w.world::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("REMOVE", t::remove)
                .step("PINNER", RemoveVsPinScenario.PINNED_POINT.name())
                .step("REMOVE", org.gupstress.model.kernel.sched.WaitVar.BEFORE_SCHEDULE.name())
                .step("PINNER", Interleaving.END)
                .run();
        return arbiter(t);
    }
}
