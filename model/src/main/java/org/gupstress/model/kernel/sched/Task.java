package org.gupstress.model.kernel.sched;

/**
 * One thread of a world ({@code struct task_struct}): a JCStress actor of one sample, or a thread of a JUnit
 * script. Its world's {@link Tasks} registry knows its {@link #state()} and, while it is blocked, what it waits on.
 *
 * <p>Obtained from {@link Tasks#fork} (declared before it runs) or {@link Tasks#start} (its thread begins). The
 * body runs inside {@code try (Task t = tasks.start("DMA")) { ... }}: {@link #close()} marks it
 * {@link TaskState#EXITED}, which may reveal a waiter that nobody is left to wake.
 *
 * <p>Thread-safety: every field is guarded by the registry's lock; the accessors take it, so they return a
 * consistent snapshot of this task (which may be stale the moment they return, unless the caller holds the lock,
 * as a {@link TaskListener} does).
 */
public final class Task implements AutoCloseable {
    private final Tasks tasks;
    private final String name;
    /** Guarded by {@code tasks}. */
    Thread thread;
    TaskState state = TaskState.NOT_STARTED;
    Waitable blockedOn;
    String waitWhat;
    SchedulePoint pausedAt;
    /** Set by the detector while the task is BLOCKED: the report it must throw as {@link Hung} when it wakes. */
    String killed;
    /** Nesting of {@link Tasks#start} on the same thread: only the outermost {@link #close()} exits. */
    int depth;

    Task(Tasks tasks, String name) {
        this.tasks = tasks;
        this.name = name;
    }

    /** The task's name: the actor's name in a JCStress test, the thread's name in a script. */
    public String name() {
        return name;
    }

    /** The thread running it, or null if not started. */
    public Thread thread() {
        synchronized (tasks) {
            return thread;
        }
    }

    public TaskState state() {
        synchronized (tasks) {
            return state;
        }
    }

    /** What it is blocked on, or null unless {@link TaskState#BLOCKED}. */
    public Waitable blockedOn() {
        synchronized (tasks) {
            return state == TaskState.BLOCKED ? blockedOn : null;
        }
    }

    /** The wait as the primitive names it (e.g. {@code "down_read(I1.invalidate_lock)"}), or null. */
    public String waitDescription() {
        synchronized (tasks) {
            return state == TaskState.BLOCKED ? waitWhat : null;
        }
    }

    /** Where a scripted schedule holds it, or null unless {@link TaskState#PAUSED}. */
    public SchedulePoint pausedAt() {
        synchronized (tasks) {
            return state == TaskState.PAUSED ? pausedAt : null;
        }
    }

    /** The registry this task belongs to. */
    public Tasks tasks() {
        return tasks;
    }

    /** {@code do_exit()}: the body is over. Idempotent; nested {@link Tasks#start} handles close only the outermost. */
    @Override
    public void close() {
        tasks.exit(this);
    }

    @Override
    public String toString() {
        synchronized (tasks) {
            return name + " [" + describeLocked() + "]";
        }
    }

    /** State and wait, e.g. {@code "BLOCKED on down_read(I1.invalidate_lock)"}. Caller holds the registry lock. */
    String describeLocked() {
        return switch (state) {
            case BLOCKED -> "BLOCKED in " + waitWhat;
            case PAUSED -> "PAUSED at " + pausedAt;
            default -> state.name();
        };
    }
}
