package org.gupstress.stress.writeback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Gup;
import org.gupstress.stress.writeback.GupFastVsMkclean.Observed;
import org.junit.jupiter.api.Test;

/**
 * The forbidden outcome of each broken GUP-fast design, reached by script, and the same script against the merged
 * kernel. The scripts run the JCStress test classes' own actors and classify with their own arbiter logic. Points
 * are named through their constants, which also loads the class that declares them.
 */
class GupFastVsMkcleanTest {

    /**
     * NO_BARRIER: GUP-fast pins (the store stays in its store buffer: nothing but a release/acquire fence follows
     * it), re-reads the PTE, still writable, and keeps the pin. Held there, before anything drains its store buffer,
     * it lets the cleaner run entirely: the cleaner write-protects the PTE, issues its smp_mb() and reads the pins,
     * which do not include GUP's. Then GUP-fast resumes, and its pin lands on a page the cleaner calls unpinned.
     */
    @Test
    void noBarrierKeepsAPinTheCleanerCannotSee() {
        assertEquals(Observed.PIN_MISSED, pinBufferedAcrossTheCleaner(new GupFastVsMkclean.NoBarrier()));
    }

    /** The same script with smp_mb__after_atomic(): the barrier drains the pin before the re-check. */
    @Test
    void fullBarrierDrainsThePinBeforeTheRecheck() {
        assertEquals(Observed.PIN_SEEN, pinBufferedAcrossTheCleaner(new GupFastVsMkclean.FullBarrier()));
    }

    /**
     * NO_RECHECK: GUP-fast reads the writable PTE; the cleaner write-protects it and finds no pin; GUP-fast pins
     * the folio of a PTE that no longer exists as it read it, and never looks again.
     */
    @Test
    void noRecheckPinsAfterTheCleanerLooked() {
        assertEquals(Observed.PIN_MISSED, cleanerBetweenPteReadAndPin(new GupFastVsMkclean.NoRecheck()));
    }

    /** The same script with the re-check: GUP-fast sees the write-protected PTE, drops its pin, backs off. */
    @Test
    void recheckBacksOffAfterTheCleanerLooked() {
        assertEquals(Observed.BACKED_OFF, cleanerBetweenPteReadAndPin(new GupFastVsMkclean.FullBarrier()));
    }

    private static Observed pinBufferedAcrossTheCleaner(GupFastVsMkclean s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("GUP_FAST", s::gupFast)
                .thread("MKCLEAN", s::mkclean)
                .step("GUP_FAST", Gup.FAST_AFTER_RECHECK.name())
                .step("MKCLEAN", Interleaving.END)
                .step("GUP_FAST", Interleaving.END)
                .run();
        return s.classify();
    }

    private static Observed cleanerBetweenPteReadAndPin(GupFastVsMkclean s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("GUP_FAST", s::gupFast)
                .thread("MKCLEAN", s::mkclean)
                .step("GUP_FAST", Gup.FAST_AFTER_PTE_READ.name())
                .step("MKCLEAN", Interleaving.END)
                .step("GUP_FAST", Interleaving.END)
                .run();
        return s.classify();
    }
}
