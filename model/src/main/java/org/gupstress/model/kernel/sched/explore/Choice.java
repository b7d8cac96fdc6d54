package org.gupstress.model.kernel.sched.explore;

/**
 * One scheduling decision: let a thread run to its next decision point, make the oldest store in a thread's
 * emulated store buffer visible to the others, or (under the weak memory model) choose which write the running
 * thread's load reads, or where its store goes in the location's modification order.
 *
 * @param kind   what happens
 * @param thread the thread that runs, whose store is flushed, or whose access chooses (index in the execution's
 *               thread list)
 * @param option for {@link Kind#PICK}: the option taken (0: the newest write; 1: the one before it; ...); for
 *               {@link Kind#PROMISE}: the number of the variable promised; else 0
 * @param value  for {@link Kind#PROMISE}: the value promised; else 0
 */
public record Choice(Kind kind, int thread, int option, long value) {
    /** The kinds of step. */
    public enum Kind {
        /** The thread runs until its next schedule point, bufferable store, block, or the end of its body. */
        RUN,
        /** The oldest store of the thread's store buffer becomes visible (the thread itself does not run). */
        FLUSH,
        /**
         * Inside a running thread's step, its load or store under the weak memory model takes option
         * {@link #option()} ({@code WeakMemory.Picker}): never a preemption.
         */
        PICK,
        /**
         * Under the weak memory model, the thread (which does not run) promises a {@code WRITE_ONCE()} of
         * {@link #value()} to variable number {@link #option()} that its program has not reached yet
         * ({@code WeakMemory#promise}): load buffering. Never a preemption; the explorer offers only promises it
         * certified, see {@code Explorer}.
         */
        PROMISE
    }

    /** A RUN, FLUSH or PICK choice. */
    public Choice(Kind kind, int thread, int option) {
        this(kind, thread, option, 0);
    }

    /** A RUN or FLUSH choice. */
    public Choice(Kind kind, int thread) {
        this(kind, thread, 0);
    }

    static Choice run(int thread) {
        return new Choice(Kind.RUN, thread);
    }

    static Choice flush(int thread) {
        return new Choice(Kind.FLUSH, thread);
    }

    static Choice pick(int thread, int option) {
        return new Choice(Kind.PICK, thread, option);
    }

    static Choice promise(int thread, int variable, long value) {
        return new Choice(Kind.PROMISE, thread, variable, value);
    }
}
