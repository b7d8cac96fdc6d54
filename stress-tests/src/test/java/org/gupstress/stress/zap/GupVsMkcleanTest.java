package org.gupstress.stress.zap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.Rmap;
import org.gupstress.stress.zap.GupVsMkcleanScenario.Seen;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/** B3 by script: the JCStress test class's own actors ({@code gup}, {@code mkclean}) in exact interleavings. */
class GupVsMkcleanTest {
    private static final String GUP = "GUP";
    private static final String MKCLEAN = "MKCLEAN";

    /** MKCLEAN holds the folio lock (MAPCOUNT_REWALK has read mapcount1); the walk has not started. */
    private static final String BEFORE_WALK = Rmap.WALK_BEFORE.name();
    /** MKCLEAN write-protected a PTE and still holds its lock. */
    private static final String WRPROTECTED = Rmap.MKCLEAN_AFTER_WRPROTECT.name();
    private static final String FAST_READ_PTE = Gup.FAST_AFTER_PTE_READ.name();
    private static final String FAST_PINNED = Gup.FAST_AFTER_PIN.name();

    private static Seen run(GupVsMkcleanScenario s, Interleaving script) {
        script.run();
        L_Result r = new L_Result();
        s.arbiter(r);
        return (Seen) r.r1;
    }

    private static Interleaving script(GupVsMkcleanScenario s) {
        return Interleaving.in(s.world()::useSchedule).thread(GUP, s::gup).thread(MKCLEAN, s::mkclean);
    }

    /** Slow GUP runs whole between the start of page_mkclean() and its walk: it grabs from B's writable PTE. */
    private static Interleaving gupBeforeTheWalk(GupVsMkcleanScenario s) {
        return script(s).step(MKCLEAN, BEFORE_WALK).step(GUP, Interleaving.END).step(MKCLEAN, Interleaving.END);
    }

    @Test
    void rewalksFirstShortcutMissesAGupBetweenMapcount1AndTheWalk() {
        // mapcount1 = 2 (A, B); GUP: _mapcount 3, PageDMAPinned; walk counts A and B: 2 == mapcount1, flag cleared.
        GupVsMkcleanScenario s = new GupVsMkclean.MapcountRewalk();
        assertEquals(Seen.FALSE_NEGATIVE, run(s, gupBeforeTheWalk(s)), s.mappings().describe());
    }

    @Test
    void aCheckAfterTheWalkSeesThePinTakenUnderThePteLock() {
        for (GupVsMkcleanScenario s : new GupVsMkcleanScenario[] {new GupVsMkclean.PinBias(), new GupVsMkclean.MapcountOneWalk(),
            new GupVsMkclean.MapcountRecount()}) {
            assertEquals(Seen.PINNED_SEEN, run(s, gupBeforeTheWalk(s)), s.getClass().getSimpleName() + ": "
                    + s.mappings().describe());
        }
    }

    /**
     * Jan Kara's "So the PTE lock provides enough synchronization", step by step: slow GUP has taken its reference
     * and dropped B's PTE lock, and has not yet returned; then page_mkclean() runs whole. Every design counts the
     * pin before it drops the lock (FOLL_PIN in {@code _refcount}, the MAPCOUNT designs in {@code _mapcount}), so
     * the walk, which takes that lock, must see it. A design that did its accounting after {@code pte_unmap_unlock()}
     * would report the page unpinned here.
     */
    @Test
    void aPinCountedUnderThePteLockIsSeenByTheWalkThatFollows() {
        for (GupVsMkcleanScenario s : new GupVsMkcleanScenario[] {new GupVsMkclean.PinBias(), new GupVsMkclean.MapcountOneWalk(),
            new GupVsMkclean.MapcountRecount()}) {
            Seen seen = run(s, script(s)
                    .step(GUP, Gup.SLOW_AFTER_FOLLOW.name()) // pinned, PTE lock dropped, not yet returned
                    .step(MKCLEAN, Interleaving.END)
                    .step(GUP, Interleaving.END));
            assertEquals(Seen.PINNED_SEEN, seen, s.getClass().getSimpleName() + ": " + s.mappings().describe());
        }
    }

