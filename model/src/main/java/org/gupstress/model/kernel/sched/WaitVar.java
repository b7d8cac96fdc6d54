package org.gupstress.model.kernel.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * {@code wait_var_event()} / {@code wake_up_var()} (kernel/sched/wait_bit.c, include/linux/wait_bit.h), on a
 * hashed table of wait queues built from Java monitors.
 *
 * <p>As in the kernel:
 * <ul>
 *   <li>a wake-up takes each waiter it wakes off the queue ({@code autoremove_wake_function()}); a waiter whose
 *       condition is still false queues itself again before it re-checks;</li>
 *   <li>the table is global and hashed by the variable's identity, so unrelated variables share queues and a
 *       waiter sees spurious wake-ups; it re-checks its condition after every one;</li>
 *   <li>the waiter queues itself, sets its state with a full barrier ({@code set_current_state()} is
 *       {@code smp_store_mb()}), and only then checks the condition;</li>
 *   <li>the waker checks {@code waitqueue_active()} <em>without the queue lock</em> and skips the wake-up if the
 *       queue looks empty. That is store buffering: the waker must issue a full barrier between making the
 *       condition true and calling {@link #wakeUpVar}, or it can miss a waiter that missed its update. The
 *       barrier is the caller's, as the kernel documents for {@code wake_up_var()}.</li>
 * </ul>
 *
 * <p>Unlike the kernel, a sleeper registers with its world's {@link Tasks}: a sleep that closes a deadlock, or that
 * nobody is left to wake (every other task has returned with no wake-up pending: a lost wake-up), is found at
 * once, recorded as DEADLOCK or HUNG, and ends with {@link Hung} instead of sleeping forever. The watchdog's
 * deadline is only a last resort ({@link Stall}).
 */
public final class WaitVar {
    /** The waiter is queued and its state set (full barrier done); it has not yet checked the condition. */
    public static final SchedulePoint PREPARED = SchedulePoint.declare("wait_var_event.prepared",
            "waiter queued and state set with smp_mb(), condition not yet checked");
    /** The condition was false; the waiter is about to run its cmd (normally schedule()). */
    public static final SchedulePoint BEFORE_SCHEDULE = SchedulePoint.declare("wait_var_event.before_schedule",
            "condition found false, waiter about to sleep");
    /** The waker has read waitqueue_active() and is about to wake (or to skip the wake-up). */
    public static final SchedulePoint WAKE_CHECKED = SchedulePoint.declare("wake_up_var.checked_waitqueue",
            "waker read waitqueue_active() locklessly");

    private static final int WAIT_TABLE_BITS = 8;
    /** {@link Sleeper#spinBeforeSleeping}: at most this many {@link Thread#onSpinWait()} before parking. */
    private static final int SPINS_BEFORE_SLEEP = 1 << 12;
    private static final WaitQueueHead[] BIT_WAIT_TABLE = new WaitQueueHead[1 << WAIT_TABLE_BITS];

    static {
        for (int i = 0; i < BIT_WAIT_TABLE.length; i++) {
            BIT_WAIT_TABLE[i] = new WaitQueueHead();
        }
    }

    private WaitVar() {
    }

    /** What a waiter does when its condition is false: {@code cmd} in {@code ___wait_var_event()}. */
    @FunctionalInterface
    public interface SleepCmd {
        /**
         * Runs the wait's command; {@code sleeper.schedule()} is the kernel's {@code schedule()}. A command that
         * drops a lock around the sleep must retake it in a {@code finally}, since the sleep may throw
         * {@link Hung}.
         */
        void run(Sleeper sleeper);
    }

    /** The sleeping half of one wait; {@link #schedule()} blocks until woken. */
    public static final class Sleeper {
        private final WaitQueueHead wq;
        private final WaitEntry entry;
        private final long deadline;
        private final Watchdog watchdog;
        private final Waitable on;
        private final String what;

        Sleeper(WaitQueueHead wq, WaitEntry entry, long deadline, Watchdog watchdog, Waitable on, String what) {
            this.wq = wq;
            this.entry = entry;
            this.deadline = deadline;
            this.watchdog = watchdog;
            this.on = on;
            this.what = what;
        }

        /**
         * {@code schedule()} in TASK_UNINTERRUPTIBLE: returns at once if a wake-up came since the waiter set its
         * state, else registers the task as blocked with the world's {@link Tasks} and sleeps until a wake-up
         * comes.
         *
         * @throws Hung  if the sleep closes a deadlock, or nobody is left to wake it (the detector's verdict)
         * @throws Stall at the last-resort deadline with nothing detected
         */
        public void schedule() {
            Tasks tasks = watchdog.tasks();
            Task task;
            synchronized (wq) {
                if (entry.woken) {
                    return;
                }
                task = tasks.block(on != null ? on : Waitable.condition(what), what);
                entry.task = task;
            }
            try {
                Schedule ctl = Schedules.everyWorld();
                if (ctl != null) {
                    // A schedule that runs one thread at a time: stop until woken (the waker cannot run while we
                    // wait) or released by the detector; never holding the queue's lock, which the waker needs.
                    while (!woken() && ctl.stopBlocked(task)) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw tasks.interrupted(task, what);
                        }
                    }
                } else {
                    spinBeforeSleeping();
                }
                synchronized (wq) {
                    while (!entry.woken) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw tasks.stall(task, what);
                        }
                        try {
                            wq.wait(left / 1_000_000, (int) (left % 1_000_000));
                        } catch (InterruptedException e) {
                            throw tasks.interrupted(task, what);
                        }
                    }
                }
            } finally {
                synchronized (wq) {
                    entry.task = null;
                }
            }
            tasks.unblock(task);
        }

        private boolean woken() {
            synchronized (wq) {
                return entry.woken;
            }
        }

        /**
         * How the JVM thread waits, not what the model does: before it parks in {@code wq.wait()} (a futex sleep
         * and a wake-up through the OS scheduler, tens of microseconds on a loaded 2-core machine, the most of a
         * sample of a scenario whose waiter is woken by the other actor), the thread spins a bounded number of
         * times while the wake-up or the detector's interrupt may come from the other CPU. The task is already
         * registered BLOCKED, exactly as while it sleeps, so the detector sees the same thing; the spin is counted
         * in iterations, never timed, and whatever it sees is checked again under the queue's lock below, so no
         * outcome depends on it. A scripted or explored run never gets here (it stops the thread in the schedule).
         */
        private void spinBeforeSleeping() {
            Thread me = Thread.currentThread();
            for (int i = 0; i < SPINS_BEFORE_SLEEP && !entry.woken && !me.isInterrupted(); i++) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * {@code __var_waitqueue(var)}: the hashed queue of {@code var}. The hash is the identity hash, which the JVM
     * installs on first use with a CAS (a full barrier); a variable whose wait/wake ordering is under test should
     * have it installed before it is shared, as {@code Folio} does in its constructor.
     */
    static WaitQueueHead varWaitqueue(Object var) {
        int h = System.identityHashCode(var) * 0x9E3779B9;
        return BIT_WAIT_TABLE[h >>> (32 - WAIT_TABLE_BITS)];
    }

    /**
     * {@code wait_var_event(var, condition)}: sleeps until {@code condition} is true, re-checking it after every
     * wake-up on {@code var}'s queue.
     *
     * @param what names the wait in a report, e.g. {@code "I1 page 0 idle, in dax_break_layout_final"}
     * @throws Hung  if the sleep closes a deadlock, or nobody is left to wake the waiter
     * @throws Stall if the condition is still false at the last-resort deadline with nothing detected
     */
    public static void waitVarEvent(Watchdog watchdog, Schedule schedule, Object var, BooleanSupplier condition,
                                    String what) {
        waitVarEvent(watchdog, schedule, var, condition, null, what, Sleeper::schedule);
    }

    /**
     * {@code ___wait_var_event(var, condition, TASK_UNINTERRUPTIBLE, 0, 0, cmd)}: like
     * {@link #waitVarEvent(Watchdog, Schedule, Object, BooleanSupplier, String)} but runs {@code cmd} instead of a
     * bare sleep, e.g. {@code xfs_wait_dax_page()}: drop the MMAPLOCK, {@code schedule()}, retake it.
     *
     * <p>Memory effects: the condition is read after a full barrier that follows the waiter's queueing, so a
     * waker that updated the condition, issued a full barrier and then checked {@code waitqueue_active()} either
     * sees the waiter or is seen by it.
     */
    public static void waitVarEvent(Watchdog watchdog, Schedule schedule, Object var, BooleanSupplier condition,
                                    String what, SleepCmd cmd) {
        waitVarEvent(watchdog, schedule, var, condition, null, what, cmd);
    }

    /**
     * The general form: as {@link #waitVarEvent(Watchdog, Schedule, Object, BooleanSupplier, String, SleepCmd)},
     * and a sleeper registers as blocked on {@code on}, which may name who the waiter waits for (the folio lock's
     * owner); null: a condition named {@code what}, with no known holder.
     */
    public static void waitVarEvent(Watchdog watchdog, Schedule schedule, Object var, BooleanSupplier condition,
                                    Waitable on, String what, SleepCmd cmd) {
        WaitQueueHead wq = varWaitqueue(var);
        WaitEntry entry = new WaitEntry(var);
        long deadline = watchdog.deadlineFromNow();
        try {
            for (;;) {
                wq.prepareToWait(entry);
                // set_current_state(TASK_UNINTERRUPTIBLE) is smp_store_mb(): the queueing above is visible
                // before the condition is read below. Pairs with the waker's barrier before wake_up_var(). A full
                // fence that also drains this thread's emulated store buffer: kernel.Barriers#fullBarrier, written
                // out because the barriers sit above the scheduler (they call its schedule hooks), not below it.
                VarHandle.fullFence();
                schedule.drainStoreBuffer();
                schedule.at(PREPARED);
                if (condition.getAsBoolean()) {
                    break;
                }
                schedule.at(BEFORE_SCHEDULE);
                cmd.run(new Sleeper(wq, entry, deadline, watchdog, on, what));
            }
        } finally {
            wq.finishWait(entry);
        }
    }

    /**
     * {@code wake_up_var(var)}: wakes every waiter on {@code var}'s queue whose key is {@code var}, if
     * {@code waitqueue_active()} says there is anyone at all. The caller must have issued a full barrier since
     * it made the condition true (a fully ordered RMW such as {@code atomic_dec_and_test()} counts).
     */
    public static void wakeUpVar(Schedule schedule, Object var) {
        WaitQueueHead wq = varWaitqueue(var);
        boolean active = wq.waitqueueActive();
        schedule.at(WAKE_CHECKED);
        if (active) {
            wq.wakeUp(var);
        }
    }

    /** True if any thread is queued on {@code var}'s hashed queue right now (racy, like the kernel's check). */
    public static boolean waitqueueActive(Object var) {
        return varWaitqueue(var).waitqueueActive();
    }

    /** One waiter. Its fields are written under the queue's monitor. */
    static final class WaitEntry {
        final Object key;
        /** Written under the queue's monitor; volatile for the lock-free read of {@link Sleeper#spinBeforeSleeping}. */
        volatile boolean woken;
        boolean queued;
        /** The sleeping task, while it sleeps: a wake-up makes it runnable in its world's registry at once. */
        Task task;

        WaitEntry(Object key) {
            this.key = key;
        }
    }

    /** {@code wait_queue_head_t}: the monitor is the queue's spinlock. */
    static final class WaitQueueHead {
        private static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(WaitQueueHead.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Guarded by this. */
        private final ArrayList<WaitEntry> entries = new ArrayList<>(2);
        /** Written under the monitor, read without it by {@link #waitqueueActive()} (opaque, as READ_ONCE). */
        @SuppressWarnings("unused")
        private int count;

        /** {@code prepare_to_wait_event()}: queue the entry if it is not queued; the task is no longer woken. */
        synchronized void prepareToWait(WaitEntry e) {
            if (!e.queued) {
                entries.add(e);
                e.queued = true;
                COUNT.setOpaque(this, entries.size());
            }
            e.woken = false;
        }

        /** {@code finish_wait()}. */
        synchronized void finishWait(WaitEntry e) {
            if (e.queued) {
                entries.remove(e);
                e.queued = false;
                COUNT.setOpaque(this, entries.size());
            }
        }

        /** {@code waitqueue_active()}: {@code !list_empty(&wq_head->head)}, read without the lock. */
        boolean waitqueueActive() {
            return (int) COUNT.getOpaque(this) != 0;
        }

        /**
         * {@code __wake_up(wq, TASK_NORMAL, 0, key)} with {@code var_wake_function()} filtering by key, which returns
         * {@code autoremove_wake_function()}: a waiter it wakes is taken off the queue ({@code list_del_init()}), so
         * {@code waitqueue_active()} no longer counts it, and it queues itself again in its next
         * {@code prepare_to_wait_event()} if its condition is still false. An entry already woken and not yet back
         * in {@code prepare_to_wait_event()} is running: {@code try_to_wake_up()} fails for it and it stays (the
         * model never has such an entry queued, since the wake-up that woke it removed it).
         */
        synchronized void wakeUp(Object key) {
            boolean any = false;
            for (Iterator<WaitEntry> it = entries.iterator(); it.hasNext();) {
                WaitEntry e = it.next();
                if (e.key == key && !e.woken) {
                    e.woken = true;
                    any = true;
                    it.remove();
                    e.queued = false;
                    if (e.task != null) {
                        e.task.tasks().wake(e.task); // under this monitor, with the flag: never seen blocked and woken
                    }
                }
            }
            if (any) {
                COUNT.setOpaque(this, entries.size());
                notifyAll();
            }
        }
    }
}
