package org.gupstress.stress.ksm;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Ksm;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Pte;
import org.gupstress.model.mm.Vma;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Rendezvous;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * ksmd merges an anonymous page while a direct-I/O read pins it for write through GUP-fast.
 *
 * <p>A process has written to one page of private anonymous memory: one writable dirty PTE, {@code _mapcount} 0,
 * one reference (the mapping's). ksmd has found the page ({@code get_mergeable_page()}: its own reference) and
 * makes it the first page of a new KSM page ({@code try_to_merge_one_page()}: folio lock,
 * {@code write_protect_page()}, {@code folio_set_stable_node()}). GUP-fast takes no lock at all:
 *
 * <pre>
 *   KSMD (write_protect_page, PTE lock held)         GUP_FAST (gup_fast_pte_range, FOLL_PIN | FOLL_WRITE)
 *   entry = ptep_clear_flush()      -- xchg            pte = ptep_get_lockless()     -- writable
 *   if (mapcount + 1 + swapped != refcount)            folio_ref_try_add()           -- fully ordered
 *       set_pte_at(entry), fail                        if (pte != ptep_get_lockless()) drop, slow path
 *   set_pte_at(pte_wrprotect(entry))
 * </pre>
 *
 * mm/ksm.c: "O_DIRECT can happen right after the check. So we clear the pte and flush the tlb before the check;
 * this assure us that no O_DIRECT can happen after the check or in the middle of the check." Either ksmd's read
 * of {@code _refcount} sees GUP-fast's reference, or GUP-fast's re-read sees the cleared (or read-only) PTE. The
 * forbidden result is {@link PinOutcome#PIN_ON_MERGED}: the page became a KSM page while a DMA holds a write pin
 * on it; every process that later shares the KSM page reads what the device writes.
 *
 * <p>{@link CheckBeforeClear} compares the counts while the PTE is still writable and clears it afterwards: a
 * GUP-fast that takes its reference between the two re-reads an unchanged PTE and keeps the pin. The slow path
 * cannot do this (it takes the PTE lock, which ksmd holds across both steps), nor can anything after the clear.
 *
 * <p>Simplified: the model has no TLB, so the clear is the flush (on x86 the flush IPI would also wait for a
 * GUP-fast running with interrupts off; the clear-then-check order is what every architecture relies on since
 * 088b8aa537c2); no {@code PageAnonExclusive} (as merged, {@code folio_try_share_anon_rmap_pte()} is a second
 * check after the first, and a write pin on an exclusive page would have made the first fail already).
 */
@Scenario(family = "E", id = "merge-vs-gup-fast",
        title = "KSM write_protect_page() vs GUP-fast pinning the anonymous page for write",
        outcomes = PinOutcome.class)
@GenerateTests
public abstract class MergeVsGupFastScenario {
    /** The address of the anonymous page (model addresses are page numbers). */
    static final long ADDR = 0;
    /** What the process wrote to the page before ksmd found it. */
    static final long DATA = 0xE1;

    private final World world;
    private final Mm mm;
    private final Vma vma;
    private final Folio folio;
    private final Folio[] pages = new Folio[1];
    private final Rendezvous start = new Rendezvous();
    /** Written by KSMD, read by the arbiter after the actors joined. */
    private boolean merged;
    /** Written by GUP_FAST, read by the arbiter. */
    private boolean kept;

    protected MergeVsGupFastScenario(Config config) {
        world = new World(config);
        world.tasks().fork("ksmd");
        world.tasks().fork("gupFast");
        mm = world.newMm("proc");
        vma = Mmap.mmapAnon(mm, ADDR, 1, Vma.VM_READ | Vma.VM_WRITE, "proc:anon");
        mm.mmapLock().downRead();
        try {
            if (Memory.handleMmFault(vma, ADDR, true) != 0) {
                throw new IllegalStateException("setup: anonymous write fault failed");
            }
        } finally {
            mm.mmapLock().upRead();
        }
        folio = world.memMap().pfnFolio(Pte.ptePfn(mm.ptepGetLockless(ADDR)));
        folio.writeWord(0, DATA, "proc");
        folio.folioGet(); // ksmd's reference from get_mergeable_page()
        if (!world.sanitizer().clean()) {
            throw new IllegalStateException("setup: " + world.sanitizer());
        }
    }

    /** ksmd: {@code try_to_merge_one_page()} of the page as the first page of a new KSM page. */
    @Actor
    public void ksmd() {
        try (Task me = world.tasks().start("ksmd")) {
            start.arrive();
            merged = Ksm.tryToMergeOnePage(vma, folio, ADDR, null) == 0;
        }
    }

    /** A direct-I/O read into the page: {@code gup_fast()} for one page, FOLL_PIN | FOLL_WRITE, no slow path. */
    @Actor
    public void gupFast() {
        try (Task me = world.tasks().start("gupFast")) {
            start.arrive();
            kept = Gup.gupFast(mm, ADDR, 1, GupFlags.FOLL_PIN | GupFlags.FOLL_WRITE, pages) == 1;
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /** Public for the JUnit scripts, which run the same actors and must classify the same way. */
    public PinOutcome classify() {
        if (!world.sanitizer().clean() || merged != folio.folioTestKsm() || (kept && pages[0] != folio)) {
            Unexpected.print(getClass(), world, "violations or inconsistent results");
            return PinOutcome.UNEXPECTED;
        }
        return PinOutcome.of(merged, kept);
    }

    /** For the JUnit scripts. */
    public World world() {
        return world;
    }

    /** As merged: clear and flush the PTE, then compare the counts. */
    @Design(value = "ANON_KSM_CHECK", expected = Expected.SAFE,
            source = "mm/ksm.c write_protect_page(): ptep_clear_flush() before \"folio_mapcount(folio) + 1 + swapped "
                    + "!= folio_ref_count(folio)\"; mm/gup.c gup_fast_pte_range() re-check")
    public abstract static class AnonKsmCheck extends MergeVsGupFastScenario {
        private static final Config CONFIG = Config.defaults();

        public AnonKsmCheck() {
            super(CONFIG);
        }
    }

    /**
     * The counts compared before the PTE is cleared: the order mm/ksm.c's comment rules out ("O_DIRECT can happen
     * right after the check"), and the race Kirill Shutemov described in May 2016 ("KSM has the page_count() check,
     * there's still race wrt GUP_fast: it can take the pin between the check and establishing new pte entry"),
     * which Andrea Arcangeli answered with the clear-then-check order. Expected BROKEN: GUP-fast's reference, taken
     * after the check, and its re-read of the still unchanged PTE both fall between ksmd's check and its clear.
     */
    @Design(value = "CHECK_BEFORE_CLEAR", expected = Expected.BROKEN,
            source = "mm/ksm.c write_protect_page() comment: \"O_DIRECT can happen right after the check. So we clear "
                    + "the pte and flush the tlb before the check\"; reference/kernel-protocols-2.md section 2")
    public abstract static class CheckBeforeClear extends MergeVsGupFastScenario {
        private static final Config CONFIG = Config.builder()
                .set(Ksm.WRITE_PROTECT_ORDER, Ksm.WriteProtectOrder.CHECK_THEN_CLEAR)
                .build();

        public CheckBeforeClear() {
            super(CONFIG);
        }
    }
}
