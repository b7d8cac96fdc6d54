package org.gupstress.model.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.IrqsDisabled;
import org.gupstress.model.kernel.debug.Violation;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.gupstress.model.kernel.locking.SpinLock;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.junit.jupiter.api.Test;

/**
 * Blocking is observed, not timed: the world's {@link Tasks} detector reports a deadlock when its wait-for cycle
 * closes and a lost wake-up when the last possible waker returns, never after a deadline; a thread that is merely
 * slow is waited for.
 *
 * <p>Every world here has a last-resort deadline of one minute, far beyond what any detection takes. Had a test's
 * deadlock gone undetected, its waits would end with {@link Stall} after that minute (failing the script, whose
 * threads may only throw {@link Hung}), not with the {@link Hung} each test asserts: the result, not a clock,
 * shows that the detector found it.
 */
class DeadlockDetectionTest {
    static final SchedulePoint HOLDS_FIRST = SchedulePoint.declare("test_dd.holds_first", "a thread holds its first lock");
    private static final Duration SAFETY = Duration.ofMinutes(1);

    private static World world() {
        return Fixture.with(Fixture.config().set(Watchdog.DEADLINE, SAFETY).build(), false, 1).world;
    }

    @Test
    void anAbbaDeadlockIsReportedWhenItClosesWithTheCycleNamed() {
        World w = world();
        RwSemaphore a = w.newRwSemaphore("lockA");
        RwSemaphore b = w.newRwSemaphore("lockB");
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("T1", () -> takeBoth(w, a::downWrite, a::upWrite, b::downWrite, b::upWrite))
                .thread("T2", () -> takeBoth(w, b::downWrite, b::upWrite, a::downWrite, a::upWrite))
                .step("T1", "test_dd.holds_first")
                .step("T2", "test_dd.holds_first")
                .run(); // both are let go together and each blocks on the other's lock
        assertNotNull(r.hung("T1"), "T1 is released from the cycle");
        assertNotNull(r.hung("T2"), "T2 is released from the cycle");
        String report = only(w, ViolationKind.DEADLOCK).what();
        assertTrue(report.startsWith("DEADLOCK: wait-for cycle: "), report);
        assertTrue(report.contains("T1 waits in down_write(lockB) held by T2"), report);
        assertTrue(report.contains("T2 waits in down_write(lockA) held by T1"), report);
        assertTrue(report.contains("lockA (write by T1)") && report.contains("lockB (write by T2)"), report);
        assertTrue(a.holder() == null && b.holder() == null, "each thread's finally released its lock");
        assertFalse(w.sanitizer().has(ViolationKind.HUNG));
    }

    @Test
    void aCycleOfThreeThroughASpinlockARwsemAndAFolioLockIsReportedWithAllThree() {
        Fixture f = Fixture.with(Fixture.config().set(Watchdog.DEADLINE, SAFETY).build(), false, 1);
        World w = f.world;
        f.fault(0, false);
        Folio folio = f.cached(0);
        SpinLock spin = w.newSpinLock("lockS");
        RwSemaphore rwsem = w.newRwSemaphore("semR");
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("T1", () -> takeBoth(w, spin::lock, spin::unlock, rwsem::downWrite, rwsem::upWrite))
                .thread("T2", () -> takeBoth(w, rwsem::downRead, rwsem::upRead,
                        () -> Filemap.folioLock(folio), () -> Filemap.folioUnlock(folio)))
                .thread("T3", () -> takeBoth(w, () -> Filemap.folioLock(folio), () -> Filemap.folioUnlock(folio),
                        spin::lock, spin::unlock))
                .step("T1", "test_dd.holds_first")
                .step("T2", "test_dd.holds_first")
                .step("T3", "test_dd.holds_first")
                .run();
        for (String t : List.of("T1", "T2", "T3")) {
            assertNotNull(r.hung(t), t + " is released from the cycle");
        }
        String report = only(w, ViolationKind.DEADLOCK).what();
        assertTrue(report.contains("T1 waits in down_write(semR) held by T2"), report);
        assertTrue(report.contains("T2 waits in folio_lock(folio pfn"), report);
        assertTrue(report.contains(") held by T3"), report);
        assertTrue(report.contains("T3 waits in spin_lock(lockS) held by T1"), report);
        assertFalse(folio.folioTestLocked(), "T3 unlocked the folio on its way out");
    }

