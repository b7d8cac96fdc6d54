package org.gupstress.model.kernel.sched.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.TaskState;
import org.gupstress.model.kernel.sched.Waitable;

/**
 * One controlled run of a few real threads: exactly one of them runs at a time, and at every decision point a
 * {@link Chooser} picks what happens next. Decision points are
 * <ul>
 *   <li>every {@link SchedulePoint} a thread reaches ({@link #at});</li>
 *   <li>every bufferable store ({@link #store}): the store enters the thread's emulated store buffer and the thread
 *       stops right after issuing it;</li>
 *   <li>every block ({@link #stopBlocked}): a thread that cannot take a lock or whose wait is not woken stops, and
 *       is not runnable until, by its world's {@code Tasks} registry, the lock has no holder left, the wait was
 *       woken, or the deadlock detector released it;</li>
 *   <li>the end of a thread's body.</li>
 * </ul>
 * At each one the choices are: run any runnable thread to its next decision point, or flush the oldest store of any
 * non-empty store buffer (its own step, so that a store can become visible at any moment between two steps of any
 * thread, including after its thread ended). A full barrier ({@link #drainStoreBuffer()}) flushes the thread's
 * whole buffer inside its step; a thread's own loads of a location it stored to read the buffered value
 * ({@link #forwarded}). Buffers are FIFO, as on x86 (TSO): a later store never overtakes an earlier one.
 *
 * <p>Deadlocks and lost wake-ups are the registry's to find: the moment the last live thread blocks (or the last
 * waker returns), its detector releases the blocked threads by interrupting them, and each, when next chosen,
 * throws {@code Hung} from its wait, as in a JCStress run; all in virtual time. A state in which no thread can run,
 * no store is pending and the detector found nothing would be a gap in the registry: the run fails with
 * {@link Stall} naming every thread's wait.
 *
 * <p>Thread handoff is a monitor: the controller and the threads synchronize on {@link #lock} at every step, so
 * everything a thread wrote before it stopped is visible to whoever runs next. Nothing waits forever: if the running
 * thread neither stops nor ends within the stall deadline (it spins in a wait this class is not told about), the run
 * fails with {@link Stall}, naming where that thread is.
 */
public final class Execution implements Schedule {
    /** Prefix of {@link Step#to()} for a step that ended with the thread blocked. */
    public static final String BLOCKED_PREFIX = "blocked: ";
    /** Last-resort deadline for one step; a step normally takes microseconds. */
    private static final long STALL_NANOS = Long.getLong("gupstress.explore.stall.millis", 10_000) * 1_000_000;

    private enum State { READY, RUNNING, BLOCKED, FINISHED }

    /** One store in a store buffer: applied by {@link #store} when flushed. */
    private record Buffered(SchedulePoint point, Object location, long value, Runnable store) {
    }

    /** One controlled thread. Fields guarded by {@link #lock}, except that only the running thread or the
     *  controller (while nobody runs) touch the buffer and the notes. */
    private static final class Actor {
        final int index;
        final String name;
        final Runnable body;
        Thread thread;
        State state = State.READY;
        String at = "start";
        /** While BLOCKED: the thread's task in its world's registry. */
        Task task;
        /** The deadlock detector interrupted the thread while it was stopped: it must see the interrupt. */
        boolean interrupted;
        Throwable thrown;
        final ArrayDeque<Buffered> buffer = new ArrayDeque<>();
        final List<String> notes = new ArrayList<>();

        Actor(int index, String name, Runnable body) {
            this.index = index;
            this.name = name;
            this.body = body;
        }
    }

    /** Unwinds a thread of an abandoned run. */
    private static final class Abort extends Error {
        private static final long serialVersionUID = 1L;

        Abort() {
            super("exploration run abandoned", null, false, false);
        }
    }

