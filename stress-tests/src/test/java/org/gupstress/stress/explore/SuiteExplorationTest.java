package org.gupstress.stress.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Trace;
import org.junit.jupiter.api.Test;

/**
 * Explores the whole suite at a small preemption bound, as {@code ./mvnw verify} must: every SAFE design reaches no
 * forbidden outcome, every BROKEN design's bug is reached (the three-actor tests included), and every bug trace,
 * replayed as the {@code Interleaving} script the explorer prints, reproduces its outcome: once through the same
 * calls ({@link Replay}), once as the printed text itself, compiled and run ({@link PastedScripts}).
 *
 * <p>The litmus family is the one part of the suite explored elsewhere: {@link LitmusExplorationTest} explores each
 * of its tests completely (every schedule, not only those within 2 preemptions) under SC, TSO (this test's model)
 * and the weak model, with the same judge, so exploring it here again at bound 2 would only repeat a subset of those
 * schedules. That the two selections cover every test of the suite between them is checked here.
 *
 * <p>The bound is {@code -Dgupstress.explore.bound} (default 2), the per-test budget
 * {@code -Dgupstress.explore.budget.seconds} (default 60); {@code -Dgupstress.explore.reduction=false} turns the
 * sleep-set reduction off (to measure what it saves); {@code -Dgupstress.explore.tests=REGEX} explores the tests it
 * matches instead (the litmus family too, if it matches them).
 */
class SuiteExplorationTest {
    private static final int BOUND = Integer.getInteger("gupstress.explore.bound", 2);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("gupstress.explore.budget.seconds", 60));
    /** Every test but the litmus family's ({@link LitmusExplorationTest#FAMILY}): a regex {@code select} finds. */
    static final String WITHOUT_LITMUS = "^(?!.*" + LitmusExplorationTest.FAMILY + ")";
    private static final String TESTS = System.getProperty("gupstress.explore.tests", WITHOUT_LITMUS);
    private static final boolean REDUCTION = Boolean.parseBoolean(System.getProperty("gupstress.explore.reduction", "true"));

    /** No test escapes exploration: each is in this test's selection or in the litmus family's, never in both. */
    @Test
    void thisTestAndLitmusExplorationTestCoverTheSuiteBetweenThem() {
        List<Class<?>> all = SuiteExplorer.select("");
        List<Class<?>> here = SuiteExplorer.select(WITHOUT_LITMUS);
        List<Class<?>> litmus = SuiteExplorer.select(LitmusExplorationTest.FAMILY);
        assertTrue(!here.isEmpty() && !litmus.isEmpty(), here.size() + " + " + litmus.size());
        assertTrue(here.stream().noneMatch(litmus::contains), "a test in both selections");
        List<Class<?>> union = new ArrayList<>(here);
        union.addAll(litmus);
        assertEquals(new java.util.HashSet<>(all), new java.util.HashSet<>(union));
    }

    @Test
    void everyDesignIsJudgedAsExpectedAndEveryBugTraceReplays() throws Exception {
        List<String> problems = new ArrayList<>();
        Explorer.Options options = new Explorer.Options(Explorer.Strategy.DFS, BOUND, BUDGET, 0, Long.MAX_VALUE,
                REDUCTION);
        List<TestExploration> all = SuiteExplorer.explore(SuiteExplorer.select(TESTS), options, r -> {
            System.out.printf("%-11s %-80s %8d sched (%d redundant) %7.2f s  first bug %d (%.3f s)  %s%n", r.verdict(),
                    r.test(), r.exploration().schedules(), r.exploration().redundant(), r.exploration().nanos() / 1e9,
                    r.exploration().firstBug(), r.exploration().nanosToFirstBug() / 1e9, r.reason());
        });
        int replayed = 0;
        List<String> scripts = new ArrayList<>();
        for (TestExploration r : all) {
            if (r.failed()) {
                StringBuilder p = new StringBuilder(r.verdict() + " " + r.test() + ": " + r.reason());
                r.bugTraces().forEach((outcome, t) -> {
                    if (r.grades().get(outcome) == JcstressSubject.Grade.FORBIDDEN) {
                        p.append("\n").append(outcome).append(":\n").append(t.timeline()).append(r.script(outcome));
                    }
                });
                problems.add(p.toString());
            }
            for (Map.Entry<String, Trace> e : r.bugTraces().entrySet()) {
                scripts.add(r.script(e.getKey()));
                String got;
                try {
                    got = Replay.replay(testClass(r.test()), e.getValue());
                } catch (ReflectiveOperationException | AssertionError | RuntimeException ex) {
                    got = "replay failed: " + ex;
                }
                replayed++;
                if (!got.equals(e.getKey())) {
                    problems.add("replay of " + r.test() + " " + e.getKey() + " gave " + got + "\n"
                            + e.getValue().timeline() + r.script(e.getKey()));
                }
            }
        }
        // The printed scripts themselves, pasted into a source file, compiled and run.
        problems.addAll(PastedScripts.compileAndRun(scripts, Files.createTempDirectory(
                Files.createDirectories(Path.of("target")), "pasted-scripts")));
        System.out.printf("explored %d tests at bound %d (reduction %s): %d schedules in %.1f s%n", all.size(), BOUND,
                REDUCTION ? "on" : "off", all.stream().mapToLong(r -> r.exploration().schedules()).sum(),
                all.stream().mapToLong(r -> r.exploration().nanos()).sum() / 1e9);
        System.out.println("explored " + all.size() + " tests at bound " + BOUND + "; replayed " + replayed
                + " bug traces, and compiled and ran their " + scripts.size() + " printed scripts");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(all.size(), all.stream().filter(r -> !r.failed()).count());
    }

    /** The class of canonical name org.x.Outer.Inner (org.x.Outer$Inner), or of a top-level org.x.Test. */
    static Class<?> testClass(String canonical) throws ClassNotFoundException {
        int dot = canonical.lastIndexOf('.');
        try {
            return Class.forName(canonical.substring(0, dot) + "$" + canonical.substring(dot + 1));
        } catch (ClassNotFoundException nested) {
            return Class.forName(canonical);
        }
    }
}
