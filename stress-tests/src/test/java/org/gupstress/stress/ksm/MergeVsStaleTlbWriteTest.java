package org.gupstress.stress.ksm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.Ksm;
import org.gupstress.stress.ksm.MergeVsStaleTlbWriteScenario.Observed;
import org.junit.jupiter.api.Test;

/** NO_TLB_PENDING_CHECK's lost write reached by script, and the same script against the merged check. */
class MergeVsStaleTlbWriteTest {

    /**
     * NO_TLB_PENDING_CHECK: ksmd finds the PTE clean and read-only, skips the flush, finds the pages identical and is
     * held before replace_page(); the user's store goes through the stale writable TLB entry into the old page;
     * replace_page() then maps the KSM page, which holds the old contents.
     */
    @Test
    void noPendingCheckLosesAStoreThroughTheStaleTlb() {
        assertEquals(Observed.LOST_WRITE, storeBetweenCompareAndReplace(new MergeVsStaleTlbWrite.NoTlbPendingCheck()));
    }

    /**
     * As merged, the same script: write_protect_page() cleared the PTE and flushed the TLB, so the store misses, walks
     * a read-only PTE, faults and copies (ksmd holds a reference); replace_page() sees the PTE changed and gives up.
     */
    @Test
    void pendingCheckFlushesAndTheStoreCopies() {
        assertEquals(Observed.NOT_MERGED_WRITE_KEPT, storeBetweenCompareAndReplace(new MergeVsStaleTlbWrite.AnonKsmCheck()));
    }

    private static Observed storeBetweenCompareAndReplace(MergeVsStaleTlbWriteScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("KSMD", s::ksmd)
                .thread("USER", s::user)
                .step("KSMD", Ksm.MERGE_AFTER_IDENTICAL.name())
                .step("USER", Interleaving.END)
                .step("KSMD", Interleaving.END)
                .run();
        return s.classify();
    }
}