    /** The running thread neither stopped nor ended within the stall deadline. */
    public static final class Stall extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stall(String message) {
            super(message);
        }
    }

    /** Picks the next step among the enabled ones. */
    @FunctionalInterface
    public interface Chooser {
        /**
         * @param enabled    the possible steps, never empty: RUN choices in thread order, then FLUSH choices
         * @param lastThread the thread that ran the previous RUN step, or -1
         * @return the index in {@code enabled} of the step to take
         */
        int choose(List<Choice> enabled, int lastThread);
    }

    /** What one run did. */
    public record Result(List<Step> steps, List<Throwable> thrown) {
    }

    private final Object lock = new Object();
    private final List<Actor> actors = new ArrayList<>();
    private final Map<Thread, Actor> byThread = new ConcurrentHashMap<>();
    /** Index of the thread allowed to run, or -1 when the controller decides. Guarded by {@link #lock}. */
    private int token = -1;
    /** Guarded by {@link #lock}. */
    private boolean aborted;

    /**
     * @param names  thread names, as traces and scripts show them
     * @param bodies what each thread runs
     */
    public Execution(List<String> names, List<Runnable> bodies) {
        if (names.size() != bodies.size() || names.isEmpty()) {
            throw new IllegalArgumentException("need one body per thread name: " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            actors.add(new Actor(i, names.get(i), bodies.get(i)));
        }
    }

    /**
     * Runs every thread to its end under {@code chooser}. The caller must have installed this execution as the
     * schedule of the world under test (normally in every world: {@code Schedules.installInEveryWorld}).
     *
     * @throws Stall if a thread does not stop within the stall deadline
     */
    public Result run(Chooser chooser) {
        List<Step> steps = new ArrayList<>();
        for (Actor a : actors) {
            a.thread = new Thread(() -> actorMain(a), a.name);
            a.thread.setDaemon(true);
            byThread.put(a.thread, a);
        }
        actors.forEach(a -> a.thread.start());
        int last = -1;
        try {
            for (;;) {
                List<Choice> enabled;
                synchronized (lock) {
                    enabled = enabled();
                }
                if (enabled.isEmpty()) {
                    List<String> blocked = new ArrayList<>();
                    for (Actor a : actors) {
                        if (a.state == State.BLOCKED) {
                            blocked.add(a.name + " " + a.at + " (" + a.task.tasks().describe() + ")");
                        }
                    }
                    if (blocked.isEmpty()) {
                        break;
                    }
                    throw new Stall("STALL: no thread can run and the deadlock detector found nothing: "
                            + String.join("; ", blocked));
                }
                int pick = chooser.choose(enabled, last);
                Choice c = enabled.get(pick);
                Actor a = actors.get(c.thread());
                boolean preemption = c.kind() == Choice.Kind.RUN && last >= 0 && c.thread() != last
                        && enabled.contains(Choice.run(last));
                if (c.kind() == Choice.Kind.FLUSH) {
                    Buffered b = a.buffer.pollFirst();
                    b.store().run();
                    steps.add(new Step(Step.Kind.FLUSH, a.name, "", b.point().name(), false, List.of()));
                } else {
                    String from;
                    synchronized (lock) {
                        from = a.at;
                        a.notes.clear();
                        token = a.index;
                        lock.notifyAll();
                        awaitController(a);
                    }
                    steps.add(new Step(Step.Kind.RUN, a.name, from, a.at, preemption, List.copyOf(a.notes)));
                    last = c.thread();
                }
            }
        } finally {
            synchronized (lock) {
                aborted = true;
                lock.notifyAll();
            }
        }
        List<Throwable> thrown = new ArrayList<>();
        for (Actor a : actors) {
            try {
                a.thread.join(STALL_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stall("interrupted while joining " + a.name);
            }
            thrown.add(a.thrown);
        }
        return new Result(List.copyOf(steps), thrown);
    }

    /** Holding {@link #lock}, while no actor runs. */
    private List<Choice> enabled() {
        List<Choice> out = new ArrayList<>();
        for (Actor a : actors) {
            if (a.state == State.READY || a.state == State.BLOCKED && mayRetry(a)) {
                out.add(Choice.run(a.index));
            }
        }
        for (Actor a : actors) {
            if (!a.buffer.isEmpty()) {
                out.add(Choice.flush(a.index));
            }
        }
        return out;
    }

    /**
     * By the registry: the task was woken or unblocked, the lock it waits for has no holder but itself, or the
     * detector released it (interrupted it: the flag is still set, or {@link #awaitToken} already took it).
     */
    private static boolean mayRetry(Actor a) {
        if (a.interrupted || a.thread.isInterrupted() || a.task.state() != TaskState.BLOCKED) {
            return true;
        }
        Waitable on = a.task.blockedOn();
        if (on == null || !on.isLock()) {
            return false; // a condition: only a wake-up (or the detector) ends it
        }
        for (Thread h : on.holders()) {
            if (h != a.thread) {
                return false;
            }
        }
        return true;
    }

    /** Waits (holding {@link #lock}) until {@code running} gives the token back. */
    private void awaitController(Actor running) {
        long until = System.nanoTime() + STALL_NANOS;
        while (token != -1) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                StringBuilder sb = new StringBuilder("STALL: " + running.name + " ran for more than "
                        + STALL_NANOS / 1_000_000 + " ms without reaching a decision point (a wait the explorer does"
                        + " not know?), state " + running.thread.getState());
                StackTraceElement[] st = running.thread.getStackTrace();
                for (int i = 0; i < Math.min(12, st.length); i++) {
                    sb.append("\n    at ").append(st[i]);
                }
                throw new Stall(sb.toString());
            }
            try {
                lock.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stall("interrupted while " + running.name + " runs");
            }
        }
    }

    private void actorMain(Actor a) {
        Throwable thrown = null;
        try {
            synchronized (lock) {
                awaitToken(a);
            }
            a.body.run();
        } catch (Abort e) {
            return;
        } catch (Throwable t) {
            thrown = t;
        }
        synchronized (lock) {
            a.thrown = thrown;
            if (thrown != null) {
                a.notes.add("threw " + thrown);
            }
            a.state = State.FINISHED;
            a.at = "end";
            token = -1;
            lock.notifyAll();
        }
    }

    /** Holding {@link #lock}: waits until the controller hands this thread the token. */
    private void awaitToken(Actor a) {
        while (token != a.index) {
            if (aborted) {
                throw new Abort();
            }
            try {
                lock.wait();
            } catch (InterruptedException e) {
                // The deadlock detector released this blocked thread; it sees the interrupt when chosen again.
                a.interrupted = true;
            }
        }
        a.state = State.RUNNING;
        if (a.interrupted) {
            a.interrupted = false;
            Thread.currentThread().interrupt();
        }
    }

    /** The running thread stops at a decision point and waits to be chosen again. */
    private void stop(Actor a, State state, String at) {
        synchronized (lock) {
            a.state = state;
            a.at = at;
            token = -1;
            lock.notifyAll();
            awaitToken(a);
        }
    }

    private Actor current() {
        return byThread.get(Thread.currentThread());
    }

    @Override
    public void at(SchedulePoint point) {
        Actor a = current();
        if (a != null) {
            stop(a, State.READY, point.name());
        }
    }

    @Override
    public void store(SchedulePoint point, Runnable store) {
        Actor a = current();
        if (a == null) {
            store.run();
            return;
        }
        a.buffer.addLast(new Buffered(point, null, 0, store));
        stop(a, State.READY, point.name());
    }

    @Override
    public void store(SchedulePoint point, Object location, long value, Runnable store) {
        Actor a = current();
        if (a == null) {
            store.run();
            return;
        }
        a.buffer.addLast(new Buffered(point, location, value, store));
        stop(a, State.READY, point.name());
    }

    @Override
    public Long forwarded(Object location) {
        Actor a = current();
        if (a == null) {
            return null;
        }
        Iterator<Buffered> it = a.buffer.descendingIterator();
        while (it.hasNext()) {
            Buffered b = it.next();
            if (b.location() == location) {
                a.notes.add("read " + b.value() + " forwarded from its store at " + b.point().name());
                return b.value();
            }
        }
        return null;
    }

    @Override
    public void drainStoreBuffer() {
        Actor a = current();
        if (a == null || a.buffer.isEmpty()) {
            return;
        }
        a.notes.add("full barrier flushed " + a.buffer.size() + " store(s)");
        Buffered b;
        while ((b = a.buffer.pollFirst()) != null) {
            b.store().run();
        }
    }

    @Override
    public boolean stopBlocked(Task task) {
        Actor a = current();
        if (a == null) {
            return false;
        }
        a.task = task;
        stop(a, State.BLOCKED, BLOCKED_PREFIX + task.waitDescription());
        a.task = null;
        return true;
    }

    @Override
    public String toString() {
        return "exploration run of " + actors.stream().map(a -> a.name).toList();
    }
}
