package org.gupstress.model.kernel.sched;

/**
 * What happens when a thread reaches a {@link SchedulePoint}. In stress runs: nothing ({@link Schedules#none()})
 * or a short random spin that widens a race window ({@link Schedules#randomSpin(int)}); in JUnit: a
 * {@link ScriptedSchedule} that holds each thread at the points a script names, to force one exact
 * interleaving.
 *
 * <p>A schedule also decides when a <em>bufferable store</em> becomes visible to other threads
 * ({@link #store}). Real hardware buffers stores by itself; a scripted run emulates the store buffer so that a
 * JUnit test can reach, deterministically, an outcome that only store-to-load reordering allows.
 */
public interface Schedule {

    /** The current thread reached {@code point}. May return at once, spin, or block until a script resumes it. */
    void at(SchedulePoint point);

    /**
     * Performs a store that the hardware may keep in the current CPU's store buffer: one whose site has no
     * full barrier between it and the loads that follow. Stress schedules run it at once (the CPU does the
     * buffering); a scripted schedule defers it until the thread passes a full barrier
     * ({@link #drainStoreBuffer()}), is resumed from a schedule point it was held at, or ends.
     *
     * <p>Contract for callers: until the next full barrier the thread must not read the stored location itself,
     * or must call {@link #drainStoreBuffer()} first (the emulation has no store forwarding; a CPU does).
     */
    default void store(SchedulePoint point, Runnable store) {
        store.run();
    }

    /**
     * A bufferable {@code WRITE_ONCE()} of {@code value} to {@code location}: like {@link #store(SchedulePoint,
     * Runnable)}, but the schedule knows the location and value, so that the storing thread's own later loads of it
     * read the buffered value ({@link #forwarded}), as a CPU forwards from its store buffer.
     */
    default void store(SchedulePoint point, Object location, long value, Runnable store) {
        store(point, store);
    }

    /**
     * Store forwarding: the newest value the current thread has stored to {@code location} that is still in its
     * store buffer, or null if none (then the load reads memory).
     */
    default Long forwarded(Object location) {
        return null;
    }

    /**
     * A shared variable ({@code Atomic}, {@code Word}) was constructed. The explorer numbers them in creation order,
     * which a deterministic scenario repeats in every schedule, so that it can compare what two schedules touched.
     * No-op outside exploration.
     */
    default void created(Object variable) {
    }

    /**
     * The current thread (or, for a store-buffer flush, the flush) read ({@code write} false) or wrote
     * {@code value} to a shared variable ({@code Atomic}, {@code Word}); an RMW reports its read, then its write.
     * The explorer prints these in its timeline and uses them as each step's footprint. No-op outside exploration.
     */
    default void accessed(Object variable, boolean write, long value) {
    }

    /** A full barrier on the current thread: makes its buffered stores visible. No-op outside scripted runs. */
    default void drainStoreBuffer() {
    }

    /**
     * The current thread registered {@code task} as blocked with its world's {@link Tasks} and cannot go on until
     * the lock it waits for is free, its wait is woken, or the deadlock detector releases it. A schedule that runs
     * threads one at a time ({@link org.gupstress.model.kernel.sched.explore.Execution}, an
     * {@link Interleaving#inEveryWorld()} script) stops the thread here, since whoever could release it cannot run
     * while it spins, and returns true when it may retry: the primitive then re-checks its lock or wake-up, and
     * its interrupt status (the detector's release). Other schedules return false at once: wait as usual.
     */
    default boolean stopBlocked(Task task) {
        return false;
    }
}
