package org.gupstress.stress.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.junit.jupiter.api.Test;

/** FOLIO_LOCKED_WALK's forbidden outcome reached by script, and the same script against the per-PTE check. */
class ProtectVsGupFastTest {

    /**
     * FOLIO_LOCKED_WALK: GUP-fast pins the page through A's writable PTE before the walk starts (the folio lock does
     * not stop it: GUP-fast never takes it); the walk write-protects A's PTE without looking at the references and
     * reports the page protected.
     */
    @Test
    void folioLockedWalkProtectsAPinnedPage() {
        assertEquals(PinOutcome.PIN_ON_MERGED, pinThenProtect(new ProtectVsGupFast.FolioLockedWalk()));
    }

    /** I_MMAP_WALK_LOCKED: the same script; the per-PTE check sees the pin and the protection fails. */
    @Test
    void lockedWalkWithCheckRefusesAPinnedPage() {
        assertEquals(PinOutcome.CHECK_SAW_PIN, pinThenProtect(new ProtectVsGupFast.IMmapWalkLocked()));
    }

    /** I_MMAP_WALK_UNLOCKED: it has the same per-PTE check, so the pin is seen too. */
    @Test
    void unlockedWalkWithCheckRefusesAPinnedPage() {
        assertEquals(PinOutcome.CHECK_SAW_PIN, pinThenProtect(new ProtectVsGupFast.IMmapWalkUnlocked()));
    }

    /** KSM_STABLE_LIST: ksmd's write_protect_page() on the stable node's one rmap item sees the pin too. */
    @Test
    void stableListWithCheckRefusesAPinnedPage() {
        assertEquals(PinOutcome.CHECK_SAW_PIN, pinThenProtect(new ProtectVsGupFast.KsmStableList()));
    }

    private static PinOutcome pinThenProtect(ProtectVsGupFastScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("GUP_FAST", s::gupFast)
                .thread("PROTECT", s::protect)
                .step("GUP_FAST", Interleaving.END)
                .step("PROTECT", Interleaving.END)
                .run();
        return s.classify();
    }
}
