package org.gupstress.stress.pgmap;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.drivers.DeviceRemove;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.PgmapRef;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race D3: a transient reference against the design's own get and put, then removal.
 *
 * <pre>
 *   OWNER                                           TRANSIENT (GUP-fast, or the page cache's speculative get)
 *   fault: first reference (the design's get)       folio_try_get() via the PTE; re-check the PTE
 *   remove: unmap -&gt; the design's put                ... uses the page ...
 *           memunmap_pages(): wait for the pgmap     folio_put()
 * </pre>
 *
 * "Once we put the pte we can have the refcount elevated by anything" (Jason Gunthorpe, seed 000): a design whose
 * pgmap put depends on reading {@code folio_ref_count()} after its own put (Dan Williams' v3
 * {@code pgmap_release_folios()}) loses the put when a transient reference is the last one: the transient's plain
 * {@code folio_put()} frees the page without the pgmap put, and memunmap_pages() waits for a reference nobody holds.
 * A design that drops the pgmap reference in the free path itself ({@code free_zone_device_folio()}) cannot lose it.
 *
 * <p>World per sample: one device page, not mapped; the owner faults it in, then removes the device.
 */
@Scenario(family = "D", id = "transient-vs-release",
        title = "a transient folio_try_get()/folio_put() vs the design's own pgmap get and put, then memunmap_pages",
        outcomes = TransientVsReleaseScenario.Observed.class)
@GenerateTests
public abstract class TransientVsReleaseScenario {
    /** What happened. */
    public enum Observed {
        /** The transient found no PTE or an idle page: no reference taken. */
        @Grade(kind = OK, desc = "The transient found no PTE or an idle page.")
        TRANSIENT_MISSED,
        /** The transient took and dropped its reference; the removal completed. */
        @Grade(kind = OK, desc = "The transient took and dropped its reference; the removal completed.")
        TRANSIENT_HELD,
        /** The page or the pgmap was touched after memunmap_pages() freed the memmap. */
        @Grade(kind = BUG, desc = "The transient's put took the page to 0; the owner's release read 0 and put the pgmap, memunmap_pages() freed the memmap while that put was still in free_zone_device_folio().")
        PGMAP_UAF,
        /** A reference appeared after memunmap_pages() drained the pgmap. */
        @Grade(kind = FORBIDDEN, desc = "A reference appeared after memunmap_pages() drained the pgmap.")
        REF_AFTER_DRAIN,
        /** memunmap_pages() waited for a pgmap reference nobody holds (a lost put). */
        @Grade(kind = BUG, desc = "The transient's folio_put() was the last; pgmap_release_folios() read a nonzero count and skipped the put: memunmap_pages() waits forever (Jason <Y02v7/FIh6K2JlHm>).")
        UNMAP_HUNG
    }

    /** The transient holds its reference (GUP-fast has returned, the put has not happened). */
    public static final SchedulePoint HOLDING = SchedulePoint.declare("transient_vs_release.holding",
            "the transient holds its speculative page reference");

    final PgmapWorld w;
    boolean held;

    protected TransientVsReleaseScenario(PgmapRef design) {
        w = new PgmapWorld(design, "owner", "transient");
    }

    /** Faults the page in (the design's get), then removes the device (its unmap is the design's put). */
    @Actor
    public void owner() {
        try (Task me = w.start("owner")) {
            if (w.mapping.daxFault("owner")) {
                DeviceRemove.remove(w.pgmap, w.mapping);
            } else {
                throw new IllegalStateException("the owner's fault was refused before any removal: " + w.pgmap);
            }
        } catch (Hung h) {
            // Recorded by the detector (HUNG / DEADLOCK); the arbiter reports UNMAP_HUNG.
        }
    }

    /** A speculative reference through the PTE, used and dropped. */
    @Actor
    public void transientRef() {
        try (Task me = w.start("transient")) {
            held = w.pinUseUnpin("transient", HOLDING);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), w.outcome(Observed.class, held ? Observed.TRANSIENT_HELD : Observed.TRANSIENT_MISSED));
    }

    /**
     * The pgmap put is in the free path: whoever drops the last page reference drops the pgmap reference. Expected SAFE.
     */
    @Design(value = "PER_PAGE_TRANSITION", expected = Expected.SAFE,
            source = "0dc45ca1ce18 mm/memremap.c: take a pgmap reference on page allocation; free_zone_device_folio() puts it")
    public abstract static class PerPageTransition extends TransientVsReleaseScenario {
        public PerPageTransition() {
            super(PgmapRef.PER_PAGE_TRANSITION);
        }
    }

    /**
     * Dan's v3: the release puts the page, then puts the pgmap only if it reads the count at zero. Expected BROKEN:
     * UNMAP_HUNG (Jason: "we have now lost the put_dev_pagemap()"); the model also finds the opposite race: the owner
     * reads the count at 0 that the transient's put made, and drops the pgmap while that put's free path still runs
     * (PGMAP_UAF).
     */
    @Design(value = "PER_PAGE_TRANSITION_RACY", expected = Expected.BROKEN,
            source = "Dan Williams v3 10/25 pgmap_request_folios()/pgmap_release_folios() (Oct 2022); Jason Gunthorpe <Y02v7/FIh6K2JlHm>")
    public abstract static class PerPageTransitionRacy extends TransientVsReleaseScenario {
        public PerPageTransitionRacy() {
            super(PgmapRef.PER_PAGE_TRANSITION_RACY);
        }
    }

    /**
     * The intrinsic design drops its pgmap reference in the free path too. Expected SAFE.
     */
    @Design(value = "INTRINSIC_PGMAP_FOLIO_GET", expected = Expected.SAFE,
            source = "seed 000: pgmap_folio_get(); the put in the free path")
    public abstract static class IntrinsicPgmapFolioGet extends TransientVsReleaseScenario {
        public IntrinsicPgmapFolioGet() {
            super(PgmapRef.INTRINSIC_PGMAP_FOLIO_GET);
        }
    }
}
