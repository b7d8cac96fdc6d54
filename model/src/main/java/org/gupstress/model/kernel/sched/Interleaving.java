package org.gupstress.model.kernel.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Scripts one exact interleaving of two or three model threads by schedule point names, for JUnit tests that
 * must reach an outcome deterministically instead of by stress luck.
 *
 * <pre>{@code
 * Interleaving.in(world::useSchedule)
 *     .thread("DMA", s::dma)
 *     .thread("WRITEBACK", s::writeback)
 *     .step("DMA", "gup.after_grab")             // DMA runs until it reaches that point, and waits there
 *     .step("WRITEBACK", Interleaving.END)       // WRITEBACK runs to completion
 *     .run();                                    // then everyone still held runs to completion
 * }</pre>
 *
 * <p>Every thread starts held. A step resumes one thread and waits until it reaches the named point (the next
 * time it gets there; other points it passes do not stop it) or, for {@link #END}, until its body returns.
 * After the last step every held thread is released at once and all are joined.
 *
 * <p>Nothing here waits forever: a step that does not complete within the step deadline (a thread blocked on
 * a lock another held thread owns, a point the code never reaches) fails the script with an
 * {@link AssertionError} that says where every thread is and which points it passed; the held threads are then
 * let go so that they finish on their own.
 *
 * <p>A thread held at a point is {@link TaskState#PAUSED} in its world's {@link Tasks}: a thread blocked on a lock
 * that a held thread owns is waiting for the script, not deadlocked, and the detector never reports it. A
 * deadlock among threads the script has let go is reported at once, and those threads end with {@link Hung}.
 *
 * <p>Bufferable stores ({@link Schedule#store}) made by a scripted thread become visible to the others only
 * when that thread leaves the next point it is held at, or passes a full barrier: the script can thereby place
 * another thread's whole step inside a store-buffering window.
 *
 * <h2>Explorer scripts: {@link #inEveryWorld()}</h2>
 * A script started with {@link #inEveryWorld()} controls every world built by the test (no need to reach the
 * world a JCStress test class keeps private) and follows the explorer's rules exactly, so that a trace printed by
 * {@code gupstress explore} pasted here reproduces its outcome:
 * <ul>
 *   <li>a bufferable store ({@code WRITE_ONCE} of a {@code Word}, the model's bufferable atomics) is a point the
 *       thread can be held at, named after its site;</li>
 *   <li>a store becomes visible only at a full barrier of its thread or at an explicit {@link #flush} step: never
 *       because its thread resumed or ended;</li>
 *   <li>a thread that blocks (a lock another thread holds, a wait nobody woke yet) is held; a step with target
 *       {@link #BLOCKED} runs a thread until it blocks. When the deadlock detector releases blocked threads, each
 *       throws {@code Hung} when a step next resumes it, as in the explorer.</li>
 * </ul>
 * A trace explored under another memory model ({@code --memory-model sc|weak}) starts
 * {@link #inEveryWorld(MemoryModel)}: no store buffers, and under {@link MemoryModel#WEAK} its {@link #pick} lines
 * say which write each load read and where each store went, in the thread's order, and its {@link #promise} lines
 * which later store a thread promised, and when (load buffering).
 */
public final class Interleaving {
    /** Step target meaning "until the thread's body returns". */
    public static final String END = "end";
    /** Step target meaning "until the thread blocks" (only in {@link #inEveryWorld()} scripts). */
    public static final String BLOCKED = "blocked";

    private static final String FLUSH = "flush";
    private static final String PROMISE = "promise";

    private final Consumer<Schedule> install;
    /** The world's tasks, if the script's threads are its tasks (see {@link #in(Tasks, Consumer)}); else null. */
    private final Tasks tasks;
    private final boolean explicit;
    private final MemoryModel model;
    private final Map<String, Runnable> bodies = new LinkedHashMap<>();
    /** {kind, thread, point}: kind is "step" or {@link #FLUSH}. */
    private final List<String[]> steps = new ArrayList<>();
    /** Per thread, the options its weak-memory accesses take, in order ({@link #pick}). */
    private final Map<String, List<Integer>> picks = new LinkedHashMap<>();
    /** The promises of the {@link #PROMISE} steps: {location, value}, in step order. */
    private final List<Object[]> promises = new ArrayList<>();
    private Duration stepDeadline = Duration.ofSeconds(10);

    private Interleaving(Tasks tasks, Consumer<Schedule> install, boolean explicit, MemoryModel model) {
        this.tasks = tasks;
        this.install = install;
        this.explicit = explicit;
        this.model = model;
    }

    /**
     * A script that installs its schedule in every world ({@link Schedules#installInEveryWorld}) for the length of
     * {@link #run()}, with the explorer's rules for store buffers and blocking (see the class comment).
     */
    public static Interleaving inEveryWorld() {
        return inEveryWorld(MemoryModel.TSO);
    }

    /**
     * As {@link #inEveryWorld()}, under memory model {@code model}, as {@code gupstress explore --memory-model}: under
     * {@link MemoryModel#SC} and {@link MemoryModel#WEAK} a store is visible at once (there is nothing to
     * {@link #flush}), and under WEAK each load of a {@code Word} reads, and each store is placed, as the thread's next
     * {@link #pick} says.
     */
    public static Interleaving inEveryWorld(MemoryModel model) {
        return new Interleaving(null, null, true, Objects.requireNonNull(model));
    }

    /**
     * @param install installs the scripted schedule into the world under test (e.g. {@code world::useSchedule});
     *                called on the JUnit thread before any scripted thread starts
     */
    public static Interleaving in(Consumer<Schedule> install) {
        return new Interleaving(null, Objects.requireNonNull(install), false, MemoryModel.TSO);
    }

    /**
     * A script whose threads are the world's only tasks: each is declared ({@link Tasks#fork}) before any starts
     * and runs its body as that task, so the world is closed and the detector also finds a waiter that nobody is
     * left to wake. Use it when the bodies are plain model calls; bodies that start tasks of their own (a
     * scenario's actors) need {@link #in(Consumer)}.
     *
     * @param tasks the world's tasks ({@code world.tasks()})
     */
    public static Interleaving in(Tasks tasks, Consumer<Schedule> install) {
        return new Interleaving(Objects.requireNonNull(tasks), Objects.requireNonNull(install), false, MemoryModel.TSO);
    }

    /** Adds a thread named {@code name} that will run {@code body}. */
    public Interleaving thread(String name, Runnable body) {
        if (bodies.putIfAbsent(name, Objects.requireNonNull(body)) != null) {
            throw new IllegalArgumentException("thread declared twice: " + name);
        }
        return this;
    }

    /** Runs thread {@code name} until it reaches {@code point} ({@link #END}: until its body returns). */
    public Interleaving step(String name, String point) {
        if (!bodies.containsKey(name)) {
            throw new IllegalArgumentException("step names unknown thread '" + name + "'; threads: " + bodies.keySet());
        }
        if (point.equals(BLOCKED) && !explicit) {
            throw new IllegalArgumentException("a step until BLOCKED needs Interleaving.inEveryWorld()");
        }
        if (!point.equals(END) && !point.equals(BLOCKED)) {
            SchedulePoint.named(point); // fail fast on a misspelt point
        }
        steps.add(new String[] {"step", name, point});
        return this;
    }

    /** Makes the oldest store in thread {@code name}'s store buffer visible (only in {@link #inEveryWorld()}). */
    public Interleaving flush(String name) {
        if (!bodies.containsKey(name) || !explicit || model != MemoryModel.TSO) {
            throw new IllegalArgumentException("flush needs Interleaving.inEveryWorld() under TSO and a known thread, not '"
                    + name + "'; threads: " + bodies.keySet());
        }
        steps.add(new String[] {FLUSH, name, ""});
        return this;
    }

    /**
     * Under {@link MemoryModel#WEAK}: the next access of thread {@code name} that has a choice (a load that may read
     * two or more writes, a store that may be placed before writes its thread has not seen) takes option
     * {@code option}: 0 the newest write (a store: after every write), 1 the one before it, and so on. A thread's
     * picks are taken in the order given, across its steps; an access with no pick left takes 0. The explorer prints
     * them before the step whose access made the choice.
     */
    public Interleaving pick(String name, int option) {
        if (!bodies.containsKey(name) || model != MemoryModel.WEAK || option < 0) {
            throw new IllegalArgumentException("pick needs Interleaving.inEveryWorld(MemoryModel.WEAK), a known thread"
                    + " and an option >= 0, not '" + name + "', " + option + "; threads: " + bodies.keySet());
        }
        picks.computeIfAbsent(name, n -> new ArrayList<>()).add(option);
        return this;
    }

    /**
     * Under {@link MemoryModel#WEAK}: thread {@code name}, which does not run, <em>promises</em> a later
     * {@code WRITE_ONCE()} of {@code value} to the {@code Word} at {@code path} from {@code root} (field names joined by
     * dots, {@code [i]} for an element, as the explorer names variables): the write is visible to the other threads'
     * loads from this step on, and the thread must perform that store later (load buffering, see
     * {@code WeakMemory#promise}). The script fails if a promise is not kept.
     */
    public Interleaving promise(String name, Object root, String path, long value) {
        if (!bodies.containsKey(name) || model != MemoryModel.WEAK) {
            throw new IllegalArgumentException("promise needs Interleaving.inEveryWorld(MemoryModel.WEAK) and a known"
                    + " thread, not '" + name + "'; threads: " + bodies.keySet());
        }
        Object location = locate(root, path);
        if (!(location instanceof Promisable)) {
            throw new IllegalArgumentException("promise: " + path + " is no Word but " + location);
        }
        steps.add(new String[] {PROMISE, name, Integer.toString(promises.size())});
        promises.add(new Object[] {location, value});
        return this;
    }

    /** The object at {@code path} from {@code root}: fields joined by dots, each optionally indexed ({@code a[2]}). */
    private static Object locate(Object root, String path) {
        Object o = root;
        for (String part : path.split("\\.")) {
            String field = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            o = field(o, field, path);
            for (int i = part.indexOf('['); i >= 0; i = part.indexOf('[', i + 1)) {
                int index = Integer.parseInt(part.substring(i + 1, part.indexOf(']', i)));
                o = o instanceof List<?> l ? l.get(index) : java.lang.reflect.Array.get(o, index);
            }
        }
        return o;
    }

    private static Object field(Object o, String name, String path) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("promise: cannot read " + name + " of " + path + ": " + e, e);
            }
        }
        throw new IllegalArgumentException("promise: no field " + name + " (of " + path + ") in " + o.getClass());
    }

    /** How long one step may take before the script fails. Default 10 s. */
    public Interleaving stepDeadline(Duration deadline) {
        this.stepDeadline = deadline;
        return this;
    }

    /**
     * Runs the script.
     *
     * @return what each thread threw, if anything (a {@link Hung} is a model outcome, not a script failure)
     * @throws AssertionError if a step cannot complete in time, a thread ends before reaching its point, or a
     *                        thread throws anything other than {@link Hung}
     */
    public Result run() {
        ScriptedSchedule s = new ScriptedSchedule(explicit, model);
        if (!explicit) {
            install.accept(s);
            return run(s);
        }
        try (AutoCloseable ignored = Schedules.installInEveryWorld(s)) {
            return run(s);
        } catch (AssertionError | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Result run(ScriptedSchedule s) {
        if (tasks != null) {
            bodies.keySet().forEach(tasks::fork);
        }
        Map<String, ScriptedSchedule.Actor> actors = new LinkedHashMap<>();
        for (Map.Entry<String, Runnable> e : bodies.entrySet()) {
            ScriptedSchedule.Actor a = new ScriptedSchedule.Actor(e.getKey(), actors.size());
            a.picks.addAll(picks.getOrDefault(e.getKey(), List.of()));
            Runnable body = e.getValue();
            Runnable run = tasks == null ? body : () -> {
                try (Task t = tasks.start(a.name)) {
                    body.run();
                }
            };
            a.thread = new Thread(() -> runBody(s, a, run), e.getKey());
            a.thread.setDaemon(true);
            s.register(a);
            actors.put(e.getKey(), a);
        }
        actors.values().forEach(a -> a.thread.start());
        try {
            for (int i = 0; i < steps.size(); i++) {
                runStep(s, actors, i);
            }
        } catch (AssertionError | RuntimeException e) {
            abort(s, actors);
            throw e;
        }
        synchronized (s.lock) {
            for (ScriptedSchedule.Actor a : actors.values()) {
                a.free = true;
                a.held = false;
            }
            s.lock.notifyAll();
        }
        long until = System.nanoTime() + stepDeadline.toNanos();
        for (ScriptedSchedule.Actor a : actors.values()) {
            try {
                a.thread.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + a.name, e);
            }
            if (a.thread.isAlive()) {
                abort(s, actors);
                throw new AssertionError("after the last step, " + a.name + " did not finish within " + stepDeadline
                        + "\n" + describe(s, actors));
            }
        }
        Map<String, Throwable> thrown = new LinkedHashMap<>();
        for (ScriptedSchedule.Actor a : actors.values()) {
            a.drain(s); // explicit mode: what no step flushed becomes visible before the outcome is read
        }
        String discarded = s.discarded();
        if (discarded != null) {
            throw new AssertionError("the script's execution is not one of the weak memory model's: " + discarded);
        }
        for (ScriptedSchedule.Actor a : actors.values()) {
            if (a.thrown != null && !(a.thrown instanceof Hung)) {
                throw new AssertionError(a.name + " threw " + a.thrown, a.thrown);
            }
            thrown.put(a.name, a.thrown);
        }
        return new Result(thrown);
    }

    private void runStep(ScriptedSchedule s, Map<String, ScriptedSchedule.Actor> actors, int i) {
        String kind = steps.get(i)[0];
        String name = steps.get(i)[1];
        String pointName = steps.get(i)[2];
        ScriptedSchedule.Actor a = actors.get(name);
        if (kind.equals(PROMISE)) {
            Object[] p = promises.get(Integer.parseInt(pointName));
            synchronized (s.lock) {
                s.promise(a, p[0], (long) p[1]);
            }
            return;
        }
        if (kind.equals(FLUSH)) {
            synchronized (s.lock) {
                ScriptedSchedule.Buffered b = a.storeBuffer.pollFirst();
                if (b == null) {
                    throw new AssertionError("step " + (i + 1) + " (flush " + name + "): its store buffer is empty\n"
                            + describe(s, actors));
                }
                b.store().run();
                s.wrote(b.location());
            }
            return;
        }
        boolean toEnd = pointName.equals(END);
        boolean toBlocked = pointName.equals(BLOCKED);
        String what = "step " + (i + 1) + " (" + name + " until " + pointName + ")";
        synchronized (s.lock) {
            if (a.finished) {
                throw new AssertionError(what + ": " + name + " has already finished\n" + describe(s, actors));
            }
            a.target = toEnd || toBlocked ? null : SchedulePoint.named(pointName);
            a.untilBlocked = toBlocked;
            a.held = false;
            a.heldAt = null;
            s.lock.notifyAll();
            long until = System.nanoTime() + stepDeadline.toNanos();
            for (;;) {
                if (a.thrown != null && !(a.thrown instanceof Hung)) {
                    throw new AssertionError(what + ": " + name + " threw " + a.thrown, a.thrown);
                }
                if (a.held && a.blockedNow != toBlocked) {
                    throw new AssertionError(what + ": " + name + (a.blockedNow ? " blocked (" + a.heldAt
                            + ") before reaching " + pointName : " stopped at " + a.heldAt) + "\n" + describe(s, actors));
                }
                if (toEnd ? a.finished : a.held) {
                    return;
                }
                if (a.finished) {
                    throw new AssertionError(what + ": " + name + " finished without reaching " + pointName
                            + (a.thrown != null ? " (it threw " + a.thrown + ")" : "") + "\n" + describe(s, actors));
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(what + ": not done within " + stepDeadline + "\n" + describe(s, actors));
                }
                try {
                    s.lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(what + ": interrupted", e);
                }
            }
        }
    }

    private static void runBody(ScriptedSchedule s, ScriptedSchedule.Actor a, Runnable body) {
        Throwable thrown = null;
        try {
            s.awaitStart(a);
            body.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            if (!s.explicit) {
                a.drain(s);
            }
            synchronized (s.lock) {
                a.thrown = thrown;
                a.finished = true;
                s.lock.notifyAll();
            }
        }
    }

    private static void abort(ScriptedSchedule s, Map<String, ScriptedSchedule.Actor> actors) {
        synchronized (s.lock) {
            s.aborted = true;
            for (ScriptedSchedule.Actor a : actors.values()) {
                a.free = true;
                a.held = false;
            }
            s.lock.notifyAll();
        }
    }

    /** Where each thread is: held at a point, running (with its innermost frames), or finished. */
    private static String describe(ScriptedSchedule s, Map<String, ScriptedSchedule.Actor> actors) {
        StringBuilder sb = new StringBuilder();
        for (ScriptedSchedule.Actor a : actors.values()) {
            sb.append("  ").append(a.name).append(": ");
            if (a.finished) {
                sb.append("finished");
            } else if (a.held) {
                sb.append("held at ").append(a.heldAt);
            } else {
                sb.append("running, state ").append(a.thread.getState());
                StackTraceElement[] st = a.thread.getStackTrace();
                for (int i = 0; i < Math.min(6, st.length); i++) {
                    sb.append("\n      at ").append(st[i]);
                }
            }
            sb.append("\n      passed: ").append(a.passed).append('\n');
        }
        return sb.toString();
    }

    /** What the scripted threads threw: {@code null} for a thread that returned normally. */
    public static final class Result {
        private final Map<String, Throwable> thrown;

        Result(Map<String, Throwable> thrown) {
            this.thrown = thrown;
        }

        /** The {@link Hung} thread {@code name} ended with, or null if it returned normally. */
        public Hung hung(String name) {
            return (Hung) thrown.get(name);
        }
    }
}
