package org.gupstress.stress.zap;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.INTERESTING;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.stress.Grade;

/**
 * What {@code page_mkclean()} answered to "is this page pinned?", judged against what the oracle knows about the
 * pin (family B, DESIGN.md section 4.B). Outcome ids are these constant names.
 */
public enum PinReport {
    /** A pin was held and {@code page_mkclean()} reported the page pinned. */
    @Grade(kind = OK, desc = "Pin held, reported pinned.")
    PINNED_SEEN,
    /** No pin was held (or it was being released) and {@code page_mkclean()} reported the page unpinned. */
    @Grade(kind = OK, desc = "Pin released earlier, reported unpinned.")
    UNPINNED_SEEN,
    /**
     * No pin was held while {@code page_mkclean()} ran, yet it reported the page pinned. Harmless for data (the
     * page is written again later); Jerome Glisse: "Worst case is you report a page as pin while it has just been
     * release but next write back will catch that".
     */
    @Grade(kind = INTERESTING, desc = "No pin, reported pinned: harmless, the page is written again next round.")
    FALSE_POSITIVE,
    /**
     * A pin was held for the whole of {@code page_mkclean()}, yet it reported the page unpinned: writeback would
     * treat a DMA target as idle and clean, the lost write of family A.
     */
    @Grade(kind = BUG, desc = "Pin held throughout, reported unpinned: the zap decremented _mapcount between the walk and the read (Jan Kara, seed 002).")
    FALSE_NEGATIVE,
    /** {@code page_mapcount()} went below zero, or the sanitizer saw {@code _mapcount} below -1. */
    @Grade(kind = FORBIDDEN, desc = "page_mapcount() went below zero.")
    MAPCOUNT_UNDERFLOW,
    /**
     * The detector found a deadlock, or a waiter nobody is left to wake. No wait in these scenarios can last (no
     * design here sleeps on anything the other actors must release), so this is graded FORBIDDEN in every design: a
     * bug in the model. A slow or descheduled lock holder is waited for, never reported; only the last-resort timer
     * could end such a wait, as a STALL, which is an ERROR of the test and never this outcome.
     */
    @Grade(kind = FORBIDDEN, desc = "A deadlock or a waiter nobody can wake was detected: no wait here can last, so a bug in the model (a STALL is an ERROR, never this).")
    HUNG,
    /**
     * Another oracle of the model fired (use-after-free, refcount underflow, a writable PTE after mkclean, a BUG
     * or WARN), or the counts at quiescence are not what the operations imply: a bug in the model or the test.
     */
    @Grade(kind = FORBIDDEN, desc = "Another model oracle fired or the quiescent counts are off: a bug in the model or test.")
    MODEL_VIOLATION
}
