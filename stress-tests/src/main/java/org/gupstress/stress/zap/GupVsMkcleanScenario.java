package org.gupstress.stress.zap;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Pte;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.gupstress.stress.zap.TwoMappings.PinHistory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B3, GUP vs page_mkclean: Jan Kara's claim in seed 002 (2018-12-19) that the PTE lock alone orders a new pin
 * against {@code page_mkclean()}'s check:
 * <blockquote>__get_user_pages() gets page reference (and it should also increment page-&gt;_mapcount) under PTE
 * lock. So at that point we are sure we have writeable PTE nobody can change. So page_mkclean() has to block on PTE
 * lock to make PTE read-only and only after going through all PTEs like this, it can check page-&gt;_mapcount. So
 * the PTE lock provides enough synchronization.</blockquote>
 *
 * <pre>
 *   World: B1's page, mapped writable by A and B, never pinned.
 *
 *   GUP (pin for write through B)                MKCLEAN (folio_lock; page_mkclean + decision; unlock)
 *   -----------------------------                -----------------------------------------------------
 *   slow: lock B's PTE; writable? grab           walk: lock A's PTE, write-protect; lock B's PTE,
 *         (MAPCOUNT: _mapcount++); unlock              write-protect
 *         read-only? fault: needs the folio      check the pin: after the walk (Jan Kara's order),
 *         lock, so it waits for MKCLEAN            or partly before it (MAPCOUNT_REWALK's mapcount1)
 *   fast: read B's PTE locklessly; pin;
 *         re-read the PTE, back off if changed
 * </pre>
 *
 * The slow path's grab and MKCLEAN's visit of B's PTE are serialized by B's PTE lock: either the grab comes first,
 * from a writable PTE, and a check made after the walk sees it (PINNED_SEEN); or MKCLEAN write-protects first, GUP
 * must fault, the fault needs the folio lock, and the pin comes after the decision through a fresh
 * {@code page_mkwrite} (PINNED_AFTER_CLEAN: the filesystem knows, the page is dirty again). The forbidden outcome
 * is the third: MKCLEAN answered "not pinned" while GUP holds a write pin taken from the PTE as it was before the
 * clean, which is still read-only (FALSE_NEGATIVE: the pin holder writes a page writeback believes clean and
 * write-protected, family A's lost write).
 *
 * <p>Where the claim stops holding: (1) a check that reads {@code _mapcount} <em>before</em> the walk reaches the
 * PTE, as MAPCOUNT_REWALK's {@code if (mapcount1 == real_count)} shortcut does, is not ordered by the PTE lock at
 * all; (2) GUP-fast takes no PTE lock. What orders GUP-fast against {@code folio_mkclean()} instead is the
 * store-buffering pair of family A: pin, full barrier, re-read the PTE, versus write-protect (an {@code xchg}),
 * then look at the pin. The PIN_BIAS_GUP_FAST designs here show the re-read doing the work the lock did; the
 * barrier half is family A's scenario "gup-fast-vs-mkclean" (designs FULL_BARRIER, NO_BARRIER, NO_RECHECK).
 *
 * @see org.gupstress.model.mm.Gup#PIN_BEFORE_PTE_RECHECK
 * @see org.gupstress.model.mm.Gup#RECHECK_PTE
 */
@Scenario(family = "B", id = "gup-vs-mkclean",
        title = "GUP for write (slow path under the PTE lock, or GUP-fast) vs page_mkclean's 'is it pinned?' (seed 002)",
        outcomes = GupVsMkcleanScenario.Seen.class)
@GenerateTests
public abstract class GupVsMkcleanScenario {
    /** What the check saw, judged by how GUP's pin was obtained. Outcome ids are these names. */
    public enum Seen {
        /** GUP's pin came first and {@code page_mkclean()} reported the page pinned. */
        @Grade(kind = OK, desc = "GUP grabbed from the writable PTE first; the check saw the pin.")
        PINNED_SEEN,
        /** {@code page_mkclean()} reported unpinned and GUP pinned afterwards through a new write fault. */
        @Grade(kind = OK, desc = "The clean came first; GUP faulted (page_mkwrite) and pinned after the decision.")
        PINNED_AFTER_CLEAN,
        /** Reported unpinned while GUP holds a write pin taken from the PTE as it was before the clean. */
        @Grade(kind = BUG, desc = "GUP bumped _mapcount after mapcount1 was read and before the walk reached its PTE; 'mapcount1 == real_count' cleared the flag.")
        FALSE_NEGATIVE,
        /** GUP did not return the page: a bug in the test. */
        @Grade(kind = FORBIDDEN, desc = "GUP did not return the page: a bug in the test.")
        GUP_FAILED,
        /** A deadlock or hang was detected (none exists here: a model bug). */
        @Grade(kind = FORBIDDEN, desc = "A deadlock or a waiter nobody can wake was detected: no wait here can last, so a bug in the model (a STALL is an ERROR, never this).")
        HUNG,
        /** Another model oracle fired or the quiescent counts are off: a bug in the model or test. */
        @Grade(kind = FORBIDDEN, desc = "Another model oracle fired or the quiescent counts are off: a bug in the model or test.")
        MODEL_VIOLATION
    }

    private final TwoMappings w;
    private final boolean fast;
    private Folio pinned;
    private Boolean reported;

    protected GupVsMkcleanScenario(Config config, boolean fast) {
        this.w = new TwoMappings(config, PinHistory.NEVER);
        w.world.tasks().fork("gup");
        w.world.tasks().fork("mkclean");
        this.fast = fast;
    }

    World world() {
        return w.world;
    }

    TwoMappings mappings() {
        return w;
    }

    @Actor
    public void gup() {
        try (Task me = w.world.tasks().start("gup")) {
            pinned = w.pinThroughB(fast);
        }
    }

    @Actor
    public void mkclean() {
        try (Task me = w.world.tasks().start("mkclean")) {
            reported = w.mkclean(null);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    private Seen classify() {
        if (reported == null || w.world.sanitizer().has(ViolationKind.DEADLOCK)
                || w.world.sanitizer().has(ViolationKind.HUNG)) {
            return Seen.HUNG;
        }
        if (pinned == null) {
            return Seen.GUP_FAILED;
        }
        if (!w.quiescentCountsAre(2, 1)) {
            return Seen.MODEL_VIOLATION;
        }
        if (reported) {
            return Seen.PINNED_SEEN;
        }
        // A writable B PTE now can only come from a write fault after the clean (page_mkwrite, folio dirtied).
        long pte = w.pteB();
        return Pte.ptePresent(pte) && Pte.pteWrite(pte) ? Seen.PINNED_AFTER_CLEAN : Seen.FALSE_NEGATIVE;
    }

    /** PIN_BIAS through the slow path ({@link Designs#PIN_BIAS}): SAFE, Jan Kara's argument with FOLL_PIN's count. */
    @Design(value = "PIN_BIAS", expected = Expected.SAFE,
            source = "FOLL_PIN as merged: mm/gup.c follow_page_pte() -> try_grab_folio() under the PTE lock; seed 002, Jan Kara 2018-12-19 'the PTE lock provides enough synchronization'")
    public abstract static class PinBias extends GupVsMkcleanScenario {
        public PinBias() {
            super(Designs.PIN_BIAS, false);
        }
    }

    /**
     * MAPCOUNT_ONE_WALK through the slow path ({@link Designs#MAPCOUNT_ONE_WALK}): SAFE. This is exactly the design
     * Jan Kara reasoned about: {@code _mapcount} is incremented under the PTE lock and read after the walk.
     */
    @Design(value = "MAPCOUNT_ONE_WALK", expected = Expected.SAFE,
            source = "seed 002 (002_aeb32416868b2a4f.txt): John Hubbard 2018-12-18 __get_user_pages() atomic_inc(page->_mapcount); Jan Kara 2018-12-19 'So the PTE lock provides enough synchronization'")
    public abstract static class MapcountOneWalk extends GupVsMkcleanScenario {
        public MapcountOneWalk() {
            super(Designs.MAPCOUNT_ONE_WALK, false);
        }
    }

    /**
     * MAPCOUNT_REWALK through the slow path ({@link Designs#MAPCOUNT_REWALK}): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress), and the reading of
     * the final test does not matter here. Its first shortcut, {@code if (mapcount1 == real_count) ClearPageDMAPined},
     * compares a {@code _mapcount} read <em>before</em> the walk with the walk's count: a GUP that grabs (and bumps
     * {@code _mapcount}) under B's PTE lock after that read and before the walk reaches B is a mapping to the walk
     * and nothing to {@code mapcount1}. Jerome Glisse's GUP back-off ("If GUP see a valid write-able PTE and the page
     * has write back flag set then it must back of") cannot help: PG_writeback is set only after
     * {@code page_mkclean()} returns.
     */
    @Design(value = "MAPCOUNT_REWALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03 'mapcount1 = page_mapcount(page)' before rmap_walk and 'if (mapcount1 == real_count) { ClearPageDMAPined(page)'")
    public abstract static class MapcountRewalk extends GupVsMkcleanScenario {
        public MapcountRewalk() {
            super(Designs.MAPCOUNT_REWALK, false);
        }
    }

    /**
     * MAPCOUNT_RECOUNT through the slow path ({@link Designs#MAPCOUNT_RECOUNT}): SAFE. {@code _mapcount} is read
     * after the write-protecting walk, so Jan Kara's argument applies unchanged.
     */
    @Design(value = "MAPCOUNT_RECOUNT", expected = Expected.SAFE,
            source = "this suite, from seed 002: pins in _mapcount (John Hubbard 2018-12-18); read page_mapcount() after the write-protecting walk (Jan Kara 2018-12-19), then count the PTEs again")
    public abstract static class MapcountRecount extends GupVsMkcleanScenario {
        public MapcountRecount() {
            super(Designs.MAPCOUNT_RECOUNT, false);
        }
    }

    /**
     * PIN_BIAS through {@code pin_user_pages_fast()} ({@link Designs#PIN_BIAS}): SAFE, but not by Jan Kara's argument:
     * GUP-fast takes no PTE lock and may pin while {@code page_mkclean()} holds B's. The re-read of the PTE after the
     * pin, with the barrier before it ({@link org.gupstress.model.mm.Gup#PIN_BEFORE_PTE_RECHECK}) and the
     * {@code xchg} on the clean side, is what makes GUP-fast back off to the slow path (family A,
     * "gup-fast-vs-mkclean").
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Seen says:
     * <ul>
     *   <li>{@code PINNED_SEEN}: GUP-fast pinned and re-read the PTE before the clean; the check saw the pin.</li>
     *   <li>{@code PINNED_AFTER_CLEAN}: GUP-fast's re-read saw the clean, it backed off, faulted and pinned after the decision.</li>
     * </ul>
     */
    @Design(value = "PIN_BIAS_GUP_FAST", expected = Expected.SAFE,
            source = "mm/gup.c gup_fast_pte_range(): try_grab_folio_fast() (smp_mb__after_atomic) then 'pte_val(pte) != pte_val(ptep_get(ptep))' -> gup_put_folio, fall back")
    public abstract static class PinBiasGupFast extends GupVsMkcleanScenario {
        public PinBiasGupFast() {
            super(Designs.PIN_BIAS, true);
        }
    }

    /**
     * PIN_BIAS through GUP-fast without the PTE re-read ({@link Designs#PIN_BIAS_GUP_FAST_NO_RECHECK}): BROKEN. With
     * no PTE lock and no re-read, nothing orders the pin against the clean: GUP-fast reads B's PTE writable, the
     * clean write-protects it and finds no pin, then GUP-fast pins and keeps it. The clean's TLB flush here does not
     * wait for GUP-fast (arm64's broadcast TLBI); with x86's IPI flush the same GUP-fast is SAFE
     * ({@link PinBiasGupFastNoRecheckIpiFlush}).
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Seen says:
     * <ul>
     *   <li>{@code PINNED_SEEN}: GUP-fast pinned before the clean looked; the check saw the pin.</li>
     *   <li>{@code PINNED_AFTER_CLEAN}: GUP-fast read the PTE after the clean, fell back, faulted and pinned after the decision.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: GUP-fast read the PTE writable before the clean and kept its pin without re-reading it: no PTE lock orders it.</li>
     * </ul>
     */
    @Design(value = "PIN_BIAS_GUP_FAST_NO_RECHECK", expected = Expected.BROKEN,
            source = "mm/gup.c gup_fast_pte_range() without the PTE re-check after try_grab_folio_fast(); family A scenario gup-fast-vs-mkclean, design NO_RECHECK; flush: arm64 TLBI (no IPI)")
    public abstract static class PinBiasGupFastNoRecheck extends GupVsMkcleanScenario {
        public PinBiasGupFastNoRecheck() {
            super(Designs.PIN_BIAS_GUP_FAST_NO_RECHECK, true);
        }
    }
    /**
     * PIN_BIAS through GUP-fast without the PTE re-read, on a machine whose TLB flush is an IPI that waits
     * ({@link Designs#PIN_BIAS_GUP_FAST_NO_RECHECK_IPI_FLUSH}): SAFE. Page_mkclean's {@code ptep_clear_flush()} of B's
     * PTE cannot return while a GUP-fast that read B's writable PTE is in its interrupts-off section, so the check
     * after the walk sees that pin; a GUP-fast that starts later reads the write-protected PTE and faults. The IPI
     * does for GUP-fast what Jan Kara's PTE lock does for slow GUP: x86's own lockless GUP relied on it (2008-2017).
     */
    @Design(value = "PIN_BIAS_GUP_FAST_NO_RECHECK_IPI_FLUSH", expected = Expected.SAFE,
            source = "arch/x86/mm/gup.c gup_pte_range() (2008-2017, no re-check) under local_irq_disable(); arch/x86/mm/tlb.c native_flush_tlb_multi() (IPI, wait=true); family A design NO_RECHECK_IPI_FLUSH")
    public abstract static class PinBiasGupFastNoRecheckIpiFlush extends GupVsMkcleanScenario {
        public PinBiasGupFastNoRecheckIpiFlush() {
            super(Designs.PIN_BIAS_GUP_FAST_NO_RECHECK_IPI_FLUSH, true);
        }
    }
}
