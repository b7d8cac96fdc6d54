package org.gupstress.model.kernel.sched.explore;

import java.util.List;

/**
 * One step of an explored schedule, as the trace prints it.
 *
 * @param kind       RUN, FLUSH or PROMISE
 * @param thread     the thread's name
 * @param from       where the thread stood before the step: "start", a schedule point, "blocked: ..."
 * @param to         where it stopped: a schedule point name, "end", or "blocked: what"; for FLUSH the store's point
 * @param preemption true if the thread that ran before could have gone on (a preemptive context switch)
 * @param events     what happened inside the step, in order: the values it read and wrote in the shared variables
 *                   ({@code Atomic}, {@code Word}), the stores it put into its store buffer, the stores a barrier
 *                   drained, what the thread threw
 * @param footprint  the shared variables the step read and wrote, for the explorer's reduction
 */
public record Step(Kind kind, String thread, String from, String to, boolean preemption, List<Event> events,
                   Footprint footprint) {
    /** The step's kind. */
    public enum Kind {
        RUN,
        FLUSH,
        /** Under the weak memory model, the thread promises a later store of its own (it does not run). */
        PROMISE
    }

    /**
     * One thing that happened inside a step: an access to shared variable number {@code variable} (numbered in
     * creation order, see {@link Trace#variables()}), or a line of text. For an access to a field or element of a
     * structure, {@code variable} is the structure's (or array's) number and {@code text} the field ({@code .index},
     * {@code [3]}); null for an access to a {@code Word} or {@code Atomic}.
     */
    public record Event(EventKind kind, int variable, long value, String text) {
        static Event text(String text) {
            return new Event(EventKind.TEXT, -1, 0, text);
        }

        static Event access(EventKind kind, int variable, long value) {
            return new Event(kind, variable, value, null);
        }
    }

    /** What an {@link Event} is. */
    public enum EventKind {
        /** A load from memory. */
        READ,
        /** A store to memory (an RMW reports a READ, then a WRITE). */
        WRITE,
        /**
         * A store entered the thread's store buffer: not yet visible to the others. Its variable is -1 for a store
         * the schedule knows only as code to run (an RMW): its accesses show when it is flushed.
         */
        BUFFER,
        /** A full barrier made the thread's {@code value} buffered stores visible (their WRITEs follow). */
        DRAIN,
        /** A load of the thread's own buffered store (store forwarding): memory was not read. */
        FORWARD,
        /**
         * Under the weak memory model, the access just recorded (a READ or WRITE of {@code variable}) took option
         * {@code value} of a choice ({@link Choice.Kind#PICK}); the text says which.
         */
        PICK,
        /**
         * Under the weak memory model, the thread promised to store {@code value} to {@code variable} later
         * ({@link Choice.Kind#PROMISE}): the write is visible to the other threads from now on.
         */
        PROMISE,
        /** Free text: a barrier drained the buffer, the thread threw. */
        TEXT
    }

    /** True if the step ended with the thread blocked (it stops at no schedule point). */
    public boolean blocked() {
        return kind == Kind.RUN && to.startsWith(Execution.BLOCKED_PREFIX);
    }
}
