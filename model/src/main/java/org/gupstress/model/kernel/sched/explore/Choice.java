package org.gupstress.model.kernel.sched.explore;

/**
 * One scheduling decision: let a thread run to its next decision point, or make the oldest store in a thread's
 * emulated store buffer visible to the others.
 *
 * @param kind   what happens
 * @param thread the thread that runs, or whose store is flushed (index in the execution's thread list)
 */
public record Choice(Kind kind, int thread) {
    /** The two kinds of step. */
    public enum Kind {
        /** The thread runs until its next schedule point, bufferable store, block, or the end of its body. */
        RUN,
        /** The oldest store of the thread's store buffer becomes visible (the thread itself does not run). */
        FLUSH
    }

    static Choice run(int thread) {
        return new Choice(Kind.RUN, thread);
    }

    static Choice flush(int thread) {
        return new Choice(Kind.FLUSH, thread);
    }
}
