package org.gupstress.stress.zap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The oracle's view of when the pin was released relative to {@code page_mkclean()}, for the scenarios where an
 * UNPIN races it (B2). Not kernel state: two flags with sequentially consistent fences on both sides, so that what
 * the flags say is exactly what the decision could have seen.
 *
 * <pre>
 *   UNPIN                                   MKCLEAN
 *   started = true; fullFence               gone = done;   fullFence           (at its start)
 *   put_user_page() / unpin_user_page()     ... page_mkclean() and the decision: reads R ...
 *   fullFence; done = true                  fullFence; held = !started        (right after the decision)
 * </pre>
 *
 * If MKCLEAN read {@code started == false} after its decision, every read R of the decision precedes the unpin's
 * writes (SC fences: had R seen one of them, the later load of {@code started} would see true), so the pin was
 * held for the whole decision: a "not pinned" answer is a FALSE_NEGATIVE. If it read {@code done == true} at its
 * start, every read R sees the unpin complete: a "pinned" answer is a FALSE_POSITIVE. The fences sit before the
 * unpin and around MKCLEAN's protocol, never between two of its steps, so they cannot hide a reordering the race
 * depends on; at most they make the unpin visible sooner, which only moves answers towards "unpinned, correctly".
 */
final class UnpinClock {
    private static final VarHandle STARTED;
    private static final VarHandle DONE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STARTED = l.findVarHandle(UnpinClock.class, "started", boolean.class);
            DONE = l.findVarHandle(UnpinClock.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed through {@link #STARTED} (volatile). */
    @SuppressWarnings("unused")
    private boolean started;
    /** Accessed through {@link #DONE} (volatile). */
    @SuppressWarnings("unused")
    private boolean done;
    /** MKCLEAN's observations; written by MKCLEAN, read by the arbiter after the join. */
    private boolean goneBeforeStart;
    private boolean heldThroughout;

    /** UNPIN, before it releases the pin. */
    void unpinStarts() {
        STARTED.setVolatile(this, true);
        VarHandle.fullFence();
    }

    /** UNPIN, after it released the pin. */
    void unpinDone() {
        VarHandle.fullFence();
        DONE.setVolatile(this, true);
    }

    /** MKCLEAN, before it takes the folio lock. */
    void mkcleanStarts() {
        goneBeforeStart = (boolean) DONE.getVolatile(this);
        VarHandle.fullFence();
    }

    /** MKCLEAN, right after its decision. */
    void mkcleanDecided() {
        VarHandle.fullFence();
        heldThroughout = !(boolean) STARTED.getVolatile(this);
    }

    boolean goneBeforeStart() {
        return goneBeforeStart;
    }

    boolean heldThroughout() {
        return heldThroughout;
    }
}
