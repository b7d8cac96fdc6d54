package org.gupstress.stress.pgmap;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.drivers.DeviceRemove;
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
 * Race D1: device removal ({@code memunmap_pages()}) against a GUP pin and its later unpin.
 *
 * <pre>
 *   PINNER                                      REMOVE (driver -&gt;remove())
 *   gup_fast(): pte -&gt; page, grab, re-check     kill_dax(); unmap (zap the PTE, TLB flush)
 *   DMA to the page                             memunmap_pages(): kill; put bulk refs;
 *   unpin: the last put (free_zone_device_folio)    wait_for_completion(); free the memmap
 * </pre>
 *
 * A design is safe if the pin keeps the pgmap (or the removal) from completing until the unpin: the page reference
 * itself (per-page transition, intrinsic), the sweep's wait for idle pages, or the pin's inode reference. A design
 * whose pgmap references are dropped while a pin lives lets memunmap_pages() free the memmap under it; the unpin is
 * then a use after free (27674ef6c73f; Jason Gunthorpe on Dan Williams' entry-scoped references, seed 000).
 *
 * <p>World per sample: one device page, mapped by the user (faulted before the race).
 */
@Scenario(family = "D", id = "remove-vs-pin",
        title = "device removal (memunmap_pages) vs a GUP-fast pin of a mapped ZONE_DEVICE page and its later unpin",
        outcomes = RemoveVsPinScenario.Observed.class)
@GenerateTests
public abstract class RemoveVsPinScenario {
    /** What happened. */
    public enum Observed {
        /** GUP found no mapping (removal unmapped first) or a dead pgmap: nothing pinned. */
        @Grade(kind = OK, desc = "The removal unmapped the page before GUP found it.")
        PIN_FAILED,
        /** The pin was taken and released; the removal completed after it, or waited for it. */
        @Grade(kind = OK, desc = "The holder pinned, used, closed and unpinned before the removal went on.")
        PINNED,
        /** The page or the pgmap was touched after memunmap_pages() freed the memmap. */
        @Grade(kind = BUG, desc = "memunmap_pages() freed the memmap while a pin still held the page.")
        PGMAP_UAF,
        /** A page reference appeared after memunmap_pages() drained the pgmap. */
        @Grade(kind = BUG, desc = "A page reference was taken after memunmap_pages() drained the pgmap.")
        REF_AFTER_DRAIN,
        /** The removal waited for a reference nobody holds (detected when the last task that could release it returned). */
        @Grade(kind = FORBIDDEN, desc = "The removal waited for a reference nobody holds.")
        UNMAP_HUNG
    }

    /** The pinner holds its pin (after its DMA, before the unpin). */
    public static final SchedulePoint PINNED_POINT = SchedulePoint.declare("remove_vs_pin.pinned",
            "the pinner holds its GUP reference and has not unpinned");

    final PgmapWorld w;
    boolean pinned;

    protected RemoveVsPinScenario(PgmapRef design) {
        w = new PgmapWorld(design, "pinner", "remove").faulted();
    }

    /** GUP-fast pin, DMA, unpin. */
    @Actor
    public void pinner() {
        try (Task me = w.start("pinner")) {
            pinned = w.pinUseUnpin("pinner", PINNED_POINT);
        }
    }

    /** The driver's {@code ->remove()}: {@link DeviceRemove#remove}. */
    @Actor
    public void remove() {
        w.removeDevice("remove");
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), w.outcome(Observed.class, pinned ? Observed.PINNED : Observed.PIN_FAILED));
    }

    /**
     * v5.18-v6.0: the pin holds no pgmap reference once GUP's walk is over, and memunmap_pages() drops the bulk references
     * and frees the memmap under it. Expected BROKEN: PGMAP_UAF at the unpin.
     */
    @Design(value = "NO_PGMAP_REF", expected = Expected.BROKEN,
            source = "27674ef6c73f mm: remove the extra ZONE_DEVICE struct page refcount (v5.18-v6.0); fixed for PRIVATE/COHERENT by 0dc45ca1ce18")
    public abstract static class NoPgmapRef extends RemoveVsPinScenario {
        public NoPgmapRef() {
            super(PgmapRef.NO_PGMAP_REF);
        }
    }

    /**
     * The page's first reference holds a pgmap reference, its last put drops it: the pin's reference keeps memunmap_pages()
     * waiting until the unpin. Expected SAFE.
     */
    @Design(value = "PER_PAGE_TRANSITION", expected = Expected.SAFE,
            source = "0dc45ca1ce18 mm/memremap.c: take a pgmap reference on page allocation (v6.1); 71389703839e; Jason Gunthorpe option A, seed 000")
    public abstract static class PerPageTransition extends RemoveVsPinScenario {
        public PerPageTransition() {
            super(PgmapRef.PER_PAGE_TRANSITION);
        }
    }

    /**
     * The DAX entry holds the pgmap reference; the unmap drops it while the pin's page reference lives on. Expected
     * BROKEN: PGMAP_UAF (Jason: "what prevents the above from UAFing?").
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code PGMAP_UAF}: BUG: the entry's pgmap reference went with the unmap; memunmap_pages() freed the memmap under the pin (Jason, seed 000).</li>
     * </ul>
     */
    @Design(value = "PER_ENTRY", expected = Expected.BROKEN,
            source = "Dan Williams, Fix the DAX-gup mistake v2 10/18 + 18/18 (seed 000); Jason Gunthorpe <Yxc9cTvcyjCt5NXS>")
    public abstract static class PerEntry extends RemoveVsPinScenario {
        public PerEntry() {
            super(PgmapRef.PER_ENTRY);
        }
    }

    /**
     * A positive page refcount holds the pgmap: the pin keeps memunmap_pages() waiting. Expected SAFE.
     */
    @Design(value = "INTRINSIC_PGMAP_FOLIO_GET", expected = Expected.SAFE,
            source = "seed 000: pgmap_folio_get() in common pgmap code (Jason Gunthorpe, Dan Williams); alive flag <YyuLLsindwo0prz4>")
    public abstract static class IntrinsicPgmapFolioGet extends RemoveVsPinScenario {
        public IntrinsicPgmapFolioGet() {
            super(PgmapRef.INTRINSIC_PGMAP_FOLIO_GET);
        }
    }

    /**
     * memunmap_pages() unmaps the PTE (the TLB flush waits for GUP-fast), then waits for the page to go idle: the pin
     * either fails its PTE re-check or is waited for. The reference expects SAFE; the model finds it BROKEN, narrowly:
     * "idle" is {@code folio_ref_count() == 0}, which the last put makes true before it runs the free path
     * ({@code free_zone_device_folio()} reads {@code folio->pgmap}, clears {@code folio->mapping}, and for FS_DAX only
     * then calls {@code wake_up_var()}); a sweep that sees 0 without sleeping drains and frees the memmap under that
     * put. The per-page designs drop their pgmap reference last in the free path, so their drain covers it.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code PGMAP_UAF}: BUG: the sweep saw the page idle after the unpin's 1-&gt;0 and freed the memmap while that put was still in free_zone_device_folio().</li>
     * </ul>
     */
    @Design(value = "SWEEP_AND_WAIT", expected = Expected.BROKEN,
            source = "Jason Gunthorpe <YzLy5jJOF0jdlrJK> option B; Popple, mm/gup: Remove pXX_devmap usage from get_user_pages() (2025)")
    public abstract static class SweepAndWait extends RemoveVsPinScenario {
        public SweepAndWait() {
            super(PgmapRef.SWEEP_AND_WAIT);
        }
    }

    /**
     * The sweep waits for idle pages but leaves the PTE: GUP-fast grabs the page after the wait. Expected BROKEN:
     * REF_AFTER_DRAIN (after the drain) or PGMAP_UAF (grabbed between the idle wait and the free).
     *
     * <p>A race, not a certainty: {@code memunmap_pages()} (mm/memremap.c: {@code percpu_ref_kill()}, the bulk
     * {@code percpu_ref_put_many()}, {@code wait_for_completion(&pgmap->done)}, {@code pageunmap_range()}) unmaps no
     * user PTE, so the PTE outlives the removal in every sample, but only an access through it after the sweep's idle
     * wait is a bug. The access is the pinner's own GUP-fast and DMA: a pinner that pins and unpins before the wait is
     * PINNED (the sweep waits for its unpin), one that comes after it is REF_AFTER_DRAIN or PGMAP_UAF. The arbiter
     * makes no access of its own through the left-over PTE: that made every sample PGMAP_UAF (bug rate 1.0, a JCStress
     * test that tested no concurrency). The design stays a JCStress design because it is the one that reaches
     * REF_AFTER_DRAIN in this scenario, under a real race.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code PGMAP_UAF}: BUG: GUP grabbed the still-mapped page after the idle wait; the memmap was freed under the pin.</li>
     *   <li>{@code REF_AFTER_DRAIN}: BUG: GUP-fast grabbed the still-mapped page after memunmap_pages() drained the pgmap.</li>
     * </ul>
     */
    @Design(value = "SWEEP_NO_UNMAP", expected = Expected.BROKEN,
            source = "Dan Williams <161604048257.1463742> (Mar 2021): fsdax has actively mapped inodes unknown to the driver")
    public abstract static class SweepNoUnmap extends RemoveVsPinScenario {
        public SweepNoUnmap() {
            super(PgmapRef.SWEEP_NO_UNMAP);
        }
    }

    /**
     * The pin holds an inode reference; unmount, and with it the removal, waits for the last one. Expected SAFE (the
     * removal blocks while the pin lives).
     */
    @Design(value = "INODE_ARBITER", expected = Expected.SAFE,
            source = "Dave Chinner (seed 000): the inode is the arbiter, a pin holds an inode reference spanning its life")
    public abstract static class InodeArbiter extends RemoveVsPinScenario {
        public InodeArbiter() {
            super(PgmapRef.INODE_ARBITER);
        }
    }
}
