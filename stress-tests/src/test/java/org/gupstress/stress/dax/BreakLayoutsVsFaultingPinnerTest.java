package org.gupstress.stress.dax;

import static org.gupstress.stress.dax.BreakLayoutsVsFaultingPinnerScenario.Observed.DEADLOCK;
import static org.gupstress.stress.dax.BreakLayoutsVsFaultingPinnerScenario.Observed.LAYOUT_WAITED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.WaitVar;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C2 reached deterministically: the truncate takes {@code invalidate_lock}, finds page 0 pinned and is about to
 * sleep before the pinner faults page 1; then both run. Holding the lock while sleeping deadlocks (detected when the
 * second of the two blocks); dropping it lets the fault through and the unpin wake the truncate.
 */
class BreakLayoutsVsFaultingPinnerTest {
    private static BreakLayoutsVsFaultingPinnerScenario.Observed truncateSleepsFirst(BreakLayoutsVsFaultingPinnerScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread("PINNER", t::pinner)
                .thread("TRUNCATE", t::truncate)
                .step("TRUNCATE", WaitVar.BEFORE_SCHEDULE.name())
                .run();
        L_Result r = new L_Result();
        t.arbiter(r);
        return (BreakLayoutsVsFaultingPinnerScenario.Observed) r.r1;
    }

    @Test
    void waitHoldingLockDeadlocksWithTheFaultingPinner() {
        BreakLayoutsVsFaultingPinnerScenario t = new BreakLayoutsVsFaultingPinner.WaitHoldingLock();
        assertEquals(DEADLOCK, truncateSleepsFirst(t));
        String report = t.world.sanitizer().violations(ViolationKind.DEADLOCK).get(0).what();
        assertTrue(report.contains("pinner waits in down_read(I1.invalidate_lock) held by truncate"), report);
        assertTrue(report.contains("truncate waits in "), report);
    }

    @Test
    void dropLockWhileWaitingLetsTheFaultThrough() {
        BreakLayoutsVsFaultingPinnerScenario t = new BreakLayoutsVsFaultingPinner.DropLockWhileWaiting();
        assertEquals(LAYOUT_WAITED, truncateSleepsFirst(t));
        assertEquals(0, t.i1.iSize(), "the truncate completed");
        assertTrue(t.world.sanitizer().clean(), () -> t.world.sanitizer().toString());
    }
}