    /**
     * A TLB flush IPI waits for a CPU with interrupts off ({@code IrqsDisabled}), which spins on a lock the flusher
     * holds: the x86 deadlock that forbids taking a spinlock with interrupts off if its holder may IPI you. The IPI
     * wait names the walker as what it waits for, so the cycle is found when it closes.
     */
    @Test
    void aFlushIpiWaitingForACpuThatSpinsOnTheFlushersLockIsADeadlock() {
        World w = world();
        IrqsDisabled irqs = new IrqsDisabled("P.irqs_disabled");
        SpinLock ptl = w.newSpinLock("ptl");
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("WALKER", () -> takeBoth(w, () -> irqs.localIrqSave(w.schedule()),
                        () -> irqs.localIrqRestore(w.schedule()), ptl::lock, ptl::unlock))
                .thread("FLUSHER", () -> takeBoth(w, ptl::lock, ptl::unlock,
                        () -> irqs.waitForIpiAcks(w.watchdog(), w.schedule(), "flush_tlb_page()"), () -> { }))
                .step("WALKER", "test_dd.holds_first")
                .step("FLUSHER", "test_dd.holds_first")
                .run();
        assertNotNull(r.hung("WALKER"), "the walker is released from the cycle");
        assertNotNull(r.hung("FLUSHER"), "the flusher is released from the cycle");
        String report = only(w, ViolationKind.DEADLOCK).what();
        assertTrue(report.contains("WALKER waits in spin_lock(ptl) held by FLUSHER"), report);
        assertTrue(report.contains("FLUSHER waits in IPI acknowledged by every CPU with interrupts off in "
                + "P.irqs_disabled, in flush_tlb_page() held by WALKER"), report);
        assertFalse(irqs.irqsDisabled(), "the test thread never entered a section");
    }

