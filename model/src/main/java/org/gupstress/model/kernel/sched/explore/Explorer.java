package org.gupstress.model.kernel.sched.explore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

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
 * keeps the number of schedules polynomial in the number of steps. No partial-order reduction is applied (the
 * model's atomics do not record their footprints): measured, the whole suite at bound 2 takes about half a minute.
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
     */
    public record Options(Strategy strategy, int bound, Duration budget, long seed, long maxSchedules) {
        public Options {
            if (bound < 0) {
                throw new IllegalArgumentException("bound must be >= 0: " + bound);
            }
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
     */
    public record Exploration(String strategy, int boundReached, boolean exhausted, boolean complete, long schedules,
                              long schedulesAtBound, Map<String, Long> histogram, Map<String, Trace> traces,
                              long firstBug, long nanosToFirstBug, long nanos, long divergent, String error) {
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
        } catch (Execution.Stall s) {
            return e.result("dfs", 0, false, false, 0, s.getMessage());
        }
    }

    private boolean outOfBudget() {
        return System.nanoTime() - start > options.budget().toNanos() || schedules >= options.maxSchedules();
    }

    /** Runs one schedule; returns the trace it made. */
    private Trace runOne(int state, Execution.Chooser chooser, int[] preemptions) {
        Subject.Trial trial = subject.newTrial(state);
        Execution ex = new Execution(trial.threadNames(), trial.threads());
        Execution.Result r;
        try (AutoCloseable ignored = Schedules.installInEveryWorld(ex)) {
            r = ex.run(chooser);
        } catch (Execution.Stall s) {
            throw s;
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
        histogram.merge(outcome, 1L, Long::sum);
        int p = 0;
        for (Step s : r.steps()) {
            if (s.preemption()) {
                p++;
            }
        }
        preemptions[0] = p;
        Trace t = new Trace(outcome, state, r.steps(), p, schedules);
        Trace best = traces.get(outcome);
        if (best == null || t.steps().size() < best.steps().size()
                || t.steps().size() == best.steps().size() && p < best.preemptions()) {
            traces.put(outcome, t);
        }
        if (firstBug == 0 && isBug.test(outcome)) {
            firstBug = schedules;
            nanosToFirstBug = System.nanoTime() - start;
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------------
    // DFS with iterative preemption bounding.

    /** One decision of the current schedule: what was enabled, in which order the search tries it, where it is. */
    private static final class Node {
        final List<Choice> enabled;
        final int[] order;
        int pos;
        final int preemptionsBefore;
        Node(List<Choice> enabled, int[] order, int preemptionsBefore) {
            this.enabled = enabled;
            this.order = order;
            this.preemptionsBefore = preemptionsBefore;
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
        do {
            if (outOfBudget()) {
                return false;
            }
            int[] depth = {0};
            int[] preempted = {0};
            boolean[] diverged = {false};
            Execution.Chooser chooser = (enabled, last) -> {
                int d = depth[0]++;
                Node node;
                if (d < stack.size() && !diverged[0]) {
                    node = stack.get(d);
                    if (!node.enabled.equals(enabled)) {
                        diverged[0] = true;
                        divergent++;
                        stack.subList(d, stack.size()).clear();
                        node = newNode(enabled, last, preempted[0], bound, cut, stack);
                    }
                } else {
                    node = newNode(enabled, last, preempted[0], bound, cut, stack);
                }
                int pick = node.order[node.pos];
                if (isPreemption(enabled, pick, last)) {
                    preempted[0]++;
                }
                return pick;
            };
            runOne(state, chooser, new int[1]);
            // Backtrack: advance the deepest node that has an untried alternative.
            while (!stack.isEmpty()) {
                Node top = stack.get(stack.size() - 1);
                if (top.pos + 1 < top.order.length) {
                    top.pos++;
                    break;
                }
                stack.remove(stack.size() - 1);
            }
        } while (!stack.isEmpty());
        return true;
    }

    private static boolean isPreemption(List<Choice> enabled, int pick, int last) {
        Choice c = enabled.get(pick);
        return c.kind() == Choice.Kind.RUN && last >= 0 && c.thread() != last && enabled.contains(Choice.run(last));
    }

    /**
     * A new decision: the choices the bound allows, the non-preemptive ones first (the thread that ran last goes
     * on; then the others, when it cannot), flushes last, so that the first schedule keeps every store buffered as
     * long as it can.
     */
    private static Node newNode(List<Choice> enabled, int last, int preempted, int bound, boolean[] cut,
                                List<Node> stack) {
        List<Integer> order = new ArrayList<>();
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
        for (int i = 0; i < enabled.size(); i++) {
            if (enabled.get(i).kind() == Choice.Kind.FLUSH) {
                order.add(i);
            }
        }
        Node n = new Node(enabled, order.stream().mapToInt(Integer::intValue).toArray(), preempted);
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
            Execution.Chooser chooser = (enabled, last) -> {
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
            Trace t = runOne(rnd.nextInt(subject.initialStates()), chooser, new int[1]);
            k = Math.max(k, t.steps().size());
        }
        return result("pct", depth, false, false, schedules, null);
    }

    private Exploration result(String strategy, int bound, boolean exhausted, boolean complete, long atBound,
                               String error) {
        return new Exploration(strategy, bound, exhausted, complete, schedules, atBound, Map.copyOf(histogram),
                Map.copyOf(traces), firstBug, nanosToFirstBug, System.nanoTime() - start, divergent, error);
    }
}
