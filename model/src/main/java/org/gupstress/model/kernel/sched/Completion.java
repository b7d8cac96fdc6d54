package org.gupstress.model.kernel.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code struct completion} (kernel/sched/completion.c), one-shot: {@link #complete} makes it done and wakes the
 * waiter. {@link #waitForCompletion} is a registered wait ({@link WaitVar}): a waiter nobody is left to complete is
 * found by the detector ({@code HUNG}, or {@code DEADLOCK} if every live task is blocked) when it happens, not by a
 * timer.
 *
 * <p>Memory effects: {@code complete()} happens-before the return of a {@code wait_for_completion()} that sees it.
 */
public final class Completion {
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Completion.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    @SuppressWarnings("unused") // via DONE
    private boolean done;

    /** {@code init_completion(x)}. */
    public Completion(String name) {
        this.name = name;
        System.identityHashCode(this); // install the hash before sharing: see WaitVar.varWaitqueue
    }

    /** Under a controlling schedule: {@code done = 1} entered the completer's store buffer. */
    public static final SchedulePoint DONE_STORE = SchedulePoint.declare("complete.done_store",
            "complete() stored done, not yet visible to other threads");

    /**
     * {@code complete(x)}: {@code done} is stored and made visible by a full barrier ({@code smp_store_mb()}: a
     * volatile store) before the lockless waitqueue check in {@link WaitVar#wakeUpVar}. The kernel's
     * {@code complete()} sets {@code x->done} and wakes under {@code x->wait.lock}, which orders the two; the model's
     * wake-up checks the queue without that lock, so the barrier stands in for it. Under a controlling schedule the
     * store is bufferable ({@link #DONE_STORE}) and the barrier drains it: without the barrier the check could pass
     * the store and a waiter that queued after the check would read {@code done == 0} and sleep forever.
     */
    public void complete(Schedule schedule) {
        Schedule every = Schedules.everyWorld();
        if (every == null) {
            DONE.setVolatile(this, true);
        } else {
            every.store(DONE_STORE, this, 1, () -> DONE.setRelease(this, true));
            VarHandle.fullFence();
            every.drainStoreBuffer();
        }
        WaitVar.wakeUpVar(schedule, this);
    }

    /** {@code completion_done(x)}: an acquire load (volatile). */
    public boolean completionDone() {
        Schedule every = Schedules.everyWorld();
        Long own = every == null ? null : every.forwarded(this);
        return own != null ? own != 0 : (boolean) DONE.getVolatile(this);
    }

    /**
     * {@code wait_for_completion(x)} (uninterruptible).
     *
     * @throws Hung if nobody is left who could complete it, or the wait closes a deadlock
     */
    public void waitForCompletion(Watchdog watchdog, Schedule schedule, String where) {
        WaitVar.waitVarEvent(watchdog, schedule, this, this::completionDone, name + " in " + where);
    }

    @Override
    public String toString() {
        return name;
    }
}
