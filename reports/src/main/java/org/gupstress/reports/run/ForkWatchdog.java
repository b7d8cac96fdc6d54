package org.gupstress.reports.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Kills JCStress forks that live too long. JCStress 0.16 waits forever for a fork that never exits (an actor or
 * the test's sanity check blocked for good, a JVM stuck in a safepoint); killing the fork makes JCStress record
 * VM_ERROR for that test ("Failed with error code 137") and go on with the rest.
 *
 * <p>A fork is a descendant of the JCStress process whose command line contains {@link #FORK_MAIN}. Its age is
 * measured from when the watchdog first saw it (a process is known by pid and start time, so a reused pid is a new
 * fork); with one check a second, a fork is killed at most a second late and never early.
 */
public final class ForkWatchdog {
    /** JCStress's fork entry point; every fork's command line names it. */
    public static final String FORK_MAIN = "org.openjdk.jcstress.ForkedMain";

    private final Supplier<Instant> clock;
    private final Duration deadline;
    private final Consumer<String> notes;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final List<Long> killed = new ArrayList<>();

    /**
     * @param deadline how long a fork may live
     * @param notes    receives one line per killed fork
     */
    public ForkWatchdog(Duration deadline, Consumer<String> notes) {
        this(deadline, notes, Instant::now);
    }

    ForkWatchdog(Duration deadline, Consumer<String> notes, Supplier<Instant> clock) {
        this.deadline = deadline;
        this.notes = notes;
        this.clock = clock;
    }

    /** One pass over {@code root}'s descendants: kills every fork older than the deadline. Returns how many. */
    public int check(ProcessHandle root) {
        Instant now = clock.get();
        int n = 0;
        List<ProcessHandle> forks = root.descendants().filter(ForkWatchdog::isFork).toList();
        for (ProcessHandle fork : forks) {
            String key = fork.pid() + "@" + fork.info().startInstant().map(Instant::toString).orElse("?");
            Instant seen = firstSeen.computeIfAbsent(key, k -> now);
            Duration age = Duration.between(seen, now);
            if (age.compareTo(deadline) > 0 && fork.isAlive() && !killed.contains(fork.pid())) {
                killTree(fork);
                killed.add(fork.pid());
                notes.accept("killed JCStress fork pid " + fork.pid() + " after " + age.toSeconds()
                        + " s (fork deadline " + deadline.toSeconds() + " s): it is reported as ERROR (VM_ERROR)");
                n++;
            }
        }
        return n;
    }

    /** The pids killed so far. */
    public List<Long> killed() {
        return List.copyOf(killed);
    }

    static boolean isFork(ProcessHandle p) {
        return p.info().commandLine().map(c -> c.contains(FORK_MAIN)).orElse(false);
    }

    /** Kills {@code p} and everything below it, children first (so none is re-parented and forgotten). */
    public static void killTree(ProcessHandle p) {
        p.descendants().toList().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
