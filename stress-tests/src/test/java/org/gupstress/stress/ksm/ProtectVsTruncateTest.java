package org.gupstress.stress.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Memory;
import org.gupstress.stress.ksm.ProtectVsTruncateScenario.Truncated;
import org.junit.jupiter.api.Test;

/** Matthew Wilcox's missed truncate path reached by script, and the same scripts against the i_mmap walk. */
class ProtectVsTruncateTest {

    /**
     * KSM_STABLE_LIST: the merge runs whole (A's PTE write-protected, folio->mapping pointing to the alias list);
     * then truncate unmaps A and finds the page in the page cache with a mapping not its own: it can neither remove
     * it nor stop looking, and once the protector has returned nobody can ever break the protection.
     */
    @Test
    void stableListPageLivelocksTruncate() {
        assertEquals(Truncated.TRUNCATE_LIVELOCK, protectThenTruncate(new ProtectVsTruncate.KsmStableList()));
    }

    /** I_MMAP_WALK_LOCKED, the same script: folio->mapping is still the file's, truncate removes the page. */
    @Test
    void lockedWalkPageIsTruncatedWithItsProtection() {
        assertEquals(Truncated.PROTECTED_THEN_TRUNCATED, protectThenTruncate(new ProtectVsTruncate.IMmapWalkLocked()));
    }

    /**
     * KSM_STABLE_LIST, truncate first as far as its unmap: the merge finds A's PTE gone
     * (write_protect_page(): -EFAULT) and fails; truncate then removes an ordinary page.
     */
    @Test
    void stableListMergeFailsOnAnUnmappedPage() {
        ProtectVsTruncateScenario s = new ProtectVsTruncate.KsmStableList();
        Interleaving.in(s.world()::useSchedule)
                .thread("TRUNCATE", s::truncate)
                .thread("PROTECT", s::protect)
                .step("TRUNCATE", Memory.ZAP_AFTER_UNLOCK.name())
                .step("PROTECT", Interleaving.END)
                .step("TRUNCATE", Interleaving.END)
                .run();
        assertEquals(Truncated.TRUNCATED_FIRST, s.classify());
    }

    private static Truncated protectThenTruncate(ProtectVsTruncateScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("PROTECT", s::protect)
                .thread("TRUNCATE", s::truncate)
                .step("PROTECT", Interleaving.END)
                .step("TRUNCATE", Interleaving.END)
                .run();
        return s.classify();
    }
}
