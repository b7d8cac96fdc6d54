package org.gupstress.stress.writeback;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A per-sample start line for two actors. JCStress 0.16 runs each actor over a stride of states (256 by default)
 * and synchronizes the actors only between strides; two actors of unequal cost drift apart within a stride, so that
 * after the first few states they no longer touch the same state at the same time and the race under test is
 * mostly not run at all. Each actor calls {@link #arrive} first: both then leave within a cache-line transfer of
 * each other, for every sample.
 *
 * <p>Bounded: an actor gives up waiting after {@link #MAX_SPINS} (its partner was descheduled, or threw) and runs
 * unaligned; nothing here can hang a JCStress run. Not a model object: it touches no kernel state.
 */
final class Rendezvous {
    /** About 0.1-1 ms of spinning: longer than any sample, far shorter than a JCStress time slice. */
    private static final int MAX_SPINS = 1 << 14;
    private static final VarHandle ARRIVED;

    static {
        try {
            ARRIVED = MethodHandles.lookup().findVarHandle(Rendezvous.class, "arrived", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many actors have arrived; volatile accesses only. */
    @SuppressWarnings("unused")
    private int arrived;

    /** Announces this actor and waits (bounded) until the other one has arrived too. */
    void arrive() {
        ARRIVED.getAndAdd(this, 1);
        for (int i = 0; i < MAX_SPINS && (int) ARRIVED.getVolatile(this) < 2; i++) {
            Thread.onSpinWait();
        }
    }
}
