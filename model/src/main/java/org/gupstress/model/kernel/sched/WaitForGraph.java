package org.gupstress.model.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The detector behind {@link Tasks}: the wait-for graph of a world's blocked tasks, read at the moment a task
 * blocks or exits, under the registry's lock.
 *
 * <p>An edge goes from a blocked task to each task that holds what it waits on ({@link Waitable#holders()}, plus
 * the tasks blocked on whatever it queues behind). A task is <em>stuck</em> while it is BLOCKED and:
 * <ul>
 *   <li>on a lock: the lock has holders, all of them tasks of this world (a holder we do not know might release
 *       it; a lock without holders blocks nobody, whatever the registry last heard);</li>
 *   <li>on a condition: always (a woken task is no longer BLOCKED).</li>
 * </ul>
 * A stuck task cannot release what it holds, so a cycle of stuck tasks is permanent: DEADLOCK (lockdep closes the
 * same cycle as a "possible" one; here it has happened). In a closed world, every live task stuck is permanent
 * too: DEADLOCK if two or more wait, HUNG if one waits and everyone else has returned.
 */
final class WaitForGraph {
    private WaitForGraph() {
    }

    /**
     * @param all     the registry's tasks
     * @param closed  true if the tasks are all the threads that can act in the world
     * @param trigger the task that just blocked, or null after an exit
     * @param held    the world's held locks, for the message: read only when there is a finding (it builds strings
     *                of every lock's holders, which a block that finds nothing, nearly all of them, does not need)
     * @return the finding, or null
     */
    static BlockingReport detect(List<Task> all, boolean closed, Task trigger, Supplier<String> held) {
        List<Task> cycle = trigger != null ? cycleFrom(all, trigger) : null;
        if (cycle != null) {
            return new BlockingReport(BlockingReport.Kind.DEADLOCK, cycle,
                    "DEADLOCK: wait-for cycle: " + chain(all, cycle) + others(all, cycle) + "; held locks: "
                            + held.get());
        }
        if (!closed) {
            return null;
        }
        List<Task> stuck = new ArrayList<>();
        for (Task t : all) {
            if (t.state == TaskState.EXITED) {
                continue;
            }
            if (waitsFor(all, t) == null) {
                return null; // runnable, paused, or blocked on something that can still give way
            }
            stuck.add(t);
        }
        if (stuck.isEmpty()) {
            return null;
        }
        boolean selfLock = stuck.size() == 1 && waitsFor(all, stuck.get(0)).contains(stuck.get(0));
        if (stuck.size() >= 2 || selfLock) {
            return new BlockingReport(BlockingReport.Kind.DEADLOCK, List.copyOf(stuck),
                    "DEADLOCK: every live task is blocked and no wake-up is pending: " + chain(all, stuck)
                            + others(all, stuck) + "; held locks: " + held.get());
        }
        return new BlockingReport(BlockingReport.Kind.HUNG, List.copyOf(stuck),
                "HUNG: " + chain(all, stuck) + ", and no task is left to wake it" + others(all, stuck)
                        + "; held locks: " + held.get());
    }

    /**
     * The tasks {@code t} waits for, if it is stuck (possibly none: a condition nobody is known to hold); null if
     * it is not BLOCKED, was already released by an earlier finding, or its lock can still give way.
     */
    static List<Task> waitsFor(List<Task> all, Task t) {
        if (t.state != TaskState.BLOCKED || t.killed != null) {
            return null; // running, or already released by an earlier finding and about to leave its wait
        }
        Waitable w = t.blockedOn;
        List<Task> out = new ArrayList<>(2);
        boolean unknown = false;
        for (Thread h : w.holders()) {
            Task ht = taskOf(all, h);
            if (ht == null) {
                unknown = true;
            } else if (ht == t && w.isLock()) {
                continue; // it has just taken the lock and not yet told the registry (AA is caught before blocking)
            } else if (!out.contains(ht)) {
                out.add(ht);
            }
        }
        Waitable q = w.queuedBehind();
        if (q != null) {
            for (Task u : all) {
                if (u != t && u.state == TaskState.BLOCKED && u.blockedOn == q && !out.contains(u)) {
                    out.add(u);
                }
            }
        }
        if (w.isLock() && (unknown || out.isEmpty())) {
            return null;
        }
        return out;
    }

    /** A cycle of stuck tasks reachable from {@code start}, in wait order, or null. */
    private static List<Task> cycleFrom(List<Task> all, Task start) {
        List<Task> path = new ArrayList<>();
        List<Task> done = new ArrayList<>();
        return dfs(all, start, path, done);
    }

    private static List<Task> dfs(List<Task> all, Task t, List<Task> path, List<Task> done) {
        int at = path.indexOf(t);
        if (at >= 0) {
            return List.copyOf(path.subList(at, path.size()));
        }
        if (done.contains(t)) {
            return null;
        }
        List<Task> next = waitsFor(all, t);
        if (next == null) {
            done.add(t);
            return null;
        }
        path.add(t);
        for (Task n : next) {
            List<Task> c = dfs(all, n, path, done);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        done.add(t);
        return null;
    }

    /** "a waits in X held by b; b waits in Y held by a". */
    private static String chain(List<Task> all, List<Task> tasks) {
        StringBuilder sb = new StringBuilder();
        for (Task t : tasks) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(t.name()).append(" waits in ").append(t.waitWhat);
            List<String> holders = new ArrayList<>();
            for (Thread h : t.blockedOn.holders()) {
                Task ht = taskOf(all, h);
                holders.add(ht != null ? ht.name() + (ht.state == TaskState.EXITED ? " (exited)" : "") : h.getName());
            }
            Waitable q = t.blockedOn.queuedBehind();
            if (q != null) {
                for (Task u : all) {
                    if (u != t && u.state == TaskState.BLOCKED && u.blockedOn == q) {
                        holders.add(u.name() + " (queued writer)");
                    }
                }
            }
            if (!holders.isEmpty()) {
                sb.append(" held by ").append(String.join(", ", holders));
            }
        }
        return sb.toString();
    }

    /** "; other tasks: c EXITED", or "" if there are none. */
    private static String others(List<Task> all, List<Task> shown) {
        StringBuilder sb = new StringBuilder();
        for (Task t : all) {
            if (!shown.contains(t)) {
                sb.append(sb.length() == 0 ? "; other tasks: " : ", ").append(t.name()).append(' ')
                        .append(t.describeLocked());
            }
        }
        return sb.toString();
    }

    private static Task taskOf(List<Task> all, Thread thread) {
        Task found = null;
        for (Task t : all) {
            if (t.thread == thread) {
                found = t;
            }
        }
        return found;
    }
}
