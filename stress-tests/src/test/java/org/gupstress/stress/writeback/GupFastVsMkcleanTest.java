package org.gupstress.stress.writeback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Gup;
import org.gupstress.stress.writeback.GupFastVsMkcleanScenario.Observed;
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

    /**
     * NO_RECHECK_IPI_FLUSH: the same order as {@link #noRecheckPinsAfterTheCleanerLooked}, but the cleaner's
     * ptep_clear_flush() sends an IPI that GUP-fast, interrupts off since before its PTE read, takes only when its
     * walk is over: the cleaner blocks in the flush until then, and sees the pin. Without the IPI's wait the cleaner
     * never blocks and the BLOCKED step fails.
     */
    @Test
    void ipiFlushWaitsForTheWalkerSoTheCleanerSeesThePin() {
        assertEquals(Observed.PIN_SEEN,
                cleanerBlocksInItsFlushFrom(Gup.FAST_AFTER_PTE_READ.name(), new GupFastVsMkclean.NoRecheckIpiFlush()));
    }

    /**
     * NO_BARRIER_IPI_FLUSH: the pin is still in GUP-fast's store buffer when it re-reads the old PTE, as in
     * {@link #noBarrierKeepsAPinTheCleanerCannotSee}; the cleaner's flush waits for local_irq_restore(), which GUP-fast
     * reaches only after its pin is visible.
     */
    @Test
    void ipiFlushWaitsUntilTheBufferedPinIsVisible() {
        assertEquals(Observed.PIN_SEEN,
                cleanerBlocksInItsFlushFrom(Gup.FAST_AFTER_RECHECK.name(), new GupFastVsMkclean.NoBarrierIpiFlush()));
    }

    /**
     * GUP-fast runs to {@code point} (inside its interrupts-off section); the cleaner runs until it blocks (in the
     * flush's IPI wait: a step that fails if it never blocks); GUP-fast ends; the cleaner ends.
     */
    private static Observed cleanerBlocksInItsFlushFrom(String point, GupFastVsMkcleanScenario s) {
        Interleaving.inEveryWorld()
                .thread("GUP_FAST", s::gupFast)
                .thread("MKCLEAN", s::mkclean)
                .step("GUP_FAST", point)
                .step("MKCLEAN", Interleaving.BLOCKED)
                .step("GUP_FAST", Interleaving.END)
                .step("MKCLEAN", Interleaving.END)
                .run();
        return s.classify();
    }

    private static Observed pinBufferedAcrossTheCleaner(GupFastVsMkcleanScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("GUP_FAST", s::gupFast)
                .thread("MKCLEAN", s::mkclean)
                .step("GUP_FAST", Gup.FAST_AFTER_RECHECK.name())
                .step("MKCLEAN", Interleaving.END)
                .step("GUP_FAST", Interleaving.END)
                .run();
        return s.classify();
    }

    private static Observed cleanerBetweenPteReadAndPin(GupFastVsMkcleanScenario s) {
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
