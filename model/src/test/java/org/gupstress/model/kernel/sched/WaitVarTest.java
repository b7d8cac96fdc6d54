package org.gupstress.model.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.junit.jupiter.api.Test;

class WaitVarTest {
    /** A bufferable store the waiter makes before it waits: it stands for its queueing (see below). */
    private static final SchedulePoint WAITER_STORE = SchedulePoint.declare("test_wait_var.waiter_store",
            "a store the waiter makes before wait_var_event() (bufferable)");

    private final World w = Fixture.blockFile(1).world;

    @Test
    void aTrueConditionReturnsAtOnce() {
        Atomic refs = new Atomic(0);
        w.waitVarEvent(refs, () -> refs.read() == 0, "already idle");
        assertFalse(WaitVar.waitqueueActive(refs), "finish_wait() dequeued the waiter");
        assertTrue(w.sanitizer().clean());
    }

    @Test
    void theWakerWakesTheSleeper() {
        Atomic refs = new Atomic(1);
        // The waiter is held just before it sleeps; the waker then drops the reference and wakes it.
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("WAITER", () -> w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle"))
                .thread("WAKER", () -> {
                    refs.decReturn();          // fully ordered: the barrier wake_up_var() needs
                    w.wakeUpVar(refs);
                })
                .step("WAITER", "wait_var_event.before_schedule")
                .step("WAKER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertNull(r.hung("WAITER"));
        assertTrue(w.sanitizer().clean(), w.sanitizer().toString());
    }

    @Test
    void aWaiterNobodyCanWakeIsReportedHungAtOnce() {
        Atomic refs = new Atomic(1);
        w.tasks().fork("WAITER"); // the world's only task: nobody else can ever wake it
        try (Task t = w.tasks().start("WAITER")) {
            Hung h = assertThrows(Hung.class, () -> w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle, never"));
            assertTrue(h.getMessage().startsWith("HUNG: WAITER waits in refs idle, never"), h.getMessage());
        }
        assertEquals(1, w.sanitizer().count(ViolationKind.HUNG));
        assertFalse(WaitVar.waitqueueActive(refs), "a hung waiter still leaves the queue");
    }

    @Test
    void aSkippedWakeUpLosesTheWaiter() {
        // The waker checks waitqueue_active() before the waiter queued itself, and the waiter reads the
        // condition before the waker's update is visible (here: the update comes after the check): the waiter
        // sleeps, and nobody is left to wake it: HUNG, reported the moment it sleeps. This is why wake_up_var()
        // needs a full barrier after the update.
        Atomic refs = new Atomic(1);
        Interleaving.Result r = Interleaving.in(w.tasks(), w::useSchedule)
                .thread("WAKER", () -> {
                    w.wakeUpVar(refs);        // nobody queued yet: skipped
                    refs.decReturn();         // (the update the waiter will never be woken for)
                })
                .thread("WAITER", () -> w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle"))
                .step("WAKER", "wake_up_var.checked_waitqueue")
                .step("WAITER", "wait_var_event.before_schedule")
                .step("WAKER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertNotNull(r.hung("WAITER"));
        assertTrue(w.sanitizer().violations(ViolationKind.HUNG).get(0).what().contains("WAKER EXITED"),
                w.sanitizer().toString());
    }

    @Test
    void theCmdRunsAroundTheSleep() {
        Atomic refs = new Atomic(1);
        int[] cmdRuns = new int[1];
        Interleaving.in(w::useSchedule)
                .thread("WAITER", () -> w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle", s -> {
                    cmdRuns[0]++;
                    s.schedule();
                }))
                .thread("WAKER", () -> {
                    refs.decReturn();
                    w.wakeUpVar(refs);
                })
                .step("WAITER", "wait_var_event.before_schedule")
                .step("WAKER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertEquals(1, cmdRuns[0]);
    }

    /**
     * The waiter's half of the wake-up protocol: {@code set_current_state()} is {@code smp_store_mb()}, so what the
     * waiter stored before it reads the condition (its queueing, in the kernel) is visible to every CPU by then.
     * The waker stores the condition and then reads {@code waitqueue_active()}; the waiter queues itself and then
     * reads the condition: store buffering, and without this barrier both can read the old value, the waker skips
     * the wake-up and the waiter sleeps forever. The model's queueing happens under the queue's monitor, not as a
     * bufferable store, so the script has the waiter make one bufferable store before it waits and holds it right
     * after the barrier: the waker must see that store.
     */
    @Test
    void theWaitersBarrierPublishesItsStoresBeforeItReadsTheCondition() {
        Atomic announced = new Atomic(0);
        Atomic refs = new Atomic(0);
        int[] seenByWaker = {-1};
        Interleaving.in(w::useSchedule)
                .thread("WAITER", () -> {
                    announced.add(1, w.schedule(), WAITER_STORE); // may sit in WAITER's store buffer
                    w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle");
                })
                .thread("WAKER", () -> seenByWaker[0] = announced.read())
                .step("WAITER", WaitVar.PREPARED.name())  // queued, set_current_state() done, condition not read
                .step("WAKER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertEquals(1, seenByWaker[0], "set_current_state()'s smp_mb() drained the waiter's store buffer");
    }
}
