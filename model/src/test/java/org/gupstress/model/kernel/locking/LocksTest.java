package org.gupstress.model.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.junit.jupiter.api.Test;

class LocksTest {
    static final SchedulePoint LOCKED = SchedulePoint.declare("test_locks.locked", "a thread holds the lock");

    private final Fixture f = Fixture.blockFile(1);
    private final World w = f.world;

    @Test
    void spinLockExcludesAndReportsItsHolder() {
        SpinLock l = w.newSpinLock("pt.ptl");
        l.lock();
        assertTrue(l.heldByCurrentThread());
        assertTrue(l.holder().contains(Thread.currentThread().getName()));
        assertFalse(l.tryLock());
        assertThrows(Hung.class, l::lock, "an AA deadlock is reported, not spun on forever");
        l.unlock();
        assertNull(l.holder());
        assertTrue(l.tryLock());
        l.unlock();
    }

    @Test
    void rwSemaphoreSharesReadersAndExcludesWriters() {
        RwSemaphore s = w.newRwSemaphore("I1.invalidate_lock");
        s.downRead();
        assertTrue(s.downReadTrylock());
        assertFalse(s.downWriteTrylock());
        s.upRead();
        s.upRead();
        s.downWrite();
        assertTrue(s.heldForWriteByCurrentThread());
        assertFalse(s.downReadTrylock());
        s.upWrite();
        assertThrows(IllegalStateException.class, s::upWrite);
    }

    @Test
    void theFolioLockSleepsUntilReleased() {
        f.fault(0, false);
        Folio folio = f.cached(0);
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("HOLDER", () -> {
                    Filemap.folioLock(folio);
                    w.at(LOCKED);
                    Filemap.folioUnlock(folio);
                })
                .thread("WAITER", () -> {
                    Filemap.folioLock(folio);
                    Filemap.folioUnlock(folio);
                })
                .step("HOLDER", "test_locks.locked")
                .step("WAITER", "wait_var_event.before_schedule") // WAITER is about to sleep on PG_locked
                .step("HOLDER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertNull(r.hung("WAITER"));
        assertFalse(folio.folioTestLocked());
    }

    @Test
    void aFolioLockLeftHeldByAnExitedTaskIsReportedHungAtOnce() {
        f.fault(0, false);
        Folio folio = f.cached(0);
        Interleaving.Result r = Interleaving.in(w.tasks(), w::useSchedule)
                .thread("HOLDER", () -> Filemap.folioLock(folio)) // returns with the lock held: nobody unlocks it
                .thread("WAITER", () -> Filemap.folioLock(folio))
                .step("HOLDER", Interleaving.END)
                .step("WAITER", Interleaving.END)
                .run();
        assertNotNull(r.hung("WAITER"));
        String report = w.sanitizer().violations(ViolationKind.HUNG).get(0).what();
        assertTrue(report.contains("WAITER waits in folio_lock(folio pfn"), report);
        assertTrue(report.contains("held by HOLDER (exited)"), report);
    }
}
