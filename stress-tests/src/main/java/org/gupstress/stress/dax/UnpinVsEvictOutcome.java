package org.gupstress.stress.dax;

/** The outcomes of race C1 (both scenarios). Ids are the constant names; reports key on them. */
public enum UnpinVsEvictOutcome {
    /** The DMA and the unpin were over before eviction looked at B; B was freed and reused intact. */
    CLEAN,
    /** Eviction found B pinned and slept until the unpin woke it; then B was freed and reused intact. */
    EVICT_WAITED,
    /** The pin held I1: unlink's iput was not the last, the unpin's was, and eviction followed the DMA. */
    EVICT_AT_UNPIN,
    /** The DMA touched B after I1's eviction freed it: it wrote into I2's data, or read I2's data, or wrote a free block. */
    STORAGE_UAF,
    /** Eviction truncated B while it was pinned: the WARN of d2c997c0f145 (the DMA happened to finish before the reuse). */
    WARN_BUSY_TRUNCATE,
    /**
     * The detector found the actors waiting for each other, or one waiting with nobody left to wake it, when it
     * happened (a STALL of the last-resort timer is an ERROR of the test, never this outcome).
     */
    DEADLOCK
}
