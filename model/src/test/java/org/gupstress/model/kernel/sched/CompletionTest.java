package org.gupstress.model.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.World;
import org.junit.jupiter.api.Test;

/**
 * {@code complete()} against {@code wait_for_completion()}: {@code memunmap_pages()} waits for {@code pgmap->done}
 * this way, so a lost wake-up here is a removal that never returns.
 */
class CompletionTest {
    private final World w = Fixture.blockFile(1).world;

    /**
     * The completer makes {@code done} true before it looks for waiters: held right after its lockless
     * {@code waitqueue_active()} check (the queue still empty), it has already published {@code done}, so a waiter
     * that queues itself only now sees it and does not sleep. A completer that looked for waiters before it set
     * {@code done} would skip the wake-up and leave this waiter asleep with nobody to wake it (HUNG).
     */
    @Test
    void aWaiterThatQueuesAfterTheCompletersCheckSeesDone() {
        Completion done = new Completion("done");
        Interleaving.Result r = Interleaving.in(w.tasks(), w::useSchedule)
                .thread("COMPLETER", () -> done.complete(w.schedule()))
                .thread("WAITER", () -> done.waitForCompletion(w.watchdog(), w.schedule(), "test"))
                .step("COMPLETER", WaitVar.WAKE_CHECKED.name()) // nobody queued: the wake-up is skipped
                .step("WAITER", Interleaving.END)
                .step("COMPLETER", Interleaving.END)
                .run();
        assertNull(r.hung("WAITER"), "the waiter saw done instead of sleeping");
        assertTrue(w.sanitizer().clean(), w.sanitizer()::toString);
    }

    /**
     * {@code complete()}'s full barrier between storing {@code done} and its lockless look for waiters: with the
     * store bufferable (a script installed in every world, the explorer's store-buffer rules), the completer is held
     * right after its check with nothing else drained. The barrier must already have made {@code done} visible, so
     * the waiter that queues only now sees it. A plain or release store in its place stays in the completer's buffer:
     * the waiter reads {@code done == 0} and sleeps with nobody left to wake it, and this script cannot complete.
     */
    @Test
    void theCompletersBarrierMakesDoneVisibleBeforeItLooksForWaiters() {
        Completion done = new Completion("done");
        boolean[] returned = new boolean[1];
        Interleaving.Result r = Interleaving.inEveryWorld()
                .thread("COMPLETER", () -> done.complete(w.schedule()))
                .thread("WAITER", () -> {
                    done.waitForCompletion(w.watchdog(), w.schedule(), "test");
                    returned[0] = true;
                })
                .step("COMPLETER", WaitVar.WAKE_CHECKED.name()) // nobody queued: the wake-up is skipped
                .step("WAITER", Interleaving.END)
                .step("COMPLETER", Interleaving.END)
                .stepDeadline(java.time.Duration.ofSeconds(3))
                .run();
        assertNull(r.hung("WAITER"));
        assertTrue(returned[0], "the waiter saw done and did not sleep");
    }
}
