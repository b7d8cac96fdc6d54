package org.gupstress.model.kernel.sched.explore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * Explores the schedules of a {@link Subject}: every schedule runs a fresh instance under an {@link Execution}
 * installed in every world, and records the outcome and, for each outcome, the shortest schedule that reached it.
 *
 * <h2>Strategies</h2>
 * <ul>
 *   <li><b>dfs</b>: stateless depth-first search (each schedule re-runs the scenario from its constructor, replaying
 *       the prefix of choices) with iterative context bounding (Musuvathi and Qadeer, PLDI 2007): all schedules with
 *       at most 0 preemptions, then at most 1, 2, ... up to the bound. A preemption is a switch away from a thread
 *       that could have gone on; switching when a thread blocks or ends is free, and so is a store-buffer flush, so
 *       bound 0 already covers every placement of every flush among the non-preemptive schedules. A bound is
 *       <em>exhausted</em> when its search finished; the search is <em>complete</em> when a bound was exhausted
 *       without ever refusing a choice for exceeding it (then larger bounds add nothing).</li>
 *   <li><b>pct</b>: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) with depth d: random thread
 *       priorities (each store buffer has its own), lowered at d-1 random steps; finds a bug of depth d with
 *       probability at least 1/(n k^(d-1)) per schedule. For what the bound cannot exhaust.</li>
 * </ul>
 * Both are deterministic: DFS by construction, PCT for a given seed. A schedule whose replay does not follow its
 * recorded prefix (the scenario behaved differently under the same choices) is counted as divergent and makes the
 * search incomplete.
 *
 * <h2>What keeps it tractable</h2>
 * The steps are coarse: a thread runs from one named protocol step to the next, not instruction by instruction, so
 * the search is over the interleavings of the protocol steps a developer named, plus the flushes; and the bound
 * keeps the number of schedules polynomial in the number of steps.
 *
 * <p>On top of that, DFS reduces ({@link Options#reduction()}, on by default) in two ways, both over the steps'
 * {@link Footprint}s (the {@code Atomic}s, {@code Word}s, {@code Pointer}s and structures each step read and wrote;
 * a field descriptor's access counts as one of its structure). <b>Lazy flushes</b>: a
 * store-buffer flush is offered only when no thread can run, or at a step that races with the buffered store
 * ({@code addFlushRaces}), which is dynamic partial-order reduction restricted to the store buffers. <b>Sleep
 * sets</b> (Godefroid, 1996): after the search explored choice {@code a} at a decision and moves
 * on to choice {@code b}, {@code a} stays asleep below {@code b} as long as the steps taken are independent of it,
 * and a sleeping choice is not explored again (it would only reach a schedule equivalent to one already run). Two
 * steps are independent here only if they belong to different threads, <em>one of them is a store-buffer
 * flush</em>, and their footprints do not conflict. The restriction is what makes this sound:
 * <ul>
 *   <li>a flush's only effect is its store, to an {@code Atomic}, a {@code Word} or a structure's field, and every
 *       access to those is recorded (a structure counts as one variable, coarser than its fields; a structure not
 *       registered at its creation makes the step conflict with every other), so footprints see every conflict a
 *       flush can have; a thread step's other effects (page tables,
 *       locks, wait queues, plain fields) are not recorded, and two thread steps are never taken for independent;
 *       </li>
 *   <li>moving a flush across thread steps changes neither the order of the thread steps nor which of them are
 *       preemptions (a flush is never a preemption and enables or disables no thread), so the equivalent schedule
 *       that the search did run has the same number of preemptions: the reduction stays sound under the
 *       preemption bound, which sleep sets over arbitrary steps are not (Coons, Musuvathi and McKinley,
 *       "Bounded partial-order reduction", OOPSLA 2013).</li>
 * </ul>
 * A schedule whose every enabled choice is asleep is redundant: it is run to its end without further branching and
 * counted in {@link Exploration#redundant()}. The set of outcomes reached, hence the bugs and forbidden outcomes
 * found, is that of the unreduced search; the trace printed for an outcome may be another schedule of the same
 * equivalence class than the unreduced search would print, and first-bug counts differ. {@code ExplorerTest} and
 * {@code ReductionSoundnessTest} (stress-tests) check the outcome sets against the unreduced search.
 */
public final class Explorer {
    /** The search strategy. */
    public enum Strategy { DFS, PCT }

    /**
     * @param strategy     DFS or PCT
     * @param bound        DFS: the largest preemption bound; PCT: the depth d
     * @param budget       wall-clock budget for this subject (the search stops and is reported not exhausted)
     * @param seed         PCT's seed
     * @param maxSchedules a cap on schedules (the search stops and is reported not exhausted)
     * @param reduction    DFS's reduction (lazy flushes and sleep sets; it concerns store-buffer flushes only, so it
     *                     has no effect under {@link MemoryModel#WEAK}, which has none)
     * @param memoryModel  what the marked accesses see ({@link Execution}); TSO by default
     */
    public record Options(Strategy strategy, int bound, Duration budget, long seed, long maxSchedules,
                          boolean reduction, MemoryModel memoryModel) {
        public Options {
            if (bound < 0) {
                throw new IllegalArgumentException("bound must be >= 0: " + bound);
            }
        }

        /** Under TSO. */
        public Options(Strategy strategy, int bound, Duration budget, long seed, long maxSchedules,
                       boolean reduction) {
            this(strategy, bound, budget, seed, maxSchedules, reduction, MemoryModel.TSO);
        }

        /** The same options under {@code model}. */
        public Options withMemoryModel(MemoryModel model) {
            return new Options(strategy, bound, budget, seed, maxSchedules, reduction, model);
        }

        /** With DFS's sleep-set reduction on. */
        public Options(Strategy strategy, int bound, Duration budget, long seed, long maxSchedules) {
            this(strategy, bound, budget, seed, maxSchedules, true);
        }

        /** The same options with the reduction on or off. */
        public Options withReduction(boolean on) {
            return new Options(strategy, bound, budget, seed, maxSchedules, on, memoryModel);
        }
    }

    /**
     * What the exploration of one subject found.
     *
     * @param strategy           "dfs" or "pct"
     * @param boundReached       DFS: the largest bound searched (exhausted or not); PCT: the depth
     * @param exhausted          DFS: every schedule within {@code boundReached} was run
     * @param complete           DFS: exhausted and no choice was ever cut by the bound: every schedule was run
     * @param schedules          schedules run in total (over all bounds)
     * @param schedulesAtBound   schedules of the last bound searched
     * @param histogram          outcome id to schedules that ended in it (over all bounds)
     * @param traces             outcome id to the shortest schedule that reached it
     * @param firstBug           the first schedule (1-based) that ended in a bug outcome, or 0
     * @param nanosToFirstBug    wall time from the start until that schedule ended, or 0
     * @param nanos              wall time of the whole exploration
     * @param divergent          schedules whose replay did not follow the recorded prefix
     * @param error              what stopped the exploration abnormally (a stall), or null
     * @param redundant          DFS with reduction: schedules (counted in {@code schedules}) found redundant by the
     *                           sleep sets on the way, and run to their end without branching
     * @param discarded          under the weak memory model: schedules (counted in {@code schedules}) that made a
     *                           promise they did not keep, whose outcome is not counted in the histogram
     */
    public record Exploration(String strategy, int boundReached, boolean exhausted, boolean complete, long schedules,
                              long schedulesAtBound, Map<String, Long> histogram, Map<String, Trace> traces,
                              long firstBug, long nanosToFirstBug, long nanos, long divergent, String error,
                              long redundant, long discarded) {
    }

    private final Subject subject;
    private final Options options;
    private final Predicate<String> isBug;
    private final long start = System.nanoTime();
    private final Map<String, Long> histogram = new TreeMap<>();
    private final Map<String, Trace> traces = new LinkedHashMap<>();
    private long schedules;
    private long firstBug;
    private long nanosToFirstBug;
    private long divergent;
    private long redundant;
    private long discarded;
    /** The last schedule's run. */
    private Execution.Result lastRun;

    private Explorer(Subject subject, Options options, Predicate<String> isBug) {
        this.subject = subject;
        this.options = options;
        this.isBug = isBug;
    }

    /**
     * Explores {@code subject}.
     *
     * @param isBug       which outcomes are bugs (or forbidden): counted for "schedules to the first bug"
     * @param stopAtBug   DFS: stop after the bound in which the first bug outcome was found is exhausted
     */
    public static Exploration explore(Subject subject, Options options, Predicate<String> isBug, boolean stopAtBug) {
        Explorer e = new Explorer(subject, options, isBug);
        try {
            return options.strategy() == Strategy.DFS ? e.dfs(stopAtBug) : e.pct();
        } catch (Execution.Stuck s) {
            return e.result(options.strategy().name().toLowerCase(java.util.Locale.ROOT), 0, false, false, 0,
                    s.getMessage());
        }
    }

    private boolean outOfBudget() {
        return System.nanoTime() - start > options.budget().toNanos() || schedules >= options.maxSchedules();
    }

    /**
     * Runs one schedule; returns its steps. The execution is installed before the instance is built, so that its
     * shared variables are numbered the same way in every schedule.
     */
    private List<Step> runOne(int state, Execution.Chooser chooser) {
        Execution ex = new Execution(options.memoryModel());
        Subject.Trial trial;
        Execution.Result r;
        try (AutoCloseable ignored = Schedules.installInEveryWorld(ex)) {
            trial = subject.newTrial(state);
            r = ex.run(trial.threadNames(), trial.threads(), chooser);
            lastRun = r;
        } catch (Execution.Stuck s) {
            throw s;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String outcome;
        Throwable unexpected = r.thrown().stream().filter(t -> t != null && !(t instanceof org.gupstress.model.kernel.sched.Hung))
                .findFirst().orElse(null);
        if (unexpected != null) {
            outcome = "EXCEPTION: " + unexpected;
        } else {
            outcome = trial.outcome();
        }
        schedules++;
        if (r.discarded() != null) {
            discarded++; // a promise not kept: not an execution of the model (see WeakMemory#promise)
            return r.steps();
        }
        histogram.merge(outcome, 1L, Long::sum);
        int p = 0;
        for (Step s : r.steps()) {
            if (s.preemption()) {
                p++;
            }
        }
        Trace best = traces.get(outcome);
        if (best == null || r.steps().size() < best.steps().size()
                || r.steps().size() == best.steps().size() && p < best.preemptions()) {
            traces.put(outcome, new Trace(outcome, state, r.steps(), p, schedules,
                    VariableNames.of(trial.root(), r.variables()), options.memoryModel()));
        }
        if (firstBug == 0 && isBug.test(outcome)) {
            firstBug = schedules;
            nanosToFirstBug = System.nanoTime() - start;
        }
        return r.steps();
    }

    // ------------------------------------------------------------------------------------------------
    // DFS with iterative preemption bounding.

    /** A choice explored at an earlier decision, asleep: not to be explored again until a dependent step. */
    private record Sleeping(Choice choice, Footprint footprint) {
    }

    /** One decision of the current schedule: what was enabled, in which order the search tries it, where it is. */
    private static final class Node {
        final List<Choice> enabled;
        /** {@link #enabled}, then the promises certified at this decision ({@link #tryPromise}). */
        final List<Choice> choices;
        /** Indices in {@link #choices}, in the order the search tries them; a race may append a flush. */
        final List<Integer> order;
        int pos;
        /** What was asleep when the search reached this decision. */
        final List<Sleeping> sleep;
        /** The footprint of {@code order.get(i)}'s step, once it ran. */
        final List<Footprint> done;
        /** Part of a redundant schedule (below a decision whose every choice was asleep): never branches. */
        final boolean redundant;

        Node(List<Choice> enabled, List<Integer> order, List<Sleeping> sleep, boolean redundant) {
            this.enabled = enabled;
            this.order = order;
            this.sleep = sleep;
            this.redundant = redundant;
            this.done = new ArrayList<>();
            this.choices = new ArrayList<>(enabled);
            order.forEach(i -> done.add(null));
        }

        Choice taken() {
            return choices.get(order.get(pos));
        }

        /** Adds promise {@code p} to the choices to try, unless it is there already or this node never branches. */
        void tryPromise(Choice p) {
            if (!redundant && !choices.contains(p)) {
                choices.add(p);
                order.add(choices.size() - 1);
                done.add(null);
            }
        }

        boolean asleep(Choice c) {
            return sleep.stream().anyMatch(z -> z.choice().equals(c));
        }

        /** Adds {@code c} to the choices to try, unless it is there already, asleep, or not enabled. */
        void tryAlso(Choice c) {
            int i = enabled.indexOf(c);
            if (!redundant && i >= 0 && !order.contains(i) && !asleep(c)) {
                order.add(i);
                done.add(null);
            }
        }
    }

    private Exploration dfs(boolean stopAtBug) {
        int bound = 0;
        long atBound = 0;
        for (;; bound++) {
            long before = schedules;
            boolean[] cut = {false};
            boolean exhausted = dfsAtBound(bound, cut);
            atBound = schedules - before;
            if (!exhausted) {
                return result("dfs", bound, false, false, atBound, null);
            }
            if (!cut[0]) {
                return result("dfs", bound, true, divergent == 0, atBound, null);
            }
            if (bound >= options.bound() || stopAtBug && firstBug != 0) {
                return result("dfs", bound, true, false, atBound, null);
            }
        }
    }

    /** One DFS over every schedule with at most {@code bound} preemptions; false if stopped by the budget. */
    private boolean dfsAtBound(int bound, boolean[] cut) {
        for (int state = 0; state < subject.initialStates(); state++) {
            if (!dfsAtBound(state, bound, cut)) {
                return false;
            }
        }
        return true;
    }

    private boolean dfsAtBound(int state, int bound, boolean[] cut) {
        List<Node> stack = new ArrayList<>();
        // The reduction is about store-buffer flushes, and assumes one decision per step: not for WEAK's PICKs.
        boolean reduce = options.reduction() && options.memoryModel() != MemoryModel.WEAK;
        do {
            if (outOfBudget()) {
                return false;
            }
            int[] depth = {0};
            int[] preempted = {0};
            boolean[] diverged = {false};
            boolean[] asleep = {false};
            Execution.Chooser chooser = new Execution.Chooser() {
                @Override
                public int choose(List<Choice> enabled, int last, Step previous) {
                    return enabled.indexOf(chooseChoice(enabled, last, previous));
                }

                @Override
                public Choice chooseChoice(List<Choice> enabled, int last, Step previous) {
                    int d = depth[0]++;
                    Node node;
                    if (d < stack.size() && !diverged[0]) {
                        node = stack.get(d);
                        if (!node.enabled.equals(enabled)) {
                            diverged[0] = true;
                            divergent++;
                            stack.subList(d, stack.size()).clear();
                            node = newNode(enabled, last, preempted[0], bound, cut, stack, List.of(), asleep, reduce);
                        }
                    } else {
                        List<Sleeping> sleep = !reduce || diverged[0] || asleep[0] || d == 0 ? List.of()
                                : sleepBelow(stack.get(d - 1), previous.footprint());
                        node = newNode(enabled, last, preempted[0], bound, cut, stack, sleep, asleep, reduce);
                    }
                    Choice pick = node.choices.get(node.order.get(node.pos));
                    if (isPreemption(enabled, pick, last)) {
                        preempted[0]++;
                    }
                    return pick;
                }
            };
            List<Step> steps = runOne(state, chooser);
            if (options.memoryModel() == MemoryModel.WEAK && !diverged[0]) {
                addPromises(stack, lastRun);
            }
            if (asleep[0]) {
                redundant++;
            }
            // Each step was taken at the decision of the same depth: remember what it touched.
            for (int i = 0; i < Math.min(steps.size(), stack.size()); i++) {
                Node n = stack.get(i);
                n.done.set(n.pos, steps.get(i).footprint());
            }
            if (reduce && !diverged[0]) {
                addFlushRaces(stack, steps);
            }
            // Backtrack: advance the deepest node that has an untried choice that is not asleep.
            backtrack:
            while (!stack.isEmpty()) {
                Node top = stack.get(stack.size() - 1);
                while (top.pos + 1 < top.order.size()) {
                    top.pos++;
                    if (!top.asleep(top.taken())) {
                        break backtrack;
                    }
                }
                stack.remove(stack.size() - 1);
            }
        } while (!stack.isEmpty());
        return true;
    }

    /**
     * Under the weak memory model, the promises this schedule certified ({@link Choice.Kind#PROMISE},
     * {@code WeakMemory#promise}). At a RUN decision of the schedule's, if from there on the thread that ran went on
     * alone (only its own RUN and PICK decisions followed) and stored {@code v} to {@code x} with {@code WRITE_ONCE()}
     * after at least one {@code READ_ONCE()} and before any operation that orders its earlier loads before its later
     * stores (acquire, full barrier, RMW, lock), then that thread, run alone from that point against the memory it
     * saw there, performs that store: the promise of it is certified there (the promising semantics' certification,
     * with one certifying run found by the search itself), and the decision is offered it as one more choice. Since
     * every schedule replays the same prefix, the promise is made in exactly the state it was certified in. A store
     * with no load before it needs no promise (the thread can run to it), and a store after an ordering operation
     * must not be promised (load-to-store order). PCT makes no promises.
     */
    private static void addPromises(List<Node> stack, Execution.Result r) {
        List<Choice> decisions = r.decisions();
        int n = Math.min(decisions.size(), stack.size());
        for (int i = 0; i < n; i++) {
            Choice c = decisions.get(i);
            if (c.kind() != Choice.Kind.RUN || stack.get(i).redundant) {
                continue;
            }
            int t = c.thread();
            int end = i + 1; // the first decision that is not the thread's own
            while (end < decisions.size() && decisions.get(end).thread() == t
                    && (decisions.get(end).kind() == Choice.Kind.RUN || decisions.get(end).kind() == Choice.Kind.PICK)) {
                end++;
            }
            boolean loaded = false;
            for (Execution.Logged e : r.log()) {
                if (e.thread() != t || e.decision() <= i) {
                    continue;
                }
                if (e.decision() > end || e.kind() == Execution.LogKind.ORDER) {
                    break;
                }
                if (e.kind() == Execution.LogKind.LOAD) {
                    loaded = true;
                } else if (loaded && e.variable() >= 0) {
                    stack.get(i).tryPromise(Choice.promise(t, e.variable(), e.value()));
                }
            }
        }
    }

    /**
     * With the reduction, a decision offers a flush only when no thread can run, or when a race asks for it: a step
     * of one thread touched a variable that another thread's buffered store (still in its buffer) will write. Then
     * the flush is added at that step's decision, so that the search also runs the schedule in which the store
     * became visible just before the step. Together with the default (stores stay buffered as long as a thread can
     * run) this places each store on both sides of every access that can tell the difference, and nowhere else. A
     * buffered store whose variable is not known before it is flushed (an RMW given as code) races with every step.
     */
    private static void addFlushRaces(List<Node> stack, List<Step> steps) {
        List<ArrayDeque<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < Math.min(steps.size(), stack.size()); i++) {
            Node node = stack.get(i);
            Step step = steps.get(i);
            Choice c = node.taken();
            while (pending.size() <= c.thread()) {
                pending.add(new ArrayDeque<>());
            }
            for (int t = 0; t < pending.size(); t++) {
                if (t != c.thread() && races(pending.get(t), step.footprint())) {
                    node.tryAlso(Choice.flush(t));
                }
            }
            ArrayDeque<Integer> mine = pending.get(c.thread());
            if (step.kind() == Step.Kind.FLUSH) {
                mine.pollFirst();
                continue;
            }
            for (Step.Event e : step.events()) {
                if (e.kind() == Step.EventKind.BUFFER) {
                    mine.addLast(e.variable());
                } else if (e.kind() == Step.EventKind.DRAIN) {
                    mine.clear();
                }
            }
        }
    }

    private static boolean races(ArrayDeque<Integer> buffered, Footprint step) {
        for (int v : buffered) {
            if (v < 0 || step.unknown() || contains(step.reads(), v) || contains(step.writes(), v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] sorted, int v) {
        return java.util.Arrays.binarySearch(sorted, v) >= 0;
    }

    /**
     * The sleep set below {@code parent}'s current choice, whose step touched {@code taken}: whatever slept at the
     * parent or was explored there before, if independent of that step.
     */
    private List<Sleeping> sleepBelow(Node parent, Footprint taken) {
        Choice c = parent.taken();
        List<Sleeping> out = new ArrayList<>();
        for (Sleeping z : parent.sleep) {
            if (independent(z.choice(), z.footprint(), c, taken)) {
                out.add(z);
            }
        }
        for (int j = 0; j < parent.pos; j++) {
            Choice e = parent.enabled.get(parent.order.get(j));
            Footprint f = parent.done.get(j);
            if (parent.asleep(e)) {
                continue; // skipped there, never run
            }
            if (f != null && independent(e, f, c, taken)) {
                out.add(new Sleeping(e, f));
            }
        }
        return out;
    }

    /**
     * Whether two steps commute for the reduction: different threads, one of them a flush (see the class comment
     * for why two thread steps never count as independent), and footprints that do not conflict.
     */
    static boolean independent(Choice a, Footprint fa, Choice b, Footprint fb) {
        if (a.thread() == b.thread()) {
            return false; // a thread's flush and its run share its store buffer
        }
        if (a.kind() == Choice.Kind.RUN && b.kind() == Choice.Kind.RUN) {
            return false;
        }
        return !fa.conflicts(fb);
    }

    private static boolean isPreemption(List<Choice> enabled, int pick, int last) {
        return isPreemption(enabled, enabled.get(pick), last);
    }

    private static boolean isPreemption(List<Choice> enabled, Choice c, int last) {
        return c.kind() == Choice.Kind.RUN && last >= 0 && c.thread() != last && enabled.contains(Choice.run(last));
    }

    /**
     * A new decision: the choices the bound allows and that are not asleep, the non-preemptive ones first (the thread
     * that ran last goes on; then the others, when it cannot), flushes last, so that the first schedule keeps every
     * store buffered as long as it can. With the reduction, flushes are offered only when no thread can run (a race
     * adds the others later: {@link #addFlushRaces}). If every allowed choice is asleep (or an earlier decision of
     * this schedule was in that state) the schedule is redundant: it goes on with the first allowed choice, without
     * branching.
     */
    private static Node newNode(List<Choice> enabled, int last, int preempted, int bound, boolean[] cut,
                                List<Node> stack, List<Sleeping> sleep, boolean[] asleep, boolean reduce) {
        List<Integer> order = new ArrayList<>();
        if (enabled.get(0).kind() == Choice.Kind.PICK) {
            // A weak-memory choice inside a step: every option, newest write first; never a preemption.
            for (int i = 0; i < enabled.size(); i++) {
                order.add(i);
            }
            if (asleep[0]) {
                order.subList(1, order.size()).clear();
            }
            Node n = new Node(enabled, order, List.of(), asleep[0]);
            stack.add(n);
            return n;
        }
        int goOn = enabled.indexOf(Choice.run(last));
        if (goOn >= 0) {
            order.add(goOn);
        }
        for (int i = 0; i < enabled.size(); i++) {
            if (i == goOn || enabled.get(i).kind() != Choice.Kind.RUN) {
                continue;
            }
            if (isPreemption(enabled, i, last) && preempted + 1 > bound) {
                cut[0] = true;
                continue;
            }
            order.add(i);
        }
        boolean threadsCanRun = !order.isEmpty();
        for (int i = 0; i < enabled.size(); i++) {
            if (enabled.get(i).kind() == Choice.Kind.FLUSH && (!reduce || !threadsCanRun)) {
                order.add(i);
            }
        }
        boolean wasAsleep = asleep[0];
        if (asleep[0]) {
            order.subList(1, order.size()).clear();
        } else if (!sleep.isEmpty()) {
            List<Integer> awake = new ArrayList<>(order);
            awake.removeIf(i -> sleep.stream().anyMatch(z -> z.choice().equals(enabled.get(i))));
            if (awake.isEmpty()) {
                asleep[0] = true;
                order.subList(1, order.size()).clear();
            } else {
                order = awake;
            }
        }
        Node n = new Node(enabled, order, asleep[0] ? List.of() : sleep, wasAsleep || asleep[0]);
        stack.add(n);
        return n;
    }

    // ------------------------------------------------------------------------------------------------
    // PCT.

    private Exploration pct() {
        int depth = Math.max(1, options.bound());
        Random rnd = new Random(options.seed());
        int k = 8;
        while (!outOfBudget()) {
            // Priorities for each thread (RUN) and each store buffer (FLUSH), drawn fresh per schedule.
            Map<Choice, Integer> prio = new java.util.HashMap<>();
            int[] changeAt = new int[depth - 1];
            for (int i = 0; i < changeAt.length; i++) {
                changeAt[i] = 1 + rnd.nextInt(k);
            }
            long schedSeed = rnd.nextLong();
            Random r = new Random(schedSeed);
            int[] step = {0};
            int[] nextLow = {0};
            Execution.Chooser chooser = (enabled, last, previous) -> {
                step[0]++;
                int best = -1;
                int bestPrio = Integer.MIN_VALUE;
                for (int i = 0; i < enabled.size(); i++) {
                    int p = prio.computeIfAbsent(enabled.get(i), c -> depth + r.nextInt(1 << 20));
                    if (p > bestPrio) {
                        bestPrio = p;
                        best = i;
                    }
                }
                for (int c : changeAt) {
                    if (c == step[0]) {
                        prio.put(enabled.get(best), nextLow[0]++);
                    }
                }
                return best;
            };
            List<Step> steps = runOne(rnd.nextInt(subject.initialStates()), chooser);
            k = Math.max(k, steps.size());
        }
        return result("pct", depth, false, false, schedules, null);
    }

    private Exploration result(String strategy, int bound, boolean exhausted, boolean complete, long atBound,
                               String error) {
        return new Exploration(strategy, bound, exhausted, complete, schedules, atBound, Map.copyOf(histogram),
                Map.copyOf(traces), firstBug, nanosToFirstBug, System.nanoTime() - start, divergent, error, redundant,
                discarded);
    }
}
