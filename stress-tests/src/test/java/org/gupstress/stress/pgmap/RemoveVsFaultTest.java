package org.gupstress.stress.pgmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Memremap;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race D2 reached deterministically: the fault passes its alive check and stops; the removal runs (to its end, or to
 * just after the kill); then the fault takes its references. Checked outside the read-side section, the check does
 * not hold the removal off; checked inside, the same script has the removal wait for the fault's section.
 */
class RemoveVsFaultTest {
    private static RemoveVsFaultScenario.Observed arbiter(RemoveVsFaultScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (RemoveVsFaultScenario.Observed) r.r1;
    }

    @Test
    void checkOutsideLetsTheGetLandAfterTheDrain() {
        RemoveVsFaultScenario t = new RemoveVsFault.IntrinsicCheckOutside();
        Interleaving.in(t.w.world::useSchedule)
                .thread("FAULT", t::fault)
                .thread("REMOVE", t::remove)
                .step("FAULT", Memremap.FOLIO_GET_ALIVE_CHECKED.name())
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsFaultScenario.Observed.REF_AFTER_DRAIN, arbiter(t));
        String what = t.w.world.sanitizer().violations(ViolationKind.REF_AFTER_DRAIN).get(0).what();
        assertTrue(what.contains("fault dax fault took a reference on pmem0 after memunmap_pages() drained it"), what);
    }

    @Test
    void checkOutsideLeavesAMappingTheRemovalWaitsForForever() {
        RemoveVsFaultScenario t = new RemoveVsFault.IntrinsicCheckOutside();
        Interleaving.in(t.w.world::useSchedule)
                .thread("FAULT", t::fault)
                .thread("REMOVE", t::remove)
                .step("FAULT", Memremap.FOLIO_GET_ALIVE_CHECKED.name())
                .step("REMOVE", Memremap.MEMUNMAP_KILLED.name())
                .step("FAULT", Interleaving.END)
                .run();
        assertEquals(RemoveVsFaultScenario.Observed.UNMAP_HUNG, arbiter(t));
        String what = t.w.world.sanitizer().violations(ViolationKind.HUNG).get(0).what();
        assertTrue(what.contains("pmem0.done in memunmap_pages"), what);
        assertTrue(t.w.mapping.mapped(), "the fault's mapping outlived the removal's unmap");
    }

    /**
     * The removal stops inside the drain: the bulk put took the count to zero and the release has not completed
     * {@code done}. The fault's get and 0 -&gt; 1 land there, unseen by the drain; the removal then frees the memmap
     * under the fault's new PTE.
     */
    @Test
    void checkOutsideLetsTheGetLandInsideTheRelease() {
        RemoveVsFaultScenario t = new RemoveVsFault.IntrinsicCheckOutside();
        Interleaving.in(t.w.world::useSchedule)
                .thread("FAULT", t::fault)
                .thread("REMOVE", t::remove)
                .step("FAULT", Memremap.FOLIO_GET_ALIVE_CHECKED.name())
                .step("REMOVE", Memremap.PGMAP_RELEASE.name())
                .step("FAULT", Interleaving.END)
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsFaultScenario.Observed.PGMAP_UAF, arbiter(t));
        String what = t.w.world.sanitizer().violations(ViolationKind.PGMAP_UAF).get(0).what();
        assertTrue(what.startsWith("the user access a fault installed its PTE for, after memunmap_pages() touched page pfn 256"), what);
        assertTrue(t.w.mapping.mapped() && t.w.pgmap.memmapFreed(), "the fault's PTE outlived the memmap");
    }

    @Test
    void checkInsideMakesTheRemovalWaitForTheFault() {
        RemoveVsFaultScenario t = new RemoveVsFault.IntrinsicPgmapFolioGet();
        Interleaving.in(t.w.world::useSchedule)
                .thread("FAULT", t::fault)
                .thread("REMOVE", t::remove)
                .step("FAULT", Memremap.FOLIO_GET_ALIVE_CHECKED.name())
                .step("REMOVE", org.gupstress.model.kernel.sched.WaitVar.BEFORE_SCHEDULE.name())
                .step("FAULT", Interleaving.END)
                .run();
        assertEquals(RemoveVsFaultScenario.Observed.FAULTED, arbiter(t));
    }
}
