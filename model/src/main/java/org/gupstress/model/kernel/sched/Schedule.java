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

    /** A full barrier on the current thread: makes its buffered stores visible. No-op outside scripted runs. */
    default void drainStoreBuffer() {
    }
}
