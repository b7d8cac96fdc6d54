package org.gupstress.model.kernel.sched;

/**
 * Thrown by a model wait that passed the last-resort deadline ({@link Watchdog#DEADLINE}) although the deadlock
 * detector found nothing: the machine or the JVM stalled the thread, or the detector missed a deadlock. Either way
 * it says nothing about the design under test, so it is not a model outcome: it is an {@link Error} that no actor
 * catches (unlike {@link Hung}), it ends the JCStress fork with an error, and the report grades the test ERROR
 * with this message, which lists every task of the world with its state and the held locks.
 *
 * <p>{@code finally} blocks still run while it unwinds, so locks are released on the way out.
 */
public final class Stall extends Error {
    private static final long serialVersionUID = 1L;

    /** The prefix of the line a stall prints on the fork's standard output, which the report reads back. */
    public static final String PREFIX = "gupstress.stall ";

    public Stall(String message) {
        super(message);
    }
}
