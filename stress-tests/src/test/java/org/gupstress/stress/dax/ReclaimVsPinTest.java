package org.gupstress.stress.dax;

import static org.gupstress.stress.dax.ReclaimVsPinScenario.Observed.DEADLOCK;
import static org.gupstress.stress.dax.ReclaimVsPinScenario.Observed.EVICTED_IDLE;
import static org.gupstress.stress.dax.ReclaimVsPinScenario.Observed.NOT_EVICTED;
import static org.gupstress.stress.dax.ReclaimVsPinScenario.Observed.RECLAIM_WAITED;
import static org.gupstress.stress.dax.ReclaimVsPinScenario.Observed.WARN_BUSY_TRUNCATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.WaitVar;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C3 reached deterministically. "Pinner first": the pinner's allocation reclaims before kswapd runs, so if the
 * inode shrinker can reach I1, the pinner's own reclaim evicts it. "kswapd first": kswapd evicts I1 and is held just
 * before it sleeps; then the pinner runs.
 */
class ReclaimVsPinTest {
    private static ReclaimVsPinScenario.Observed pinnerFirst(ReclaimVsPinScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("KSWAPD", t::kswapd)
                .step("PINNER", Interleaving.END)
                .step("KSWAPD", Interleaving.END)
                .run();
        return arbiter(t);
    }

    /**
     * The pinner's own reclaim gets to I1 and is held just before it sleeps; kswapd then runs to its end; then the
     * pinner sleeps, waiting for its own pin with nobody left who could release it: detected at once.
     */
    private static ReclaimVsPinScenario.Observed pinnerSleepsInItsOwnReclaim(ReclaimVsPinScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("KSWAPD", t::kswapd)
                .step("PINNER", WaitVar.BEFORE_SCHEDULE.name())
                .step("KSWAPD", Interleaving.END)
                .step("PINNER", Interleaving.END)
                .run();
        return arbiter(t);
    }

    @Test
    void breakLayoutFinalDeadlocksInThePinnersOwnReclaimWhenTheShrinkerCanReachI1() {
        ReclaimVsPinScenario t = new ReclaimVsPin.BreakLayoutFinalEvictable();
        assertEquals(DEADLOCK, pinnerSleepsInItsOwnReclaim(t));
        String hang = t.world.sanitizer().violations(ViolationKind.HUNG).get(0).what();
        assertTrue(hang.startsWith("HUNG: pinner waits in ") && hang.contains("dax_break_layout_final(I1)"), hang);
        assertTrue(hang.contains("no task is left to wake it; other tasks: kswapd EXITED"), hang);
    }

    @Test
    void evictBreakLayoutsLockedDeadlocksHoldingI1sLocks() {
        ReclaimVsPinScenario t = new ReclaimVsPin.EvictBreakLayoutsLockedEvictable();
        assertEquals(DEADLOCK, pinnerSleepsInItsOwnReclaim(t));
        String hang = t.world.sanitizer().violations(ViolationKind.HUNG).get(0).what();
        assertTrue(hang.contains("I1.i_rwsem"), hang);
    }

    @Test
    void noWaitTruncatesThePinnedPageFromReclaim() {
        assertEquals(WARN_BUSY_TRUNCATE, pinnerFirst(new ReclaimVsPin.NoWait()));
    }

    @Test
    void asMergedTheShrinkerCannotReachAnInodeWithDaxEntries() {
        assertEquals(NOT_EVICTED, pinnerFirst(new ReclaimVsPin.BreakLayoutFinal()));
        assertEquals(NOT_EVICTED, pinnerFirst(new ReclaimVsPin.EvictBreakLayoutsLocked()));
    }

    @Test
    void gfpNofsKeepsThePinnerOutOfTheFilesystemShrinker() {
        assertEquals(EVICTED_IDLE, pinnerFirst(new ReclaimVsPin.BreakLayoutFinalEvictableNofs()));
    }

    @Test
    void aPinHoldingTheInodeKeepsItOffTheLru() {
        assertEquals(EVICTED_IDLE, pinnerFirst(new ReclaimVsPin.InodeRefPerPin()));
    }

    @Test
    void aDirtyInodeIsNotReclaimed() {
        assertEquals(NOT_EVICTED, pinnerFirst(new ReclaimVsPin.KeepInodeDirty()));
    }

    @Test
    void kswapdFirstStallsUntilTheUnpin() {
        ReclaimVsPinScenario t = new ReclaimVsPin.BreakLayoutFinalEvictable();
        Interleaving.in(t.world()::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("KSWAPD", t::kswapd)
                .step("KSWAPD", WaitVar.BEFORE_SCHEDULE.name())
                .step("PINNER", Interleaving.END)
                .step("KSWAPD", Interleaving.END)
                .run();
        assertEquals(RECLAIM_WAITED, arbiter(t));
    }

    private static ReclaimVsPinScenario.Observed arbiter(ReclaimVsPinScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (ReclaimVsPinScenario.Observed) r.r1;
    }
}
