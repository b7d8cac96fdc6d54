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

    /** {@code complete(x)}: a volatile store (a full barrier before the waitqueue check), then the wake-up. */
    public void complete(Schedule schedule) {
        DONE.setVolatile(this, true);
        WaitVar.wakeUpVar(schedule, this);
    }

    /** {@code completion_done(x)}. */
    public boolean completionDone() {
        return (boolean) DONE.getVolatile(this);
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
