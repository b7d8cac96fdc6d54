package org.gupstress.model.kernel.rcu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.gupstress.model.Fixture;
import org.gupstress.model.kernel.Pointer;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.mm.World;
import org.junit.jupiter.api.Test;

class RcuTest {
    private static final SchedulePoint INSIDE = SchedulePoint.declare("test_rcu.reader_inside",
            "a reader between rcu_read_lock() and rcu_read_unlock()");

    private final World w = Fixture.blockFile(1).world;
    private final Rcu rcu = new Rcu("rcu");
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aGracePeriodWithNoReaderEndsAtOnceAndRunsQueuedCallbacks() {
        rcu.callRcu(() -> log.add("callback"));
        assertTrue(log.isEmpty(), "call_rcu() never runs the callback itself");
        rcu.synchronizeRcu(w.watchdog(), w.schedule(), "test");
        assertEquals(List.of("callback"), log);
    }

    @Test
    void synchronizeRcuWaitsForAPreExistingReader() {
        Interleaving.Result r = Interleaving.in(w.tasks(), w::useSchedule)
                .thread("READER", () -> {
                    int idx = rcu.rcuReadLock(w.schedule());
                    w.at(INSIDE);
                    log.add("reader left");
                    rcu.rcuReadUnlock(w.schedule(), idx);
                })
                .thread("UPDATER", () -> {
                    rcu.synchronizeRcu(w.watchdog(), w.schedule(), "test");
                    log.add("grace period ended");
                })
                .step("READER", INSIDE.name())
                .step("UPDATER", WaitVar.BEFORE_SCHEDULE.name()) // the grace period found the reader: it sleeps
                .step("READER", Interleaving.END)
                .step("UPDATER", Interleaving.END)
                .run();
        assertNull(r.hung("UPDATER"));
        assertEquals(List.of("reader left", "grace period ended"), log);
    }

    @Test
    void aReaderThatNeverLeavesHangsTheGracePeriodAndIsReportedAtOnce() {
        rcu.rcuReadLock(w.schedule()); // a reader that returned to user space inside its section
        w.tasks().fork("UPDATER");
        try (Task t = w.tasks().start("UPDATER")) {
            org.gupstress.model.kernel.sched.Hung h = org.junit.jupiter.api.Assertions.assertThrows(
                    org.gupstress.model.kernel.sched.Hung.class,
                    () -> rcu.synchronizeRcu(w.watchdog(), w.schedule(), "test"));
            assertTrue(h.getMessage().contains("rcu grace period"), h.getMessage());
        }
    }

    @Test
    void aReaderThatEntersAfterTheGracePeriodBeganIsNotWaitedFor() {
        int[] late = new int[1];
        Interleaving.Result r = Interleaving.in(w.tasks(), w::useSchedule)
                .thread("OLD", () -> {
                    int idx = rcu.rcuReadLock(w.schedule());
                    w.at(INSIDE);
                    rcu.rcuReadUnlock(w.schedule(), idx);
                })
                .thread("UPDATER", () -> rcu.synchronizeRcu(w.watchdog(), w.schedule(), "test"))
                .thread("NEW", () -> late[0] = rcu.rcuReadLock(w.schedule())) // enters after the first flip and never leaves
                .step("OLD", INSIDE.name())
                .step("UPDATER", WaitVar.BEFORE_SCHEDULE.name())
                .step("NEW", Interleaving.END)
                .step("OLD", Interleaving.END)
                .step("UPDATER", Interleaving.END)
                .run();
        assertNull(r.hung("UPDATER"), "a reader that began after synchronize_rcu() is not waited for");
        assertEquals(1, late[0], "the late reader counted itself in the new phase");
    }

    @Test
    void publicationAndDereference() {
        Pointer<String> p = new Pointer<>(null);
        String v = "new";
        Rcu.rcuAssignPointer(p, v);
        int idx = rcu.rcuReadLock(w.schedule());
        assertSame(v, Rcu.rcuDereference(p));
        rcu.rcuReadUnlock(w.schedule(), idx);
        assertSame(v, p.xchg(null));
        assertNull(p.cmpxchg("other", v), "a failed cmpxchg returns what it found");
        assertNull(p.readOnce());
    }
}