    @Test
    void aLostWakeUpIsReportedWhenTheWakerReturns() throws Exception {
        World w = world();
        Atomic refs = new Atomic(1);
        Tasks tasks = w.tasks();
        tasks.fork("WAITER");
        tasks.fork("WAKER");
        CountDownLatch asleep = new CountDownLatch(1);
        tasks.addListener(new TaskListener() {
            @Override
            public void blocked(Task task, Waitable on) {
                asleep.countDown();
            }
        });
        AtomicReference<Throwable> waiterEnd = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try (Task t = tasks.start("WAITER")) {
                w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle");
            } catch (Throwable e) {
                waiterEnd.set(e);
            }
        }, "WAITER");
        Thread waker = new Thread(() -> {
            try (Task t = tasks.start("WAKER")) {
                refs.dec(); // the last reference goes, and the waker forgets wake_up_var()
            }
        }, "WAKER");
        waiter.start();
        assertTrue(asleep.await(1, TimeUnit.MINUTES), "the waiter went to sleep");
        assertEquals(TaskState.BLOCKED, tasks.tasks().get(0).state());
        assertFalse(w.sanitizer().has(ViolationKind.HUNG), "nothing is reported while the waker may still wake it");
        waker.start();
        waker.join();
        waiter.join();
        assertTrue(waiterEnd.get() instanceof Hung, "the waiter is released with Hung: " + waiterEnd.get());
        String report = only(w, ViolationKind.HUNG).what();
        assertTrue(report.startsWith("HUNG: WAITER waits in refs idle, and no task is left to wake it"), report);
        assertTrue(report.contains("WAKER EXITED"), report);
    }

    @Test
    void aSlowLockHolderIsWaitedForNotReported() {
        World w = Fixture.with(Fixture.config().set(Watchdog.DEADLINE, Duration.ofSeconds(10)).build(), false, 1).world;
        SpinLock lock = w.newSpinLock("lockS");
        Interleaving.Result r = Interleaving.in(w.tasks(), w::useSchedule)
                .thread("SLOW", () -> {
                    lock.lock();
                    try {
                        w.at(HOLDS_FIRST);
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                        while (System.nanoTime() - until < 0) {
                            Thread.onSpinWait(); // plain Java, not a model wait: the task stays RUNNING
                        }
                    } finally {
                        lock.unlock();
                    }
                })
                .thread("WAITER", () -> {
                    lock.lock();
                    lock.unlock();
                })
                .step("SLOW", "test_dd.holds_first")
                .run(); // both let go: WAITER spins on the lock for the 2 s that SLOW holds it
        assertNull(r.hung("SLOW"));
        assertNull(r.hung("WAITER"));
        assertTrue(w.sanitizer().clean(), "no DEADLOCK, no HUNG: " + w.sanitizer());
        assertTrue(w.tasks().tasks().stream().allMatch(t -> t.state() == TaskState.EXITED), w.tasks().describe());
    }

    @Test
    void aScriptedPauseIsNotADeadlock() {
        World w = world();
        SpinLock lock = w.newSpinLock("lockS");
        Task[] holder = new Task[1];
        AssertionError e = assertThrows(AssertionError.class, () -> Interleaving.in(w.tasks(), w::useSchedule)
                .thread("HOLDER", () -> {
                    lock.lock();
                    try {
                        holder[0] = w.tasks().current();
                        w.at(HOLDS_FIRST);
                    } finally {
                        lock.unlock();
                    }
                })
                .thread("WAITER", () -> {
                    lock.lock();
                    lock.unlock();
                })
                .stepDeadline(Duration.ofMillis(300))
                .step("HOLDER", "test_dd.holds_first")
                .step("WAITER", Interleaving.END) // cannot end while the script holds HOLDER: the step times out
                .run());
        assertTrue(e.getMessage().contains("not done within"), e.getMessage());
        assertTrue(w.sanitizer().clean(), "a held thread is PAUSED, not deadlocked: " + w.sanitizer());
    }

    @Test
    void aStallAtTheLastResortDeadlineIsAnErrorNotAModelOutcome() {
        World w = Fixture.with(Fixture.config().set(Watchdog.DEADLINE, Duration.ofMillis(50)).build(), false, 1).world;
        Atomic refs = new Atomic(1);
        // An open world (no task declared): an unknown thread might still wake the waiter, so nothing is detected
        // and only the last-resort deadline ends the wait.
        Stall s = assertThrows(Stall.class, () -> w.waitVarEvent(refs, () -> refs.read() == 0, "refs idle"));
        assertTrue(s.getMessage().startsWith("STALL: refs idle by "), s.getMessage());
        assertTrue(s.getMessage().contains("BLOCKED in refs idle"), s.getMessage());
        assertTrue(w.sanitizer().clean(), "a stall is not a model violation: " + w.sanitizer());
    }

    @Test
    void takingAHeldSemaphoreAgainIsAnImmediateDeadlock() {
        World w = world();
        RwSemaphore s = w.newRwSemaphore("i_rwsem");
        s.downWrite();
        try {
            Hung h = assertThrows(Hung.class, s::downRead);
            assertTrue(h.getMessage().contains("by its own writer"), h.getMessage());
        } finally {
            s.upWrite();
        }
        assertEquals(1, w.sanitizer().count(ViolationKind.DEADLOCK));
    }

    private static void takeBoth(World w, Runnable lockFirst, Runnable unlockFirst, Runnable lockSecond,
                                 Runnable unlockSecond) {
        lockFirst.run();
        try {
            w.at(HOLDS_FIRST);
            lockSecond.run();
            unlockSecond.run();
        } finally {
            unlockFirst.run();
        }
    }

    private static Violation only(World w, ViolationKind kind) {
        List<Violation> v = w.sanitizer().violations(kind);
        assertEquals(1, v.size(), w.sanitizer().toString());
        return v.get(0);
    }
}
