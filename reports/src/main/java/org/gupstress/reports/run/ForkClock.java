package org.gupstress.reports.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wall time of each JCStress fork, from its start to its result: the start from the process table (a fork's
 * {@link ProcessHandle.Info#startInstant()}, seen by polling JCStress's descendants), the end when JCStress prints the
 * fork's result. JCStress does not say which test a fork runs, so a result is matched to the oldest fork not yet
 * matched: exact when forks run one at a time (a 2-actor test on 2 CPUs), and when several run at once, the order
 * JCStress starts and finishes forks of equal length. A fork that started and ended between two polls is timed
 * from the previous result (or the first fork's start).
 *
 * <p>Thread-safety: all methods are synchronized (the runner's poll loop and its console reader call them).
 */
final class ForkClock {
    private final Map<String, Instant> unmatched = new LinkedHashMap<>();
    private final Set<String> known = new HashSet<>();
    private final Map<String, List<Double>> byTest = new LinkedHashMap<>();
    private final List<Double> all = new ArrayList<>();
    private Instant firstStart;
    private Instant lastResult;

    /** Notes every fork below {@code root} not seen before. */
    synchronized void observe(ProcessHandle root) {
        root.descendants().filter(ForkWatchdog::isFork).forEach(p -> {
            Instant start = p.info().startInstant().orElse(Instant.now());
            String key = p.pid() + "@" + start;
            if (known.add(key)) {
                unmatched.put(key, start);
                if (firstStart == null || start.isBefore(firstStart)) {
                    firstStart = start;
                }
            }
        });
    }

    /** A fork of {@code test} reported its result at {@code now}. */
    synchronized void result(String test, Instant now) {
        Map.Entry<String, Instant> oldest = null;
        for (Map.Entry<String, Instant> e : unmatched.entrySet()) {
            if (oldest == null || e.getValue().isBefore(oldest.getValue())) {
                oldest = e;
            }
        }
        Instant start;
        if (oldest != null) {
            start = oldest.getValue();
            unmatched.remove(oldest.getKey());
        } else {
            start = lastResult != null ? lastResult : firstStart != null ? firstStart : now;
        }
        double seconds = Math.max(0, Duration.between(start, now).toMillis() / 1000.0);
        byTest.computeIfAbsent(test, k -> new ArrayList<>()).add(seconds);
        all.add(seconds);
        lastResult = now;
        if (firstStart == null) {
            firstStart = start;
        }
    }

    /** Per test, its forks' wall times in result order. */
    synchronized Map<String, List<Double>> byTest() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        byTest.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** When the first fork started, or null before any did. */
    synchronized Instant firstStart() {
        return firstStart;
    }
}
