package org.gupstress.stress.ksm;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Ksm;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.PageTable;
import org.gupstress.model.mm.Pte;
import org.gupstress.model.mm.Vma;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Rendezvous;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * ksmd merges a page that a CPU can still write through a stale TLB entry: the race Nadav Amit reported and
 * b3a81d0841a9 ("mm: fix KSM data corruption", Minchan Kim, 2017) fixed by adding {@code mm_tlb_flush_pending()}
 * to {@code write_protect_page()}'s condition.
 *
 * <p>The state when the sample starts, built in the constructor: process P's anonymous page holds {@link #X}; a KSM
 * page K (another process's page, already merged) holds {@link #X} too. P's CPU wrote {@link #X} to its page and
 * cached the writable, dirty translation in its TLB. Then two batched page-table changes ({@code MADV_FREE}'s
 * {@code pte_mkclean()}, {@code clear_refs}' {@code pte_wrprotect()}) left the PTE clean and read-only with their
 * TLB flushes still pending ({@code inc_tlb_flush_pending()}); those flushes come after the sample. The actors:
 *
 * <pre>
 *   USER (P's CPU)                                     KSMD (try_to_merge_one_page(page, K))
 *   store Y: through the TLB if the entry is cached    write_protect_page(): the PTE is clean and read-only;
 *   writable, else walk the table / write fault          [as merged, mm_tlb_flush_pending(): clear, flush, check]
 *   (do_wp_page() copies a page ksmd holds)            pages_identical(page, K)
 *                                                       replace_page(): PTE unchanged? map K read-only (flush)
 * </pre>
 *
 * Without the pending check ({@link NoTlbPendingCheck}), ksmd skips the flush, finds the pages identical, and the
 * user's store through the stale entry lands in the old page after the comparison and before
 * {@code replace_page()}'s flush: the PTE then maps K, which never saw it. {@link Observed#LOST_WRITE}: the user's
 * store completed and the address no longer reads it. As merged, the flush in {@code write_protect_page()} waits for
 * a store in flight and forces every later one through a fault, which copies (ksmd holds a reference) and makes
 * {@code replace_page()}'s "PTE unchanged?" fail.
 */
@Scenario(family = "E", id = "merge-vs-stale-tlb-write",
        title = "KSM merge vs a store through a stale writable TLB entry (mm_tlb_flush_pending)",
        outcomes = MergeVsStaleTlbWriteScenario.Observed.class)
@GenerateTests
public abstract class MergeVsStaleTlbWriteScenario {
    /** How the merge and the store ended. */
    public enum Observed {
        /** The page was replaced by the KSM page and the user's store is visible (it faulted and copied after). */
        @Grade(kind = OK, desc = "Merged; the store faulted on the KSM page afterwards and copied it.")
        MERGED_WRITE_KEPT,
        /** No merge (the store came first and the pages differed, or it copied before replace_page); the store is visible. */
        @Grade(kind = OK, desc = "Not merged: the store came first, or copied the page before replace_page().")
        NOT_MERGED_WRITE_KEPT,
        /** The user's store completed, but the address reads the old contents: the store went to a page no longer mapped. */
        @Grade(kind = BUG, desc = "The store went through the stale TLB entry after pages_identical(); replace_page() then mapped the KSM page without it.")
        LOST_WRITE,
        /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
        @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
        UNEXPECTED
    }

    /** The address of the page in both processes. */
    static final long ADDR = 0;
    /** The contents both pages start with. */
    static final long X = 0xE1;
    /** What the user stores during the sample. */
    static final long Y = 0xE2;

    private final World world;
    private final Mm mm;
    private final Vma vma;
    private final Folio page;
    private final Folio kpage;
    private final Rendezvous start = new Rendezvous();
    /** Written by KSMD, read by the arbiter after the actors joined. */
    private boolean merged;
    /** Set by an actor released from a detected deadlock or hang. */
    private boolean hung;

    protected MergeVsStaleTlbWriteScenario(Config config) {
        world = new World(config);
        world.tasks().fork("user");
        world.tasks().fork("ksmd");
        // The other process's page, merged first: the KSM page K.
        Mm other = world.newMm("other");
        Vma otherVma = Mmap.mmapAnon(other, ADDR, 1, Vma.VM_READ | Vma.VM_WRITE, "other:anon");
        Memory.userStore(otherVma, ADDR, 0, X);
        kpage = world.memMap().pfnFolio(Pte.ptePfn(other.ptepGetLockless(ADDR)));
        kpage.folioGet(); // ksmd's reference (get_mergeable_page(); later ksm_get_folio())
        if (Ksm.tryToMergeOnePage(otherVma, kpage, ADDR, null) != 0) {
            throw new IllegalStateException("setup: K did not become a KSM page");
        }
        // P's page: its CPU stores X and caches the writable translation.
        mm = world.newMm("P");
        vma = Mmap.mmapAnon(mm, ADDR, 1, Vma.VM_READ | Vma.VM_WRITE, "P:anon");
        Memory.userStore(vma, ADDR, 0, X);
        page = world.memMap().pfnFolio(Pte.ptePfn(mm.ptepGetLockless(ADDR)));
        page.folioGet(); // ksmd's reference from get_mergeable_page()
        // MADV_FREE and clear_refs: clean and read-only, their TLB flushes batched and pending.
        PageTable pt = mm.pteTable(ADDR);
        pt.ptl().lock();
        try {
            long pte = pt.ptepGet(Mm.pteIndex(ADDR));
            pt.setPteAt(Mm.pteIndex(ADDR), Pte.pteMkclean(Pte.pteWrprotect(pte)));
        } finally {
            pt.ptl().unlock();
        }
        mm.incTlbFlushPending();
        mm.incTlbFlushPending();
        if (!world.sanitizer().clean()) {
            throw new IllegalStateException("setup: " + world.sanitizer());
        }
    }

    /** P's CPU stores Y to the page. */
    @Actor
    public void user() {
        try (Task me = world.tasks().start("user")) {
            start.arrive();
            try {
                Memory.userStore(vma, ADDR, 0, Y);
            } catch (Hung h) {
                hung = true;
            }
        }
    }

    /** ksmd: {@code try_to_merge_one_page(page, K)}. */
    @Actor
    public void ksmd() {
        try (Task me = world.tasks().start("ksmd")) {
            start.arrive();
            merged = Ksm.tryToMergeOnePage(vma, page, ADDR, kpage) == 0;
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /** Public for the JUnit scripts, which run the same actors and must classify the same way. */
    public Observed classify() {
        long pte = mm.ptepGetLockless(ADDR);
        // After a merge the store may have faulted and copied the KSM page: the PTE maps K or that copy.
        if (hung || !world.sanitizer().clean() || !Pte.ptePresent(pte)
                || (!merged && Pte.ptePfn(pte) == kpage.pfn())) {
            Unexpected.print(getClass(), world, hung ? "an actor hung" : "violations or inconsistent PTE");
            return Observed.UNEXPECTED;
        }
        long seen = world.memMap().pfnFolio(Pte.ptePfn(pte)).readWord(0, "arbiter");
        if (seen != Y) {
            return Observed.LOST_WRITE;
        }
        return merged ? Observed.MERGED_WRITE_KEPT : Observed.NOT_MERGED_WRITE_KEPT;
    }

    /** For the JUnit scripts. */
    public World world() {
        return world;
    }

    /** As merged since b3a81d0841a9: a pending TLB flush makes a clean read-only PTE count as writable. */
    @Design(value = "ANON_KSM_CHECK", expected = Expected.SAFE,
            source = "mm/ksm.c write_protect_page(): \"pte_write(entry) || pte_dirty(entry) || anon_exclusive || "
                    + "mm_tlb_flush_pending(mm)\"; b3a81d0841a9 \"mm: fix KSM data corruption\"")
    public abstract static class AnonKsmCheck extends MergeVsStaleTlbWriteScenario {
        private static final Config CONFIG = Config.defaults();

        public AnonKsmCheck() {
            super(CONFIG);
        }
    }

    /**
     * Before b3a81d0841a9: {@code write_protect_page()} skips a clean read-only PTE without a flush. Expected
     * BROKEN (LOST_WRITE), as Nadav Amit's four-CPU trace showed.
     */
    @Design(value = "NO_TLB_PENDING_CHECK", expected = Expected.BROKEN,
            source = "b3a81d0841a9 \"mm: fix KSM data corruption\" (Minchan Kim, 2017; reported by Nadav Amit); "
                    + "reference/kernel-protocols-2.md section 2")
    public abstract static class NoTlbPendingCheck extends MergeVsStaleTlbWriteScenario {
        private static final Config CONFIG = Config.builder().set(Ksm.CHECK_TLB_FLUSH_PENDING, false).build();

        public NoTlbPendingCheck() {
            super(CONFIG);
        }
    }
}
