package org.gupstress.model.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.locking.SpinLock;
import org.junit.jupiter.api.Test;

class InterleavingTest {
    static final SchedulePoint A1 = SchedulePoint.declare("test_il.a1", "thread A, first step");
    static final SchedulePoint A2 = SchedulePoint.declare("test_il.a2", "thread A, second step");
    static final SchedulePoint B1 = SchedulePoint.declare("test_il.b1", "thread B, first step");
    static final SchedulePoint NEVER = SchedulePoint.declare("test_il.never", "a point no code reaches");
    static final SchedulePoint STORE = SchedulePoint.declare("test_il.store", "a bufferable store");

    private final World w = Fixture.blockFile(1).world;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private Runnable a() {
        return () -> {
            log.add("a0");
            w.at(A1);
            log.add("a1");
            w.at(A2);
            log.add("a2");
        };
    }

    private Runnable b() {
        return () -> {
            log.add("b0");
            w.at(B1);
            log.add("b1");
        };
    }

    @Test
    void stepsRunInScriptOrder() {
        Interleaving.in(w::useSchedule).thread("A", a()).thread("B", b())
                .step("A", "test_il.a1")
                .step("B", "test_il.b1")
                .step("A", "test_il.a2")
                .step("B", Interleaving.END)
                .step("A", Interleaving.END)
                .run();
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2"), log);
    }

    @Test
    void pointsAThreadIsNotStoppedAtArePassed() {
        Interleaving.in(w::useSchedule).thread("A", a()).thread("B", b())
                .step("A", "test_il.a2")
                .step("B", Interleaving.END)
                .run();
        assertEquals(List.of("a0", "a1", "b0", "b1", "a2"), log);
    }

    @Test
    void aPointNeverReachedFailsTheScriptInsteadOfHanging() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                Interleaving.in(w::useSchedule).thread("A", a()).thread("B", b())
                        .step("A", "test_il.never")
                        .run());
        assertTrue(e.getMessage().contains("finished without reaching test_il.never"), e.getMessage());
    }

    @Test
    void aThreadBlockedByAHeldThreadFailsTheStepAtItsDeadline() {
        SpinLock lock = w.newSpinLock("test.lock");
        AssertionError e = assertThrows(AssertionError.class, () ->
                Interleaving.in(w::useSchedule)
                        .thread("HOLDER", () -> {
                            lock.lock();
                            try {
                                w.at(A1);
                            } finally {
                                lock.unlock();
                            }
                        })
                        .thread("WAITER", () -> {
                            try {
                                lock.lock();
                                lock.unlock();
                            } catch (Hung expected) {
                                // the world's watchdog gives up first (200 ms); the step deadline below is shorter
                            }
                            w.at(B1);
                        })
                        .stepDeadline(Duration.ofMillis(100))
                        .step("HOLDER", "test_il.a1")
                        .step("WAITER", "test_il.b1")
                        .run());
        assertTrue(e.getMessage().contains("HOLDER: held at test_il.a1"), e.getMessage());
        assertTrue(e.getMessage().contains("WAITER: running"), e.getMessage());
    }

    @Test
    void misspeltPointsAndThreadsAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> Interleaving.in(w::useSchedule).thread("A", a()).step("A", "test_il.typo"));
        assertThrows(IllegalArgumentException.class, () -> Interleaving.in(w::useSchedule).thread("A", a()).step("Z", "test_il.a1"));
    }

    @Test
    void bufferedStoresStayInvisibleWhileTheirThreadIsHeld() {
        Atomic x = new Atomic(0);
        int[] seenByB = new int[2];
        Interleaving.in(w::useSchedule)
                .thread("A", () -> {
                    x.add(1, w.schedule(), STORE);   // may sit in A's store buffer
                    w.at(A1);                            // A passes A1 without being held: still buffered
                    w.at(A2);                            // held here by the script
                    Barriers.fullBarrier(w.schedule());
                })
                .thread("B", () -> {
                    seenByB[0] = x.read();
                    w.at(B1);
                    seenByB[1] = x.read();
                })
                .step("A", "test_il.a2")
                .step("B", "test_il.b1")                 // B reads while A's store is buffered
                .step("A", Interleaving.END)             // resumed: A's store becomes visible
                .step("B", Interleaving.END)
                .run();
        assertEquals(0, seenByB[0], "a buffered store is not visible to other threads");
        assertEquals(1, seenByB[1], "resuming the storing thread drains its store buffer");
        assertEquals(1, x.read());
    }

    @Test
    void aFullBarrierDrainsTheStoreBuffer() {
        Atomic x = new Atomic(0);
        int[] seen = new int[1];
        Interleaving.in(w::useSchedule)
                .thread("A", () -> {
                    x.add(1, w.schedule(), STORE);
                    Barriers.fullBarrier(w.schedule());
                    w.at(A1);
                })
                .thread("B", () -> seen[0] = x.read())
                .step("A", "test_il.a1")
                .step("B", Interleaving.END)
                .run();
        assertEquals(1, seen[0]);
    }

    @Test
    void hungThreadsAreReportedNotFailed() {
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("A", () -> {
                    throw w.watchdog().deadlock("a deliberate hang");
                })
                .step("A", Interleaving.END)
                .run();
        assertNotNull(r.hung("A"));
    }
}
