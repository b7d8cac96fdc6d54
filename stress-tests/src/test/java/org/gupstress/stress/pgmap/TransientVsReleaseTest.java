package org.gupstress.stress.pgmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.DeviceMapping;
import org.gupstress.model.mm.Memremap;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race D3 reached deterministically (Jason Gunthorpe's v3 scenario): the owner maps the page; the transient takes a
 * reference; the owner's removal releases its own (2 -&gt; 1) and kills the pgmap; then the transient's put is the last.
 */
class TransientVsReleaseTest {
    private static TransientVsReleaseScenario.Observed transientPutIsTheLast(TransientVsReleaseScenario t) {
        Interleaving.in(t.w.world::useSchedule)
                .thread("OWNER", t::owner)
                .thread("TRANSIENT", t::transientRef)
                .step("OWNER", DeviceMapping.FAULT_MAPPED.name())
                .step("TRANSIENT", TransientVsReleaseScenario.HOLDING.name())
                .step("OWNER", Memremap.MEMUNMAP_KILLED.name())
                .step("TRANSIENT", Interleaving.END)
                .run();
        L_Result r = new L_Result();
        t.arbiter(r);
        return (TransientVsReleaseScenario.Observed) r.r1;
    }

    @Test
    void racyReleaseLosesThePgmapPut() {
        TransientVsReleaseScenario t = new TransientVsRelease.PerPageTransitionRacy();
        assertEquals(TransientVsReleaseScenario.Observed.UNMAP_HUNG, transientPutIsTheLast(t));
        String what = t.w.world.sanitizer().violations(ViolationKind.HUNG).get(0).what();
        assertTrue(what.contains("pmem0.done in memunmap_pages"), what);
        assertEquals(0, t.w.pgmap.page(0).refcountForReport(), "the page is idle: the reference is lost, not held");
    }

    /**
     * The opposite order: the owner's put (2 -> 1) is done, the transient's put takes the count to 0 and stops before
     * its free path; the owner reads 0, drops the pgmap, and its removal frees the memmap; the free path then runs.
     */
    @Test
    void racyReleaseDropsThePgmapUnderTheTransientsFreePath() {
        TransientVsReleaseScenario t = new TransientVsRelease.PerPageTransitionRacy();
        Interleaving.in(t.w.world::useSchedule)
                .thread("OWNER", t::owner)
                .thread("TRANSIENT", t::transientRef)
                .step("OWNER", DeviceMapping.FAULT_MAPPED.name())
                .step("TRANSIENT", TransientVsReleaseScenario.HOLDING.name())
                .step("OWNER", Memremap.RELEASE_PUT_DONE.name())
                .step("TRANSIENT", Memremap.FOLIO_PUT_ZERO.name())
                .step("OWNER", Interleaving.END)
                .run();
        L_Result r = new L_Result();
        t.arbiter(r);
        assertEquals(TransientVsReleaseScenario.Observed.PGMAP_UAF, r.r1);
        String what = t.w.world.sanitizer().violations(ViolationKind.PGMAP_UAF).get(0).what();
        assertTrue(what.startsWith("transient unpin free_zone_device_folio (pgmap->ops->folio_free) touched pmem0"), what);
    }

    @Test
    void putInTheFreePathCannotBeLost() {
        TransientVsReleaseScenario t = new TransientVsRelease.PerPageTransition();
        assertEquals(TransientVsReleaseScenario.Observed.TRANSIENT_HELD, transientPutIsTheLast(t));
    }
}
