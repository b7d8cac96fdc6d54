package org.gupstress.model.kernel.sched.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gupstress.model.kernel.sched.Location;
import org.gupstress.model.kernel.sched.Locations;
import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.Order;
import org.gupstress.model.kernel.sched.Promisable;
import org.gupstress.model.kernel.sched.RcuEvent;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.TaskState;
import org.gupstress.model.kernel.sched.Tasks;
import org.gupstress.model.kernel.sched.Waitable;
import org.gupstress.model.kernel.sched.WeakMemory;

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
 * <p>That is the default memory model, {@link MemoryModel#TSO}. Under {@link MemoryModel#SC} a store is visible at
 * once (it is still a decision point). Under {@link MemoryModel#WEAK} there are no store buffers: a {@link WeakMemory}
 * decides what each marked load of a {@code Word} reads and where each store goes in its location's modification
 * order, and every such decision with two or more options is asked of the {@link Chooser} from inside the running
 * thread's step, as a list of {@link Choice.Kind#PICK} choices (recorded in the step as {@link Step.EventKind#PICK}
 * events, never a preemption). Barriers and spinlocks update the thread's views ({@link #drainStoreBuffer},
 * {@link #readBarrier}, {@link #writeBarrier}, {@link #lockAcquired}, {@link #lockReleasing}); an access an RMW
 * reports ({@link #accessed}: {@code Atomic}, a {@code Word}'s {@code cmpxchg}) is fully ordered.
 *
 * <p>Each step records what it did to the shared variables ({@code Atomic}, {@code Word}, {@code Pointer}, and the
 * fields and elements the field descriptors access, each counted as its structure: {@link Location}):
 * the values read and written, for the timeline, and as the step's {@link Footprint}. Variables are numbered in
 * creation order ({@link #created}), counted from the moment this execution is installed: install it before the
 * scenario builds its world, and the same variable gets the same number in every schedule of a deterministic
 * scenario.
 *
 * <p>Deadlocks and lost wake-ups are the registry's to find: the moment the last live thread blocks (or the last
 * waker returns), its detector releases the blocked threads by interrupting them, and each, when next chosen,
 * throws {@code Hung} from its wait, as in a JCStress run; all in virtual time. A state in which no thread can run,
 * no store is pending and the detector found nothing would be a gap in the registry: the run fails with
 * {@link Stuck} naming every thread's wait.
 *
 * <p>Thread handoff is a monitor: the controller and the threads synchronize on {@link #lock} at every step, so
 * everything a thread wrote before it stopped is visible to whoever runs next. Nothing waits forever: if the running
 * thread neither stops nor ends within the stall deadline (it spins in a wait this class is not told about), the run
 * fails with {@link Stuck}, naming where that thread is. (Not to be confused with {@code kernel.sched.Stall}, the
 * blocking registry's report of a stalled task in a stress run.)
 */
public final class Execution implements Schedule {
    /** Prefix of {@link Step#to()} for a step that ended with the thread blocked. */
    public static final String BLOCKED_PREFIX = "blocked: ";
    /** Last-resort deadline for one step; a step normally takes microseconds. */
    private static final long STALL_NANOS = Long.getLong("gupstress.explore.stall.millis", 10_000) * 1_000_000;
    /** How long a thread spins for the token before it waits on the lock ({@link #spinFor}). */
    private static final long SPIN_NANOS = Long.getLong("gupstress.explore.spin.micros", 50) * 1_000;

    private enum State { READY, RUNNING, BLOCKED, FINISHED }

    /** One store in a store buffer: applied by {@link #store} when flushed. */
    private record Buffered(SchedulePoint point, Object location, long value, Runnable store) {
    }

    /** One controlled thread. Fields guarded by {@link #lock}, except that only the running thread or the
     *  controller (while nobody runs) touch the buffer. */
    private static final class Actor {
        final int index;
        final String name;
        final Runnable body;
        /** The actor's run on its thread ({@link ActorThreads}: threads are kept from one run to the next). */
        ActorThreads.Job job;
        Thread thread;
        State state = State.READY;
        String at = "start";
        /** While BLOCKED: the thread's task in its world's registry. */
        Task task;
        /** While blocked in {@link #awaitWrite}: the location whose next write makes it runnable again. */
        Object awaitingWrite;
        /** Under WEAK, after a failed {@link #awaitWrite} check: the location its next load reads a newer write of. */
        Object readNewer;
        /** The deadlock detector interrupted the thread while it was stopped: it must see the interrupt. */
        boolean interrupted;
        Throwable thrown;
        final ArrayDeque<Buffered> buffer = new ArrayDeque<>();

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

    /**
     * The run cannot go on: the running thread neither stopped nor ended within the stall deadline, or no thread can
     * run and the deadlock detector found nothing.
     */
    public static final class Stuck extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stuck(String message) {
            super(message);
        }
    }

    /** Picks the next step among the enabled ones. */
    @FunctionalInterface
    public interface Chooser {
        /**
         * @param enabled    the possible steps, never empty: RUN choices in thread order, then FLUSH choices
         * @param lastThread the thread that ran the previous RUN step, or -1
         * @param previous   the step just taken, or null before the first
         * @return the index in {@code enabled} of the step to take
         */
        int choose(List<Choice> enabled, int lastThread, Step previous);

        /**
         * The step to take: by default {@code enabled.get(choose(...))}. A chooser may also return a
         * {@link Choice.Kind#PROMISE} of a thread that can run ({@link Choice#promise}), which is never in
         * {@code enabled}: the explorer offers those it has certified (see {@link Result#log()}).
         */
        default Choice chooseChoice(List<Choice> enabled, int lastThread, Step previous) {
            return enabled.get(choose(enabled, lastThread, previous));
        }
    }

    /** What a thread did, for the explorer's certification of promises ({@link Result#log()}). */
    public enum LogKind {
        /** A {@code READ_ONCE()} under the weak memory model. */
        LOAD,
        /** A {@code WRITE_ONCE()} under the weak memory model that did not fulfil a promise: one it could promise. */
        STORE,
        /**
         * An operation that orders the thread's earlier loads before its later stores: an acquire load, a full
         * barrier, an RMW, a lock acquisition. No promise crosses it.
         */
        ORDER
    }

    /**
     * One entry of {@link Result#log()}.
     *
     * @param thread   the thread's index
     * @param decision how many decisions the run had made when it happened (it happened after decision
     *                 {@code decision - 1} and before decision {@code decision})
     * @param kind     what it was
     * @param variable for LOAD and STORE: the variable's number (-1 if it was not created under this execution)
     * @param value    for STORE: the value written
     */
    public record Logged(int thread, int decision, LogKind kind, int variable, long value) {
    }

    /**
     * What one run did.
     *
     * @param steps     every step, in order
     * @param thrown    per thread, what its body threw, or null
     * @param variables the shared variables by number (see {@link Step.Event#variable()})
     * @param decisions the choice taken at each decision, in order (RUN, FLUSH, PROMISE and PICK alike)
     * @param log       under the weak memory model, each thread's loads, stores and ordering operations, in order,
     *                  with the decision they followed (empty otherwise)
     * @param discarded why the weak memory model rejects this execution (a promise not kept), or null: a discarded
     *                  execution is not one of the model's, and its outcome does not count
     */
    public record Result(List<Step> steps, List<Throwable> thrown, List<Object> variables, List<Choice> decisions,
                         List<Logged> log, String discarded) {
    }

    private final Object lock = new Object();
    private final MemoryModel model;
    /** Under {@link MemoryModel#WEAK}: the memory; else null. */
    private final WeakMemory weak;
    /** The chooser of the run in progress: PICK decisions are asked of it from inside a step. */
    private Chooser chooser;
    private final List<Actor> actors = new ArrayList<>();
    private final Map<Thread, Actor> byThread = new ConcurrentHashMap<>();
    /**
     * Index of the thread allowed to run, or -1 when the controller decides. Written only holding {@link #lock};
     * volatile so that a thread waiting for it can first spin on it without the lock ({@link #spinFor}).
     */
    private volatile int token = -1;
    /** Written only holding {@link #lock}; volatile for the same reason as {@link #token}. */
    private volatile boolean aborted;
    /**
     * The shared variables by number, and their numbers. Touched by the controller while no actor runs and by the
     * running actor; the handoff on {@link #lock} orders them.
     */
    private final List<Object> variables = new ArrayList<>();
    private final Map<Object, Integer> numbers = new IdentityHashMap<>();
    /** Numbers of the variables first met in an access rather than at their creation. */
    private final BitSet unstable = new BitSet();
    /** The events of the step in progress, or null between steps. Same discipline as {@link #variables}. */
    private List<Step.Event> recording;
    /** The step in progress touched a variable not created under this execution. */
    private boolean recordingUnknown;
    /** The choices taken so far (same discipline as {@link #variables}). */
    private final List<Choice> decisions = new ArrayList<>();
    /** Under WEAK, see {@link Result#log()} (same discipline as {@link #variables}). */
    private final List<Logged> log = new ArrayList<>();
    /** The fields and elements the field descriptors accessed, interned. */
    private final Locations locations = new Locations();
    /** The threads blocked in {@link #awaitWrite}, by the location they wait to see written. */
    private final Map<Object, List<Actor>> writeWaiters = new IdentityHashMap<>();

    /** An execution under the default memory model, {@link MemoryModel#TSO}. */
    public Execution() {
        this(MemoryModel.TSO);
    }

    public Execution(MemoryModel model) {
        this.model = model;
        this.weak = model == MemoryModel.WEAK ? new WeakMemory() : null;
    }

    /**
     * Runs {@code bodies} as threads named {@code names} to their end under {@code chooser}. The caller must have
     * installed this execution as the schedule of the world under test (normally in every world:
     * {@code Schedules.installInEveryWorld}), before building that world, so that its variables are numbered.
     *
     * @param names  thread names, as traces and scripts show them
     * @param bodies what each thread runs
     * @throws Stuck if a thread does not stop within the stall deadline, or no thread can run
     */
    public Result run(List<String> names, List<Runnable> bodies, Chooser chooser) {
        if (names.size() != bodies.size() || names.isEmpty() || !actors.isEmpty()) {
            throw new IllegalArgumentException("need one body per thread name, once: " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            actors.add(new Actor(i, names.get(i), bodies.get(i)));
        }
        this.chooser = chooser;
        List<Step> steps = new ArrayList<>();
        for (Actor a : actors) {
            a.job = ActorThreads.start(a.name, () -> {
                byThread.put(Thread.currentThread(), a);
                actorMain(a);
            });
            a.thread = a.job.thread;
        }
        int last = -1;
        Step previous = null;
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
                            blocked.add(a.name + " " + a.at + (a.task == null ? "" : " (" + a.task.tasks().describe() + ")"));
                        }
                    }
                    if (blocked.isEmpty()) {
                        break;
                    }
                    throw new Stuck("STALL: no thread can run and the deadlock detector found nothing: "
                            + String.join("; ", blocked));
                }
                Choice c = chooser.chooseChoice(enabled, last, previous);
                decisions.add(c);
                Actor a = actors.get(c.thread());
                boolean preemption = c.kind() == Choice.Kind.RUN && last >= 0 && c.thread() != last
                        && enabled.contains(Choice.run(last));
                List<Step.Event> events = new ArrayList<>();
                if (c.kind() == Choice.Kind.FLUSH) {
                    Buffered b = a.buffer.pollFirst();
                    beginStep(events);
                    flush(b);
                    previous = new Step(Step.Kind.FLUSH, a.name, "", b.point().name(), false, List.copyOf(events),
                            endStep(events));
                } else if (c.kind() == Choice.Kind.PROMISE) {
                    beginStep(events);
                    promise(a, c);
                    previous = new Step(Step.Kind.PROMISE, a.name, a.at, a.at, false, List.copyOf(events),
                            endStep(events));
                } else {
                    String from;
                    synchronized (lock) {
                        from = a.at;
                        beginStep(events);
                        token = a.index;
                        lock.notifyAll();
                    }
                    spinFor(-1);
                    synchronized (lock) {
                        awaitController(a);
                    }
                    previous = new Step(Step.Kind.RUN, a.name, from, a.at, preemption, List.copyOf(events),
                            endStep(events));
                    last = c.thread();
                }
                steps.add(previous);
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
                a.job.join(STALL_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stuck("interrupted while joining " + a.name);
            }
            thrown.add(a.thrown);
        }
        return new Result(List.copyOf(steps), thrown, List.copyOf(variables), List.copyOf(decisions),
                List.copyOf(log), weak == null ? null : weak.discarded());
    }

    /**
     * A PROMISE step: thread {@code a} (stopped, not running) promises the store {@code c} names
     * ({@link WeakMemory#promise}). Only a {@code Word}'s store is ever promised (the only relaxed store the weak
     * model places); its value in memory is read here, unrecorded, in case the location is not tracked yet.
     */
    private void promise(Actor a, Choice c) {
        if (weak == null || c.option() < 0 || c.option() >= variables.size()
                || !(variables.get(c.option()) instanceof Promisable w)) {
            throw new IllegalArgumentException("cannot promise " + c + " here");
        }
        long memory = w.valueInMemory(); // the controller is no actor: memory, not the weak model's choice
        weak.promise(a.index, w, memory, c.value());
        if (recording != null) {
            recording.add(Step.Event.access(Step.EventKind.PROMISE, c.option(), c.value()));
        }
    }

    /** Under WEAK: logs what the running thread did, for the certification of promises. */
    private void log(Actor a, LogKind kind, Object variable, long value) {
        if (weak != null) {
            Integer n = variable == null ? null : numbers.get(variable);
            int v = n == null || unstable.get(n) ? -1 : n;
            log.add(new Logged(a.index, decisions.size(), kind, v, value));
        }
    }

    private void beginStep(List<Step.Event> events) {
        recording = events;
        recordingUnknown = false;
    }

    private Footprint endStep(List<Step.Event> events) {
        recording = null;
        return Footprint.of(events, recordingUnknown);
    }

    /** Makes {@code b} visible: runs its store (an RMW reports its own accesses; a Word store is reported here). */
    private void flush(Buffered b) {
        if (b.location() == null) {
            wakeAllWriteWaiters(); // an RMW given as code: its location shows only when it runs
        }
        b.store().run();
        if (b.location() != null) {
            record(Step.EventKind.WRITE, b.location(), b.value());
        }
    }

    private void record(Step.EventKind kind, Object variable, long value) {
        if (recording == null) {
            return;
        }
        if (kind == Step.EventKind.WRITE || kind == Step.EventKind.BUFFER) {
            wakeWriteWaiters(variable);
        }
        // A field or element counts as its structure or array (see Location), and the trace names the field.
        String field = null;
        if (variable instanceof Location l) {
            field = l.suffix();
            variable = l.owner();
        }
        Integer n = numbers.get(variable);
        if (n == null) {
            n = number(variable);
            unstable.set(n);
        }
        // A variable not created under this execution (built before it was installed, or static) has no number
        // that is the same from one schedule to the next: a step that touches it conflicts with every other.
        recordingUnknown |= unstable.get(n);
        recording.add(new Step.Event(kind, n, value, field));
    }

    private int number(Object variable) {
        Integer n = numbers.get(variable);
        if (n == null) {
            n = variables.size();
            variables.add(variable);
            numbers.put(variable, n);
        }
        return n;
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
        if (a.task == null) {
            return a.awaitingWrite == null; // awaitWrite without a registered wait: until the write
        }
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
                throw new Stuck(sb.toString());
            }
            try {
                lock.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stuck("interrupted while " + running.name + " runs");
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
            if (thrown != null && recording != null) {
                recording.add(Step.Event.text("threw " + thrown));
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
        }
        spinFor(a.index);
        synchronized (lock) {
            awaitToken(a);
        }
    }

    /**
     * Spins, without the lock, for at most {@link #SPIN_NANOS} until {@link #token} is {@code t} (or the run is
     * abandoned); the caller then takes the lock and waits on it as before, which is where the handoff is decided.
     * Most handoffs take a few microseconds (the controller picks the next step, or a thread runs to its next
     * point), far less than waking a thread from {@code Object.wait}: this only saves that sleep and wake-up, and
     * yields the CPU while it spins, so that a thread woken on this machine's other CPUs is not held up.
     */
    private void spinFor(int t) {
        long until = 0;
        for (int i = 0; token != t && !aborted; i++) {
            if ((i & 63) == 63) {
                long now = System.nanoTime();
                if (until == 0) {
                    until = now + SPIN_NANOS;
                } else if (now - until > 0) {
                    return;
                }
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
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
        if (model != MemoryModel.TSO) {
            store.run(); // an RMW given as code: it reports its own accesses
            stop(a, State.READY, point.name());
            return;
        }
        a.buffer.addLast(new Buffered(point, null, 0, store));
        if (recording != null) {
            recording.add(Step.Event.access(Step.EventKind.BUFFER, -1, 0)); // its variable shows when it is flushed
        }
        stop(a, State.READY, point.name());
    }

    @Override
    public void store(SchedulePoint point, Object location, long value, Runnable store) {
        Actor a = current();
        if (a == null) {
            store.run();
            return;
        }
        if (model != MemoryModel.TSO) {
            // SC, or under WEAK a store whose old value the schedule was not given: visible at once
            store.run();
            record(Step.EventKind.WRITE, location, value);
            stop(a, State.READY, point.name());
            return;
        }
        a.buffer.addLast(new Buffered(point, location, value, store));
        record(Step.EventKind.BUFFER, location, value);
        stop(a, State.READY, point.name());
    }

    @Override
    public void store(SchedulePoint point, Object location, long old, long value, boolean release, Runnable store) {
        Actor a = current();
        if (a == null || model != MemoryModel.WEAK) {
            store(point, location, value, store);
            return;
        }
        storeWeak(a, location, old, value, release, store);
        stop(a, State.READY, point.name());
    }

    /**
     * A field descriptor's store: as {@link #store(SchedulePoint, Object, long, long, boolean, Runnable)}, but the
     * thread does not stop (see {@link Schedule#bufferedStore}).
     */
    @Override
    public void bufferedStore(SchedulePoint point, Object location, long old, long value, boolean release,
                              Runnable store) {
        Actor a = current();
        if (a == null) {
            store.run();
        } else if (weak != null) {
            storeWeak(a, location, old, value, release, store);
        } else if (model == MemoryModel.SC) {
            store.run();
            record(Step.EventKind.WRITE, location, value);
        } else {
            a.buffer.addLast(new Buffered(point, location, value, store));
            record(Step.EventKind.BUFFER, location, value);
        }
    }

    @Override
    public Object location(Object owner, Object field, int index) {
        return locations.of(owner, field, index);
    }

    /** WEAK: the store goes where the memory model places it; memory holds the location's newest write. */
    private void storeWeak(Actor a, Object location, long old, long value, boolean release, Runnable store) {
        WeakMemory.Stored w = weak.store(a.index, location, old, value, release, picker(a));
        if (w.pick() == 0) {
            store.run();
        }
        record(Step.EventKind.WRITE, location, value);
        if (w.fulfils()) {
            if (recording != null) {
                recording.add(Step.Event.text("(fulfils its promise)"));
            }
        } else if (!release && location instanceof Promisable) {
            log(a, LogKind.STORE, location, value); // only a Word's store is promised (see promise)
        }
        if (w.options() > 1) {
            pick(location, w.pick(), w.pick() == 0 ? "placed after every write, 1 of " + w.options() + " places"
                    : "placed before the " + w.pick() + " newest write(s), which its thread had not seen; "
                    + w.options() + " places");
        }
    }

    private WeakMemory.Picker picker(Actor a) {
        return options -> {
            List<Choice> choices = new ArrayList<>(options);
            for (int i = 0; i < options; i++) {
                choices.add(Choice.pick(a.index, i));
            }
            int k = chooser.choose(choices, a.index, null);
            decisions.add(choices.get(k));
            return k;
        };
    }

    private void pick(Object location, int option, String text) {
        if (recording == null) {
            return;
        }
        Integer n = numbers.get(location instanceof Location l ? l.owner() : location);
        recording.add(new Step.Event(Step.EventKind.PICK, n == null ? -1 : n, option, text));
    }

    @Override
    public Long load(Object location, boolean acquire, long memory) {
        Actor a = current();
        if (a == null) {
            return null;
        }
        if (model == MemoryModel.TSO) {
            return forwarded(location);
        }
        if (weak == null) {
            return null;
        }
        log(a, acquire ? LogKind.ORDER : LogKind.LOAD, location, 0);
        boolean newer = a.readNewer == location; // a spin's re-read: one of the writes newer than its last read
        if (newer) {
            a.readNewer = null;
        }
        WeakMemory.Access r = weak.load(a.index, location, acquire, memory, newer, picker(a));
        record(Step.EventKind.READ, location, r.value());
        if (r.options() > 1) {
            pick(location, r.pick(), r.pick() == 0 ? "the newest of the " + r.options() + " writes it may read"
                    : r.pick() + " write(s) older than the newest of the " + r.options() + " it may read");
        }
        return r.value();
    }

    /**
     * Under WEAK, an atomic RMW by the memory model ({@link WeakMemory#rmw}): its read and write are recorded, and it
     * counts as an ordering operation for the certification of promises whatever its ordering (a promise never
     * crosses an RMW: fewer executions than the LKMM allows around a relaxed one, never more). Else null.
     */
    @Override
    public Long rmw(Object location, long memory, java.util.function.LongUnaryOperator op,
                    java.util.function.LongPredicate writes, Order order) {
        Actor a;
        if (weak == null || (a = current()) == null) {
            return null;
        }
        log(a, LogKind.ORDER, null, 0);
        long old = weak.rmw(a.index, location, memory, op, writes, order);
        record(Step.EventKind.READ, location, old);
        if (writes == null || writes.test(old)) {
            record(Step.EventKind.WRITE, location, op.applyAsLong(old));
        }
        return old;
    }

    @Override
    public void readBarrier() {
        Actor a = current();
        if (a != null && weak != null) {
            weak.readBarrier(a.index);
        }
    }

    @Override
    public void writeBarrier() {
        Actor a = current();
        if (a != null && weak != null) {
            weak.writeBarrier(a.index);
        }
    }

    @Override
    public void lockAcquired(Object lock) {
        Actor a = current();
        if (a != null && weak != null) {
            log(a, LogKind.ORDER, null, 0);
            weak.lockAcquired(a.index, lock);
        }
    }

    @Override
    public void rcu(RcuEvent event, Object domain) {
        Actor a = current();
        if (a != null && weak != null) {
            weak.rcu(a.index, event, domain);
        }
    }

    @Override
    public void lockReleasing(Object lock) {
        Actor a = current();
        if (a != null && weak != null) {
            weak.lockReleasing(a.index, lock);
        }
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
                record(Step.EventKind.FORWARD, location, b.value());
                return b.value();
            }
        }
        return null;
    }

    /** Under WEAK nothing (no buffer; see {@link Schedule#flushStoreBuffer}); else the TSO buffer's drain. */
    @Override
    public void flushStoreBuffer() {
        if (weak == null) {
            drainStoreBuffer();
        }
    }

    @Override
    public void drainStoreBuffer() {
        Actor a = current();
        if (a != null && weak != null) {
            log(a, LogKind.ORDER, null, 0);
            weak.fullBarrier(a.index);
            return;
        }
        if (a == null || a.buffer.isEmpty()) {
            return;
        }
        if (recording != null) {
            recording.add(Step.Event.access(Step.EventKind.DRAIN, -1, a.buffer.size()));
        }
        Buffered b;
        while ((b = a.buffer.pollFirst()) != null) {
            flush(b);
        }
    }

    @Override
    public void created(Object variable) {
        number(variable);
    }

    /** Under WEAK, an RMW's access: fully ordered, of the newest value ({@link WeakMemory#atomicAccess}). */
    @Override
    public void accessed(Object variable, boolean write, long value) {
        record(write ? Step.EventKind.WRITE : Step.EventKind.READ, variable, value);
        Actor a;
        if (weak != null && (a = current()) != null) {
            log(a, LogKind.ORDER, null, 0);
            weak.atomicAccess(a.index, variable, write, value);
        }
    }

    /**
     * Blocks the current thread until another thread's store to {@code location} is issued or becomes visible. While
     * another thread's buffer holds a store that may be to {@code location}, the wait is this execution's alone (a
     * flush is still to come, so it is no deadlock); otherwise it is registered with the thread's world's
     * {@link Tasks}, whose detector reports it if nobody is left to write (HUNG) or every task is blocked (DEADLOCK).
     * Either way a store issued into a buffer wakes it too: the waiter re-reads, finds the old value in memory, and
     * blocks again, now without a registered wait while that store is pending.
     */
    @Override
    public boolean awaitWrite(Object location, String what) {
        Actor a = current();
        if (a == null) {
            return false;
        }
        if (weak != null && weak.hasNewer(a.index, location)) {
            // A spinning CPU eventually reads a newer write (the LKMM's propagation): re-read one of them, any.
            a.readNewer = location;
            return true;
        }
        boolean pending = false;
        for (Actor o : actors) {
            for (Buffered b : o.buffer) {
                pending |= o != a && (b.location() == null || b.location() == location);
            }
        }
        Task me = Tasks.currentTask();
        writeWaiters.computeIfAbsent(location, l -> new ArrayList<>(2)).add(a);
        a.awaitingWrite = location;
        if (pending || me == null) {
            stop(a, State.BLOCKED, BLOCKED_PREFIX + what);
            return true;
        }
        Tasks tasks = me.tasks();
        Task task;
        try {
            task = tasks.block(Waitable.condition(what), what);
        } catch (RuntimeException | Error e) {
            a.awaitingWrite = null;
            writeWaiters.getOrDefault(location, new ArrayList<>()).remove(a);
            throw e;
        }
        a.task = task;
        stop(a, State.BLOCKED, BLOCKED_PREFIX + task.waitDescription());
        a.task = null;
        if (a.awaitingWrite != null) {
            // released by the detector, not by a write
            a.awaitingWrite = null;
            writeWaiters.getOrDefault(location, new ArrayList<>()).remove(a);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw tasks.interrupted(task, what);
        }
        tasks.unblock(task);
        return true;
    }

    private void wakeAllWriteWaiters() {
        for (Object l : new ArrayList<>(writeWaiters.keySet())) {
            wakeWriteWaiters(l);
        }
    }

    /** A store to {@code location} was issued or became visible: the threads waiting to see it written may re-read. */
    private void wakeWriteWaiters(Object location) {
        if (writeWaiters.isEmpty()) {
            return;
        }
        List<Actor> waiting = writeWaiters.remove(location);
        if (waiting == null) {
            return;
        }
        for (Actor w : waiting) {
            w.awaitingWrite = null;
            if (w.task != null) {
                w.task.tasks().wake(w.task);
            }
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
