package org.gupstress.model.kernel.sched;

/**
 * Where a {@link Task} of a world stands, as its world's {@link Tasks} registry sees it. A scheduler asks
 * {@link #runnable()}; the deadlock detector treats {@link #BLOCKED} tasks as stuck until a wake-up or a release
 * proves otherwise.
 */
public enum TaskState {
    /** Declared with {@link Tasks#fork} but its thread has not called {@link Tasks#start} yet: it will run. */
    NOT_STARTED,
    /** Running, or ready to run ({@code TASK_RUNNING}): includes a task that was woken and has not yet noticed. */
    RUNNING,
    /**
     * Held at a schedule point by a scripted schedule ({@link Interleaving}): not runnable by the schedule's
     * choice, but not blocked either. A pause is never part of a deadlock.
     */
    PAUSED,
    /** Asleep or spinning in a model wait ({@code TASK_UNINTERRUPTIBLE}) on {@link Task#blockedOn()}. */
    BLOCKED,
    /** Its body returned (or threw): it will never run, wake anyone, or release anything again. */
    EXITED;

    /** True if the task can make progress without anyone waking it: {@link #RUNNING} or {@link #NOT_STARTED}. */
    public boolean runnable() {
        return this == RUNNING || this == NOT_STARTED;
    }
}
