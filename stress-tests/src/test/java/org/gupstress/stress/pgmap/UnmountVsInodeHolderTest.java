package org.gupstress.stress.pgmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.WaitVar;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race D4 reached deterministically: the holder pins, uses the page and closes its file, and holds the pin; the
 * removal runs as far as it can; then the holder unpins. Without the pin's own inode reference the holder's close was
 * the inode's last: unmount goes on, memunmap_pages() frees the memmap, and the unpin touches it. With it, the removal
 * blocks in unmount until the unpin.
 */
class UnmountVsInodeHolderTest {
    private static RemoveVsPinScenario.Observed arbiter(UnmountVsInodeHolderScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (RemoveVsPinScenario.Observed) r.r1;
    }

    @Test
    void filesOnlyLetsUnmountThroughWhileThePinLives() {
        UnmountVsInodeHolderScenario t = new UnmountVsInodeHolder.InodeArbiterFilesOnly();
        Interleaving.in(t.w.world::useSchedule)
                .thread("HOLDER", t::holder)
                .thread("REMOVE", t::remove)
                .step("HOLDER", UnmountVsInodeHolderScenario.CLOSED_PINNED.name())
                .step("REMOVE", Interleaving.END)
                .run();
        assertEquals(RemoveVsPinScenario.Observed.PGMAP_UAF, arbiter(t));
        String what = t.w.world.sanitizer().violations(ViolationKind.PGMAP_UAF).get(0).what();
        assertTrue(what.startsWith("holder unpin touched page pfn 256"), what);
    }

    /** The same script: the pin's inode reference (arbiter) or its page reference (per-page) holds the removal. */
    @Test
    void thePinsInodeOrPageReferenceHoldsTheRemovalUntilTheUnpin() {
        for (UnmountVsInodeHolderScenario t : new UnmountVsInodeHolderScenario[] {new UnmountVsInodeHolder.InodeArbiter(),
                new UnmountVsInodeHolder.PerPageTransition()}) {
            Interleaving.in(t.w.world::useSchedule)
                    .thread("HOLDER", t::holder)
                    .thread("REMOVE", t::remove)
                    .step("HOLDER", UnmountVsInodeHolderScenario.CLOSED_PINNED.name())
                    .step("REMOVE", WaitVar.BEFORE_SCHEDULE.name())
                    .step("HOLDER", Interleaving.END)
                    .run();
            assertEquals(RemoveVsPinScenario.Observed.PINNED, arbiter(t), t.getClass().getSimpleName());
        }
    }
}
