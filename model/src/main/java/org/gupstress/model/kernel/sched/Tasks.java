package org.gupstress.model.kernel.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of one world and what each is doing: the blocked-thread registry behind the model's deadlock
 * detection, and the view a scheduler needs ("which tasks can run, which are blocked on what, who holds what").
 *
 * <h2>Who is a task</h2>
 * The actors of one JCStress sample, or the threads of one JUnit script. A scenario declares its actors when it
 * builds the world ({@link #fork}), and each actor runs its body as the task:
 * <pre>{@code
 * world.tasks().fork("dma"); world.tasks().fork("writeback");            // in the state's constructor
 * try (Task t = world.tasks().start("dma")) { ... }                       // in the actor
 * }</pre>
 * Declaring makes the world <em>closed</em>: the declared tasks are all the threads that can wake a waiter or
 * release a lock in it, so "every live task blocked" is decidable. A thread that blocks without having started a
 * task (the JUnit main thread, an arbiter) is registered as an implicit task when it first blocks; in a world that
 * is not closed, only wait-for cycles are detected, since an unknown thread might still wake anyone.
 *
 * <h2>What the primitives report</h2>
 * Every model wait ({@code SpinLock}, {@code RwSemaphore}, the folio lock, {@code wait_var_event} and with it
 * {@code folio_wait_writeback} and the DAX idle waits) calls {@link #block} before it sleeps or spins, naming a
 * {@link Waitable} with its holders, and {@link #unblock} when it leaves; a waker calls {@link #wake}. A lock's
 * release needs no call: the detector re-reads a lock's holders, and a lock with no holder blocks nobody.
 *
 * <h2>What is detected, at once</h2>
 * On every {@link #block} and every {@link #close exit} the detector ({@link WaitForGraph}) looks for:
 * <ul>
 *   <li><b>DEADLOCK</b>: a wait-for cycle among blocked tasks (each waits on something the next one holds), or, in a
 *       closed world, every live task blocked with no wake-up pending;</li>
 *   <li><b>HUNG</b>: in a closed world, one blocked task and every other task returned: nobody is left to wake it
 *       (a lost wake-up, or a wait on itself).</li>
 * </ul>
 * The tasks found are released at once: each is marked, interrupted out of its wait, and throws {@link Hung} with
 * the report (the kernel's fatal signal to a killable wait); the world's sanitizer records one
 * {@code DEADLOCK} or {@code HUNG} violation. Verdicts therefore never depend on how long anything took. Only
 * when nothing is detected and a wait passes the {@link Watchdog#DEADLINE} does the wait throw {@link Stall}.
 *
 * <h2>Schedules</h2>
 * A task held at a schedule point by a scripted schedule ({@link Interleaving}) is {@link TaskState#PAUSED}: not
 * runnable by the script's choice, never part of a deadlock. An explorer that drives tasks one at a time can use
 * {@link #tasks()}, {@link Task#state()}, {@link Task#blockedOn()} and {@link Waitable#holders()}, and subscribe
 * to every transition with {@link #addListener}.
 *
 * <p>Thread-safety: all state is guarded by this object's monitor. Lock order: a wait queue's monitor, then this;
 * never the reverse (the detector takes no other lock: it reads holders opaquely and interrupts threads).
 * Memory effects: a task's transitions happen-before any later detection that relies on them.
 */
public final class Tasks {
    /** The task the current thread started last (any world's); cleared when it exits. */
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final Watchdog watchdog;
    /** Guarded by this. Every task ever declared, started or implicitly registered in this world. */
    private final ArrayList<Task> all = new ArrayList<>(3);
    /** Guarded by this. */
    private final ArrayList<TaskListener> listeners = new ArrayList<>(1);
    /** Guarded by this. True once a task was declared with {@link #fork}. */
    private boolean closed;
    /** Guarded by this. How many tasks are BLOCKED: exits skip the detector when none is. */
    private int blocked;

    Tasks(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    // ----------------------------------------------------------------------------------------------------
    // Declaring and running tasks.

    /**
     * Declares a task that will run in this world, before any task runs (a JCStress state's constructor). From now
     * on the world is closed: see the class comment.
     *
     * @throws IllegalStateException if a task of that name already exists
     */
    public synchronized Task fork(String name) {
        if (find(name) != null) {
            throw new IllegalStateException("task declared twice: " + name);
        }
        Task t = new Task(this, name);
        all.add(t);
        closed = true;
        return t;
    }

    /**
     * The current thread starts running as task {@code name}: the one declared with {@link #fork}, or a new one.
     * Close the returned task when the body is done (try-with-resources). If the current thread already runs a task
     * of this world, that task is returned again and only the outermost close exits it.
     *
     * @throws IllegalStateException if the declared task already runs on another thread or has exited
     */
    public Task start(String name) {
        Thread me = Thread.currentThread();
        Task t;
        synchronized (this) {
            t = byThread(me);
            if (t != null && t.state != TaskState.EXITED) {
                t.depth++;
                return t;
            }
            t = find(name);
            if (t == null) {
                t = new Task(this, name);
                all.add(t);
            } else if (t.state != TaskState.NOT_STARTED) {
                throw new IllegalStateException("task " + name + " is already " + t.state);
            }
            t.thread = me;
            t.state = TaskState.RUNNING;
            t.depth = 1;
            for (TaskListener l : listeners) {
                l.started(t);
            }
        }
        CURRENT.set(t);
        return t;
    }

    /** Called by {@link Task#close()}. */
    void exit(Task t) {
        synchronized (this) {
            if (t.state == TaskState.EXITED || --t.depth > 0) {
                return;
            }
            t.state = TaskState.EXITED;
            for (TaskListener l : listeners) {
                l.exited(t);
            }
            if (blocked > 0) {
                detect(null);
            }
        }
        if (CURRENT.get() == t) {
            CURRENT.remove();
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Queries (for schedulers and reports).

    /** The current thread's task in this world, or null. */
    public synchronized Task current() {
        return byThread(Thread.currentThread());
    }

    /** The task the current thread runs in whatever world, or null (for schedules, which know no world). */
    public static Task currentTask() {
        return CURRENT.get();
    }

    /** Every task of this world, in the order they were declared or registered. */
    public synchronized List<Task> tasks() {
        return List.copyOf(all);
    }

    /** The tasks that can run now without anyone waking them ({@link TaskState#runnable()}). */
    public synchronized List<Task> runnable() {
        List<Task> out = new ArrayList<>();
        for (Task t : all) {
            if (t.state.runnable()) {
                out.add(t);
            }
        }
        return out;
    }

    /** True once a task was declared with {@link #fork}: then "every live task blocked" is detected. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Subscribes to every transition (see {@link TaskListener} for what a callback may do). */
    public synchronized void addListener(TaskListener listener) {
        listeners.add(listener);
    }

    /** Every task with its state and wait, e.g. {@code "dma BLOCKED in folio_lock(..), writeback EXITED"}. */
    public synchronized String describe() {
        if (all.isEmpty()) {
            return "no tasks";
        }
        StringBuilder sb = new StringBuilder();
        for (Task t : all) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.name()).append(' ').append(t.describeLocked());
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------------------
    // For the blocking primitives.

    /**
     * The current thread is about to sleep or spin on {@code on}: registers it BLOCKED (an implicit task if it
     * runs none here) and runs the detector.
     *
     * @param what the wait as a report names it, e.g. {@code "down_write(I1.invalidate_lock)"}
     * @return the blocked task, to pass to {@link #unblock}
     * @throws Hung if this very wait closes a deadlock (the task is then RUNNING again)
     */
    public Task block(Waitable on, String what) {
        Task me;
        synchronized (this) {
            me = byThread(Thread.currentThread());
            if (me == null) {
                me = new Task(this, Thread.currentThread().getName());
                me.thread = Thread.currentThread();
                me.state = TaskState.RUNNING;
                all.add(me);
            }
            me.state = TaskState.BLOCKED;
            me.blockedOn = on;
            me.waitWhat = what;
            blocked++;
            for (TaskListener l : listeners) {
                l.blocked(me, on);
            }
            detect(me);
            if (me.killed == null) {
                return me;
            }
        }
        unblock(me);
        throw new AssertionError("unreachable: unblock throws for a killed task");
    }

    /**
     * The task left its wait: acquired, woken, or interrupted.
     *
     * @throws Hung if the detector released the task from a deadlock or a hang (the interrupt it used is cleared)
     */
    public void unblock(Task me) {
        String killed;
        synchronized (this) {
            if (me.state == TaskState.BLOCKED) {
                blocked--;
            }
            me.state = TaskState.RUNNING;
            me.blockedOn = null;
            me.waitWhat = null;
            for (TaskListener l : listeners) {
                l.unblocked(me);
            }
            killed = me.killed;
            me.killed = null;
        }
        if (killed != null) {
            Thread.interrupted(); // the detector's interrupt, delivered while we were BLOCKED
            throw new Hung(killed);
        }
    }

    /**
     * {@code try_to_wake_up()}: the current thread woke {@code t} from a condition wait. Call it where the wait's
     * own wake-up flag is set, under the same lock, so that the detector never sees a woken task as blocked.
     */
    public void wake(Task t) {
        synchronized (this) {
            if (t.state != TaskState.BLOCKED) {
                return;
            }
            t.state = TaskState.RUNNING;
            blocked--;
            Task waker = byThread(Thread.currentThread());
            for (TaskListener l : listeners) {
                l.woken(t, waker);
            }
        }
    }

    /**
     * The last-resort deadline passed in {@code what} with nothing detected: unregisters the wait and returns the
     * {@link Stall} to throw, describing every task and the held locks; prints it once on standard output, where
     * a JCStress fork's output keeps it.
     */
    public Stall stall(Task me, String what) {
        String msg;
        synchronized (this) {
            msg = "STALL: " + what + " by " + me.name() + " blocked for more than " + watchdog.deadline().toMillis()
                    + " ms and no deadlock was detected (the machine or the JVM stalled it, or the detector missed"
                    + " one): not a model outcome. Tasks: " + describe() + "; held locks: " + watchdog.heldLocks();
        }
        try {
            unblock(me);
        } catch (Hung h) {
            // killed at the same moment: the stall is reported anyway
        }
        watchdog.printStall(msg);
        return new Stall(msg);
    }

    /**
     * The current thread's wait {@code what} was interrupted: if the detector did it, unregisters the wait and
     * throws {@link Hung}; otherwise (someone else's interrupt, such as a JUnit timeout) unregisters it, keeps the
     * interrupt status and returns the {@link Stall} to throw: the wait cannot go on, and it proves nothing.
     */
    public Stall interrupted(Task me, String what) {
        unblock(me);
        Thread.currentThread().interrupt();
        return new Stall("STALL: " + what + " by " + me.name() + " was interrupted (not by the deadlock detector)");
    }

    /** A scripted schedule holds the current thread at {@code point}. No-op for a thread that runs no task. */
    static void paused(SchedulePoint point) {
        Task t = CURRENT.get();
        if (t != null) {
            t.tasks().setPaused(t, point);
        }
    }

    /** The scripted schedule resumed the current thread. */
    static void resumed() {
        Task t = CURRENT.get();
        if (t != null) {
            t.tasks().setPaused(t, null);
        }
    }

    private synchronized void setPaused(Task t, SchedulePoint point) {
        if (t.state != TaskState.RUNNING && t.state != TaskState.PAUSED) {
            return;
        }
        t.state = point == null ? TaskState.RUNNING : TaskState.PAUSED;
        t.pausedAt = point;
        for (TaskListener l : listeners) {
            if (point == null) {
                l.resumed(t);
            } else {
                l.paused(t, point);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------

    /** Runs the detector; on a finding, records it and releases its tasks. Caller holds this monitor. */
    private void detect(Task trigger) {
        BlockingReport r = WaitForGraph.detect(all, closed, trigger, watchdog::heldLocks);
        if (r == null) {
            return;
        }
        watchdog.record(r);
        Thread me = Thread.currentThread();
        for (Task t : r.tasks()) {
            t.killed = r.message();
            if (t.thread != me) {
                t.thread.interrupt(); // it is BLOCKED: in a model wait, which turns the interrupt into Hung
            }
        }
        for (TaskListener l : listeners) {
            l.detected(r);
        }
    }

    private Task byThread(Thread thread) {
        Task c = CURRENT.get();
        if (c != null && c.tasks() == this && c.thread == thread && c.state != TaskState.EXITED) {
            return c;
        }
        for (Task t : all) {
            if (t.thread == thread && t.state != TaskState.EXITED) {
                return t;
            }
        }
        return null;
    }

    private Task find(String name) {
        for (Task t : all) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