    @Test
    void slowGupAfterTheCleanMustFaultAndPinsAfterTheDecision() {
        for (GupVsMkcleanScenario s : new GupVsMkcleanScenario[] {new GupVsMkclean.PinBias(), new GupVsMkclean.MapcountOneWalk(),
            new GupVsMkclean.MapcountRewalk(), new GupVsMkclean.MapcountRecount()}) {
            Seen seen = run(s, script(s).step(MKCLEAN, Interleaving.END).step(GUP, Interleaving.END));
            assertEquals(Seen.PINNED_AFTER_CLEAN, seen, s.getClass().getSimpleName() + ": " + s.mappings().describe());
        }
    }

    /** GUP-fast reads B's PTE while it is writable, then the whole clean runs, then GUP-fast pins. */
    private static Interleaving fastReadBeforeTheClean(GupVsMkcleanScenario s) {
        return script(s).step(GUP, FAST_READ_PTE).step(MKCLEAN, Interleaving.END).step(GUP, Interleaving.END);
    }

    @Test
    void gupFastWithoutTheRecheckKeepsAPinTakenFromTheStalePte() {
        GupVsMkcleanScenario s = new GupVsMkclean.PinBiasGupFastNoRecheck();
        assertEquals(Seen.FALSE_NEGATIVE, run(s, fastReadBeforeTheClean(s)), s.mappings().describe());
    }

    /**
     * The same order with x86's waiting flush IPI and still no re-read: page_mkclean() blocks in B's
     * ptep_clear_flush() until GUP-fast, interrupts off since before it read B's PTE, has pinned and re-enabled
     * interrupts; the check after the walk sees the pin. Without the IPI's wait MKCLEAN never blocks and the
     * BLOCKED step fails.
     */
    @Test
    void ipiFlushWaitsForGupFastWithoutTheRecheck() {
        GupVsMkcleanScenario s = new GupVsMkclean.PinBiasGupFastNoRecheckIpiFlush();
        Seen seen = run(s, Interleaving.inEveryWorld()
                .thread(GUP, s::gup)
                .thread(MKCLEAN, s::mkclean)
                .step(GUP, FAST_READ_PTE)
                .step(MKCLEAN, Interleaving.BLOCKED)
                .step(GUP, Interleaving.END)
                .step(MKCLEAN, Interleaving.END));
        assertEquals(Seen.PINNED_SEEN, seen, s.mappings().describe());
    }

    @Test
    void gupFastsRecheckSeesTheCleanAndFallsBackToAFault() {
        GupVsMkcleanScenario s = new GupVsMkclean.PinBiasGupFast();
        assertEquals(Seen.PINNED_AFTER_CLEAN, run(s, fastReadBeforeTheClean(s)), s.mappings().describe());
    }

    @Test
    void gupFastPinsWhilePageMkcleanHoldsThePteLock() {
        // Where Jan Kara's argument stops: MKCLEAN holds B's PTE lock (it just write-protected B), and GUP-fast,
        // which takes no lock, gets its pin anyway. A slow GUP would wait for the lock here. Its pin predates the
        // check, so the check sees it; with the re-check GUP-fast then sees the changed PTE, drops the pin and
        // faults, after the decision.
        GupVsMkcleanScenario s = new GupVsMkclean.PinBiasGupFast();
        Seen seen = run(s, script(s)
                .step(GUP, FAST_READ_PTE)
                .step(MKCLEAN, WRPROTECTED)   // A's PTE
                .step(MKCLEAN, WRPROTECTED)   // B's PTE: B's PTE lock held
                .step(GUP, FAST_PINNED)       // pinned without the lock
                .step(MKCLEAN, Interleaving.END)
                .step(GUP, Interleaving.END));
        assertEquals(Seen.PINNED_SEEN, seen, s.mappings().describe());
    }
}
