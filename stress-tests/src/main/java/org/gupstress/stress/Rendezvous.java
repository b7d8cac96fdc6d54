package org.gupstress.stress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A per-sample start line for two actors. JCStress 0.16 runs each actor over a stride of states (256 by default)
 * and synchronizes the actors only between strides; two actors of unequal cost drift apart within a stride, so that
 * after the first few states they no longer touch the same state at the same time and the race under test is
 * mostly not run at all. Each actor calls {@link #arrive} first: both then leave within a cache-line transfer of
 * each other, for every sample.
 *
 * <p>Waiting spins briefly, then yields (the partner may be descheduled on a loaded machine, and a spinning
 * thread would hold the CPU it needs), and gives up after {@link #MAX_WAIT_NANOS}: the actor then runs
 * unaligned. Nothing here can hang a JCStress run. Not a model object: it touches no kernel state.
 */
public final class Rendezvous {
    /** Spins before yielding: a partner that is running arrives within this. */
    private static final int SPINS = 64;
    /** Longer than any sample takes, far shorter than a JCStress iteration. */
    private static final long MAX_WAIT_NANOS = 1_000_000;
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
    public void arrive() {
        ARRIVED.getAndAdd(this, 1);
        for (int i = 0; i < SPINS; i++) {
            if ((int) ARRIVED.getVolatile(this) >= 2) {
                return;
            }
            Thread.onSpinWait();
        }
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while ((int) ARRIVED.getVolatile(this) < 2 && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
    }
}
