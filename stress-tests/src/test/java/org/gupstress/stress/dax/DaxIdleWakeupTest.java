package org.gupstress.stress.dax;

import static org.gupstress.stress.dax.DaxIdleWakeupScenario.Observed.LOST_WAKEUP;
import static org.gupstress.stress.dax.DaxIdleWakeupScenario.Observed.NO_SLEEP;
import static org.gupstress.stress.dax.DaxIdleWakeupScenario.Observed.WOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.WaitVar;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C4 reached deterministically through the Interleaving's emulated store buffer: the waker is held right after
 * its lockless {@code waitqueue_active()} check (its refcount store still buffered unless a full barrier drained
 * it); then the waiter queues itself, issues its barrier and checks the page.
 */
class DaxIdleWakeupTest {
    @Test
    void withoutTheBarrierTheWakeUpIsLost() {
        DaxIdleWakeupScenario t = new DaxIdleWakeup.SubWithoutSmpMb();
        Interleaving.in(t.world()::useSchedule)
                .thread("WAITER", t::waiter)
                .thread("WAKER", t::waker)
                .step("WAKER", WaitVar.WAKE_CHECKED.name())     // refcount store buffered; the queue looked empty
                .step("WAITER", WaitVar.BEFORE_SCHEDULE.name()) // queued, smp_mb(), saw the old refcount
                .run();                                         // the store drains; nobody wakes the waiter
        assertEquals(LOST_WAKEUP, arbiter(t));
        assertTrue(t.world.sanitizer().violations(ViolationKind.HUNG).get(0).what().contains("dax_break_layout_final"),
                () -> "the waiter slept until the watchdog ended it: " + t.world.sanitizer());
    }

    /** With a full barrier the store is visible before the waker's check: the waiter sees the idle page. */
    @Test
    void withSmpMbTheWaiterSeesTheIdlePage() {
        assertEquals(NO_SLEEP, wakerChecksFirst(new DaxIdleWakeup.SubThenSmpMb()));
    }

    @Test
    void aValueReturningPutIsFullyOrdered() {
        assertEquals(NO_SLEEP, wakerChecksFirst(new DaxIdleWakeup.PutSubReturn()));
    }

    /** Without the barrier, but with the waiter queued before the waker checks: the wake-up is not lost. */
    @Test
    void aWaiterQueuedBeforeTheCheckIsWoken() {
        DaxIdleWakeupScenario t = new DaxIdleWakeup.SubWithoutSmpMb();
        Interleaving.in(t.world()::useSchedule)
                .thread("WAITER", t::waiter)
                .thread("WAKER", t::waker)
                .step("WAITER", WaitVar.BEFORE_SCHEDULE.name())
                .step("WAKER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertEquals(WOKEN, arbiter(t));
    }

    private static DaxIdleWakeupScenario.Observed wakerChecksFirst(DaxIdleWakeupScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread("WAITER", t::waiter)
                .thread("WAKER", t::waker)
                .step("WAKER", WaitVar.WAKE_CHECKED.name())
                .step("WAITER", Interleaving.END)
                .run();
        return arbiter(t);
    }

    private static DaxIdleWakeupScenario.Observed arbiter(DaxIdleWakeupScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (DaxIdleWakeupScenario.Observed) r.r1;
    }
}
