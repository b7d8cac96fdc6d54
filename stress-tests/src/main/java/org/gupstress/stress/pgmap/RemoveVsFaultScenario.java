package org.gupstress.stress.pgmap;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.drivers.DeviceRemove;
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
 * Race D2: device removal against a DAX fault that takes the page from refcount 0 to 1.
 *
 * <pre>
 *   FAULT                                          REMOVE
 *   dax_read_lock(); dax_alive()?                  kill_dax(): alive = false; synchronize_srcu()
 *   first reference: pgmap ref + page 0 -&gt; 1       unmap; memunmap_pages(): kill, put bulk,
 *   map the PTE; dax_read_unlock()                     wait_for_completion(), free the memmap
 * </pre>
 *
 * The fault's alive check and its references must sit in one read-side section that the removal's
 * {@code synchronize_srcu()} waits for: then either the fault's mapping exists before the removal unmaps, or the
 * fault sees the device dead. Seed 000's {@code pgmap_folio_get()} checks an alive flag and then takes a plain
 * {@code percpu_ref_get()}; checked outside the section, the check can pass, the whole removal run, and the get land
 * on a drained pgmap (or on a killed one whose wait then waits for a mapping nobody will unmap).
 *
 * <p>World per sample: one device page, not mapped.
 */
@Scenario(family = "D", id = "remove-vs-fault",
        title = "device removal (kill_dax, memunmap_pages) vs a DAX fault taking the page 0 -> 1",
        outcomes = RemoveVsFaultScenario.Observed.class)
@GenerateTests
public abstract class RemoveVsFaultScenario {
    /** What happened. */
    public enum Observed {
        /** The fault saw the device dead: VM_FAULT_SIGBUS. */
        @Grade(kind = OK, desc = "The fault saw the device dead (kill_dax came first).")
        SIGBUS,
        /** The fault mapped the page; the removal unmapped it and completed. */
        @Grade(kind = OK, desc = "The fault mapped the page before kill_dax; the removal unmapped it and completed.")
        FAULTED,
        /** The page or the pgmap was touched after memunmap_pages() freed the memmap. */
        @Grade(kind = BUG, desc = "The fault's alive check passed before kill_dax; its get landed between the drain's last put and complete(&pgmap->done), and memunmap_pages() freed the memmap under the new mapping.")
        PGMAP_UAF,
        /** A pgmap or page reference appeared after memunmap_pages() drained the pgmap. */
        @Grade(kind = BUG, desc = "The fault's alive check passed before kill_dax; its percpu_ref_get() and page 0->1 landed after the drain.")
        REF_AFTER_DRAIN,
        /** The removal waited for a reference nobody will drop (detected when the last task that could returned). */
        @Grade(kind = BUG, desc = "The fault's alive check passed before kill_dax; it mapped the page after the unmap, and memunmap_pages() waits for that reference forever.")
        UNMAP_HUNG
    }

    final PgmapWorld w;
    boolean faulted;

    protected RemoveVsFaultScenario(PgmapRef design) {
        w = new PgmapWorld(design, "fault", "remove");
    }

    /** A write fault on the mapping: {@link org.gupstress.model.mm.DeviceMapping#daxFault}. */
    @Actor
    public void fault() {
        try (Task me = w.start("fault")) {
            faulted = w.mapping.daxFault("fault");
        }
    }

    /** The driver's {@code ->remove()}: {@link DeviceRemove#remove}. */
    @Actor
    public void remove() {
        w.removeDevice("remove");
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), w.outcome(Observed.class, faulted ? Observed.FAULTED : Observed.SIGBUS));
    }

    /**
     * The first reference is a {@code percpu_ref_tryget_live()} inside the section. Expected SAFE.
     */
    @Design(value = "PER_PAGE_TRANSITION", expected = Expected.SAFE,
            source = "0dc45ca1ce18 mm/memremap.c: take a pgmap reference on page allocation (zone_device_page_init: percpu_ref_tryget_live)")
    public abstract static class PerPageTransition extends RemoveVsFaultScenario {
        public PerPageTransition() {
            super(PgmapRef.PER_PAGE_TRANSITION);
        }
    }

    /**
     * The alive flag is checked inside the read-side section the removal waits for. Expected SAFE.
     */
    @Design(value = "INTRINSIC_PGMAP_FOLIO_GET", expected = Expected.SAFE,
            source = "seed 000: pgmap_folio_get() with an alive flag (Jason Gunthorpe <YyuLLsindwo0prz4>), checked inside the read-side section")
    public abstract static class IntrinsicPgmapFolioGet extends RemoveVsFaultScenario {
        public IntrinsicPgmapFolioGet() {
            super(PgmapRef.INTRINSIC_PGMAP_FOLIO_GET);
        }
    }

    /**
     * The alive check precedes the read-side section: the removal can run between the check and the get. Expected BROKEN:
     * REF_AFTER_DRAIN (get after the drain) or UNMAP_HUNG (get after the kill: the new mapping's reference is never
     * dropped, and the removal waits for it), or PGMAP_UAF: the get lands after the drain's last put took the count to
     * zero and before the release completed {@code done} ({@code dev_pagemap_percpu_release()}); no drain oracle sees
     * it (the wait has not returned, and {@code percpu_ref_get()} does not check), memunmap_pages() frees the memmap,
     * and the fault's new PTE maps freed device memory.
     */
    @Design(value = "INTRINSIC_CHECK_OUTSIDE", expected = Expected.BROKEN,
            source = "kernel-protocols-2.md section 1 design 4: the flag check outside the read-side section")
    public abstract static class IntrinsicCheckOutside extends RemoveVsFaultScenario {
        public IntrinsicCheckOutside() {
            super(PgmapRef.INTRINSIC_CHECK_OUTSIDE);
        }
    }
}
