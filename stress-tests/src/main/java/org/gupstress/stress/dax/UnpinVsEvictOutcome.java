package org.gupstress.stress.dax;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.stress.Grade;

/** The outcomes of race C1 (both scenarios). Ids are the constant names; reports key on them. */
public enum UnpinVsEvictOutcome {
    /** The DMA and the unpin were over before eviction looked at B; B was freed and reused intact. */
    @Grade(kind = OK, desc = "The DMA and the unpin were over before eviction looked at B; I2 got B intact.")
    CLEAN,
    /** Eviction found B pinned and slept until the unpin woke it; then B was freed and reused intact. */
    @Grade(kind = OK, desc = "Eviction slept until the unpin, then freed B; I2 intact.")
    EVICT_WAITED,
    /** The pin held I1: unlink's iput was not the last, the unpin's was, and eviction followed the DMA. */
    @Grade(kind = OK, desc = "The unpin did the final iput: harmless.")
    EVICT_AT_UNPIN,
    /** The DMA touched B after I1's eviction freed it: it wrote into I2's data, or read I2's data, or wrote a free block. */
    @Grade(kind = BUG, desc = "Eviction freed B under the pin and the DMA used it afterwards (storage use-after-free).")
    STORAGE_UAF,
    /** Eviction truncated B while it was pinned: the WARN of d2c997c0f145 (the DMA happened to finish before the reuse). */
    @Grade(kind = BUG, desc = "Eviction truncated B while pinned (WARN of d2c997c0f145); the DMA was lucky to finish first.")
    WARN_BUSY_TRUNCATE,
    /**
     * The detector found the actors waiting for each other, or one waiting with nobody left to wake it, when it
     * happened (a STALL of the last-resort timer is an ERROR of the test, never this outcome).
     */
    @Grade(kind = FORBIDDEN, desc = "A wait never ended: the pinner needs no lock and nothing else waits here, so a bug in the model.")
    DEADLOCK
}
