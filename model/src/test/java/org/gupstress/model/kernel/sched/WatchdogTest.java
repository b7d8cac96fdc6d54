package org.gupstress.model.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gupstress.model.Fixture;
import org.gupstress.model.World;
import org.gupstress.model.kernel.debug.Violation;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    static final SchedulePoint HOLDS_FIRST = SchedulePoint.declare("test_wd.holds_first", "a thread holds its first lock");

    @Test
    void anAbbaDeadlockEndsAsHungWithTheHeldLocksNamed() {
        World w = Fixture.blockFile(1).world;
        RwSemaphore a = w.newRwSemaphore("lockA");
        RwSemaphore b = w.newRwSemaphore("lockB");
        Interleaving.Result r = Interleaving.in(w::useSchedule)
                .thread("T1", () -> takeBoth(w, a, b))
                .thread("T2", () -> takeBoth(w, b, a))
                .step("T1", "test_wd.holds_first")
                .step("T2", "test_wd.holds_first")
                .run(); // both are released together and each blocks on the other's lock
        assertTrue(r.hung("T1") != null || r.hung("T2") != null, "at least one side gave up");
        List<Violation> hung = w.sanitizer().violations(ViolationKind.HUNG);
        assertTrue(!hung.isEmpty());
        String report = hung.get(0).what();
        assertTrue(report.contains("down_write(lock"), report);
        assertTrue(report.contains("lockA (write by T1)") && report.contains("lockB (write by T2)"), report);
        assertEquals(0, w.sanitizer().count(ViolationKind.USE_AFTER_FREE));
        // Nothing is left held: each thread's finally released its lock.
        assertTrue(a.holder() == null && b.holder() == null);
    }

    private static void takeBoth(World w, RwSemaphore first, RwSemaphore second) {
        first.downWrite();
        try {
            w.at(HOLDS_FIRST);
            second.downWrite();
            second.upWrite();
        } finally {
            first.upWrite();
        }
    }

    @Test
    void takingAHeldSemaphoreAgainIsAnImmediateHang() {
        World w = Fixture.blockFile(1).world;
        RwSemaphore s = w.newRwSemaphore("i_rwsem");
        s.downWrite();
        try {
            Hung h = org.junit.jupiter.api.Assertions.assertThrows(Hung.class, s::downRead);
            assertTrue(h.getMessage().contains("by its own writer"), h.getMessage());
        } finally {
            s.upWrite();
        }
    }
}
