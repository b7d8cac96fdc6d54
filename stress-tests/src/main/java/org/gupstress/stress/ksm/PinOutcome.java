package org.gupstress.stress.ksm;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.stress.Grade;

/**
 * What a merge (or protect) and a GUP-fast write pin on the same page concluded: the outcomes of
 * {@link MergeVsGupFastScenario} and {@link ProtectVsGupFastScenario}.
 */
public enum PinOutcome {
    /** The refcount check saw GUP-fast's reference: the merge or protect failed and restored the PTE; the pin is on an ordinary page. */
    @Grade(kind = OK, desc = "The count check saw GUP-fast's reference: no merge or protection, the PTE restored; the pin is on an ordinary page.")
    CHECK_SAW_PIN,
    /** The page became shared; GUP-fast found its PTE cleared or read-only and left the page to the slow path (which breaks COW or the protection). */
    @Grade(kind = OK, desc = "Protected; GUP-fast found the PTE cleared or read-only and left the page to the slow path, which faults and breaks the protection.")
    SHARED_GUP_BACKED_OFF,
    /** GUP-fast dropped its reference at the PTE re-check, and the check had seen it in passing: neither happened. */
    @Grade(kind = OK, desc = "GUP-fast dropped its reference at the re-check after the count check had seen it: neither shared nor pinned.")
    NEITHER,
    /** The page became shared and GUP-fast kept a write pin on it: a DMA will write into the page every sharer reads. */
    @Grade(kind = BUG, desc = "Shared (merged or protected) with GUP-fast's write pin on the page: the design's check missed the pin (how, in each design's Javadoc).")
    PIN_ON_MERGED,
    /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
    @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
    UNEXPECTED;

    /**
     * Classifies a sample at quiescence.
     *
     * @param shared whether the page is shared (merged, or protected) at the end
     * @param kept   whether GUP-fast kept its pin
     */
    static PinOutcome of(boolean shared, boolean kept) {
        if (shared) {
            return kept ? PIN_ON_MERGED : SHARED_GUP_BACKED_OFF;
        }
        return kept ? CHECK_SAW_PIN : NEITHER;
    }
}
