package org.gupstress.stress.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.stress.ksm.ProtectVsSpawningFaultScenario.Spawn;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's spawned copy reached by script: I_MMAP_WALK_UNLOCKED's MISSED_SPAWN, and what the folio lock makes of
 * the same attempt in the locked designs.
 */
class ProtectVsSpawningFaultTest {

    /**
     * I_MMAP_WALK_UNLOCKED: B's write fault passes page_mkwrite's break hook (nothing protected yet) and is held
     * before it installs its PTE; the whole walk runs: it sets the protection, finds A read-only and B's PTE empty,
     * and reports the page protected; then the fault installs B's writable PTE.
     */
    @Test
    void unlockedWalkMissesACopySpawnedDuringIt() {
        ProtectVsSpawningFaultScenario s = new ProtectVsSpawningFault.IMmapWalkUnlocked();
        Interleaving.in(s.world()::useSchedule)
                .thread("SPAWN", s::spawn)
                .thread("PROTECT", s::protect)
                .step("SPAWN", PageProtect.MKWRITE_AFTER_CHECK.name())
                .step("PROTECT", Interleaving.END)
                .step("SPAWN", Interleaving.END)
                .run();
        assertEquals(Spawn.MISSED_SPAWN, s.classify());
    }

    /**
     * I_MMAP_WALK_LOCKED, the fault held at the same point: it holds the folio lock, so the walk waits for it and
     * then finds B's writable PTE and write-protects it.
     */
    @Test
    void lockedWalkWaitsForTheFaultAndProtectsItsPte() {
        assertEquals(Spawn.FAULT_FIRST_PROTECTED, faultHeldAfterMkwrite(new ProtectVsSpawningFault.IMmapWalkLocked()));
    }

    /** FOLIO_LOCKED_WALK, the same script: the folio lock alone is enough. */
    @Test
    void folioLockedWalkWaitsForTheFaultAndProtectsItsPte() {
        assertEquals(Spawn.FAULT_FIRST_PROTECTED, faultHeldAfterMkwrite(new ProtectVsSpawningFault.FolioLockedWalk()));
    }

    /**
     * FOLIO_LOCKED_WALK, the walk first: it holds the folio lock with the protection set; the fault waits for the
     * lock in filemap_fault, then page_mkwrite finds the protection and breaks it.
     */
    @Test
    void faultAfterALockedWalkBreaksTheProtection() {
        ProtectVsSpawningFaultScenario s = new ProtectVsSpawningFault.FolioLockedWalk();
        Interleaving.in(s.world()::useSchedule)
                .thread("SPAWN", s::spawn)
                .thread("PROTECT", s::protect)
                .step("PROTECT", PageProtect.PROTECT_BEFORE_WALK.name())
                .run();
        assertEquals(Spawn.BROKEN_BY_FAULT, s.classify());
    }

    private static Spawn faultHeldAfterMkwrite(ProtectVsSpawningFaultScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("SPAWN", s::spawn)
                .thread("PROTECT", s::protect)
                .step("SPAWN", PageProtect.MKWRITE_AFTER_CHECK.name())
                .run();
        return s.classify();
    }
}
