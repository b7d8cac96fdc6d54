package org.gupstress.reports.run;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows JCStress's console output (run with {@code -v}, so it prints every fork's result as it arrives) and
 * counts progress: forks planned (its "Results: N planned" status line), forks done, tests done.
 *
 * <p>JCStress prints, per fork, a header such as {@code .......... [OK] org.gupstress...StoreBuffering.OnceOnly},
 * later the status line, and after the run a "RUN RESULTS:" section that repeats every test; that section is not
 * counted. Nor are the lines of JCStress's probe of JVM configurations, {@code ----- [OK] [-Xmx512m]}: a
 * configuration is printed as a list, and a test name never starts with '['.
 */
public final class ConsoleMonitor {
    private static final Pattern FORK_RESULT =
            Pattern.compile("^[\\s.\\-]*\\[(OK|FAILED|ERROR|VM ERROR|TIMEOUT|SKIPPED)\\]\\s+([^\\s\\[]\\S*)\\s*$");
    private static final Pattern PLANNED = Pattern.compile("\\(Results: (\\d+) planned;");

    private final int tests;
    private final Map<String, Integer> forksByTest = new HashMap<>();
    private int plannedForks = -1;
    private int forksDone;
    private boolean finalSection;
    private String lastTest;

    /**
     * JCStress's start-up phases as it announces them, worded for the progress line; the first seconds of a run
     * are spent here, before any fork reports.
     */
    private static final java.util.List<String[]> PHASES = java.util.List.of(
            new String[]{"Burning up to figure out the exact CPU count", "counting CPUs"},
            new String[]{"Probing the target OS:", "probing the OS"},
            new String[]{"Initializing and probing the target VM:", "probing the JVM (about 20 checks)"},
            new String[]{"Probing what VM configurations are available:", "probing JVM configurations"},
            new String[]{"Detecting CPU topology and computing scheduling classes:", "detecting the CPU topology"},
            new String[]{"Attached the non-interactive output stream.", "starting the first forks"});

    /** The start-up phase a console line announces, or null. */
    public static String phase(String line) {
        String l = line.strip();
        for (String[] p : PHASES) {
            if (l.startsWith(p[0])) {
                return p[1];
            }
        }
        return null;
    }

    /** @param tests how many tests JCStress was asked to run */
    public ConsoleMonitor(int tests) {
        this.tests = tests;
    }

    /**
     * Feeds one console line.
     *
     * @return the name of a test whose last fork just finished, or null
     */
    public synchronized String accept(String line) {
        if (line.startsWith("RUN RESULTS:")) {
            finalSection = true;
            return null;
        }
        if (finalSection) {
            return null;
        }
        Matcher p = PLANNED.matcher(line);
        if (p.find()) {
            plannedForks = Integer.parseInt(p.group(1));
            return null;
        }
        Matcher m = FORK_RESULT.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String name = m.group(2);
        forksDone++;
        int n = forksByTest.merge(name, 1, Integer::sum);
        lastTest = name;
        // The status line with the planned count follows the first result; until then assume one fork per test.
        return n == forksPerTest() ? name : null;
    }

    /** Forks per test, once JCStress has said how many forks it planned (every test gets the same number in
     *  profiles with one JVM configuration; an estimate otherwise). */
    public synchronized int forksPerTest() {
        if (plannedForks <= 0 || tests == 0) {
            return 2;
        }
        return Math.max(1, Math.round(plannedForks / (float) tests));
    }

    /** Tests all of whose forks have reported. */
    public synchronized int testsDone() {
        int fpt = forksPerTest();
        return (int) forksByTest.values().stream().filter(n -> n >= fpt).count();
    }

    public synchronized int forksDone() {
        return forksDone;
    }

    /** Forks JCStress planned, or -1 before it said. */
    public synchronized int plannedForks() {
        return plannedForks;
    }

    public synchronized String lastTest() {
        return lastTest;
    }

    public int tests() {
        return tests;
    }
}
