package org.gupstress.stress.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.Ksm;
import org.junit.jupiter.api.Test;

/**
 * CHECK_BEFORE_CLEAR's forbidden outcome reached by script, and the merged order against the same kind of script.
 * The scripts run the JCStress test classes' own actors and classify with their arbiter's logic.
 */
class MergeVsGupFastTest {

    /**
     * CHECK_BEFORE_CLEAR: ksmd compares the counts (no extra reference yet) and is held before its clear; GUP-fast
     * reads the writable PTE, takes its reference, re-reads the unchanged PTE and keeps the pin; ksmd clears and
     * write-protects: a KSM page with a write pin on it.
     */
    @Test
    void checkBeforeClearMergesAPinTakenBetweenCheckAndClear() {
        MergeVsGupFastScenario s = new MergeVsGupFast.CheckBeforeClear();
        Interleaving.in(s.world()::useSchedule)
                .thread("KSMD", s::ksmd)
                .thread("GUP_FAST", s::gupFast)
                .step("KSMD", Ksm.WP_AFTER_CHECK.name())
                .step("GUP_FAST", Interleaving.END)
                .step("KSMD", Interleaving.END)
                .run();
        assertEquals(PinOutcome.PIN_ON_MERGED, s.classify());
    }

    /** As merged, ksmd held right after its clear: GUP-fast finds no PTE and leaves the page to the slow path. */
    @Test
    void mergedOrderGupFastFindsTheClearedPte() {
        MergeVsGupFastScenario s = new MergeVsGupFast.AnonKsmCheck();
        Interleaving.in(s.world()::useSchedule)
                .thread("KSMD", s::ksmd)
                .thread("GUP_FAST", s::gupFast)
                .step("KSMD", Ksm.WP_AFTER_CLEAR.name())
                .step("GUP_FAST", Interleaving.END)
                .step("KSMD", Interleaving.END)
                .run();
        assertEquals(PinOutcome.SHARED_GUP_BACKED_OFF, s.classify());
    }

    /**
     * As merged, GUP-fast held right after taking its reference, before its re-check: ksmd clears, sees the extra
     * reference, restores the PTE and gives up; GUP-fast re-reads the restored PTE and keeps a pin on an ordinary
     * page.
     */
    @Test
    void mergedOrderCheckSeesAReferenceTakenBeforeTheClear() {
        MergeVsGupFastScenario s = new MergeVsGupFast.AnonKsmCheck();
        Interleaving.in(s.world()::useSchedule)
                .thread("KSMD", s::ksmd)
                .thread("GUP_FAST", s::gupFast)
                .step("GUP_FAST", Gup.FAST_AFTER_PIN.name())
                .step("KSMD", Interleaving.END)
                .step("GUP_FAST", Interleaving.END)
                .run();
        assertEquals(PinOutcome.CHECK_SAW_PIN, s.classify());
    }
}
