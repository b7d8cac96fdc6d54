package org.gupstress.model.kernel.sched;

/**
 * Callbacks from a world's {@link Tasks} registry, for a scheduler that must know which tasks can run (an explorer
 * driving one task at a time) or for tracing. Every callback runs on the thread that causes the transition, with
 * the registry's lock held, after the state changed: it must be quick, must not block, and must not call into the
 * model (it may read {@link Tasks#tasks()} and each {@link Task}'s accessors).
 */
public interface TaskListener {
    /** {@code task}'s thread called {@link Tasks#start}: it is {@link TaskState#RUNNING}. */
    default void started(Task task) {
    }

    /** {@code task} is about to sleep or spin on {@code on}: {@link TaskState#BLOCKED}. */
    default void blocked(Task task, Waitable on) {
    }

    /** {@code waker} woke {@code task} ({@code try_to_wake_up}): it is runnable again but has not run yet. */
    default void woken(Task task, Task waker) {
    }

    /** {@code task} left its wait (acquired the lock, saw its wake-up, or was killed): {@link TaskState#RUNNING}. */
    default void unblocked(Task task) {
    }

    /** A scripted schedule holds {@code task} at {@code point}: {@link TaskState#PAUSED}. */
    default void paused(Task task, SchedulePoint point) {
    }

    /** The scripted schedule let {@code task} go on from where it was paused. */
    default void resumed(Task task) {
    }

    /** {@code task}'s body returned or threw: {@link TaskState#EXITED}. */
    default void exited(Task task) {
    }

    /** The detector found {@code report}; its tasks are being released with {@link Hung}. */
    default void detected(BlockingReport report) {
    }
}
