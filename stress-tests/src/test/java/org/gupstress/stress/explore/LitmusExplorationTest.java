package org.gupstress.stress.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Trace;
import org.gupstress.stress.litmus.Exists;
import org.gupstress.stress.litmus.Litmus;
import org.junit.jupiter.api.Test;

/**
 * The LKMM's own verdicts as the proof of the explorer's memory models: every test of the {@code litmus} family (a
 * translated file of the kernel's tools/memory-model/litmus-tests/) is explored, every schedule within the bound,
 * under SC, TSO and the weak model, and
 * <ul>
 *   <li>a "Never" exists clause is reached under none of them;</li>
 *   <li>a "Sometimes" exists clause is reached under the weak model, unless the test declares the LKMM feature the
 *       weak model does not model ({@link Litmus#notModelled()}), and then it must not be reached either: the day the
 *       model learns it, this test says so;</li>
 *   <li>every exists clause reached under the weak model replays: its trace, as the {@code Interleaving} script the
 *       explorer prints (with its {@code .pick} lines), reproduces EXISTS through the same calls ({@link Replay}) and
 *       as pasted text, compiled and run ({@link PastedScripts});</li>
 *   <li>every search is complete (no bound was needed): the verdict holds for every schedule and every choice of
 *       the memory model, not only those within a bound.</li>
 * </ul>
 * The 3- and 4-thread tests (IRIW, ISA2, WRC, Z6.0), which JCStress cannot run on 2 CPUs, are explored like the
 * others. The table it prints (and writes to {@code target/litmus-exploration.md}) is README's.
 */
class LitmusExplorationTest {
    /** The family's tests, as a regex {@code SuiteExplorer.select} finds; {@link SuiteExplorationTest} leaves them here. */
    static final String FAMILY = "\\.litmus\\.";
    /** Large enough that every litmus search is complete (checked). */
    private static final int BOUND = 8;

    @Test
    void everyLitmusVerdictHoldsUnderEveryMemoryModel() throws Exception {
        List<Class<?>> tests = SuiteExplorer.select(FAMILY);
        assertTrue(tests.size() >= 30, "the litmus family is listed: " + tests.size());
        List<String> problems = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        StringBuilder table = new StringBuilder(
                "| test | LKMM | explore SC | explore TSO | explore weak | weak: schedules, seconds |\n"
                        + "|---|---|---|---|---|---|\n");
        for (Class<?> c : tests) {
            Litmus litmus = c.getAnnotation(Litmus.class);
            boolean never = litmus.result() == Litmus.Result.NEVER;
            table.append("| ").append(litmus.value()).append(" | ").append(never ? "Never" : "Sometimes");
            TestExploration weak = null;
            for (MemoryModel model : MemoryModel.values()) {
                Explorer.Options options = new Explorer.Options(Explorer.Strategy.DFS, BOUND, Duration.ofSeconds(60), 0,
                        Long.MAX_VALUE, true, model);
                TestExploration r = SuiteExplorer.explore(c, options);
                Explorer.Exploration e = r.exploration();
                String where = litmus.value() + " under " + model;
                boolean reached = e.histogram().containsKey(Exists.EXISTS.name());
                if (e.error() != null || !e.complete()) {
                    problems.add(where + ": search not complete: " + r.reason());
                }
                if (!r.verdict().equals("PASS")) {
                    problems.add(where + ": " + r.verdict() + " " + r.reason());
                }
                if (never && reached) {
                    problems.add(where + ": the LKMM's Never outcome was reached\n" + e.traces().get("EXISTS").timeline());
                }
                if (model == MemoryModel.WEAK && !never && reached == !litmus.notModelled().isEmpty()) {
                    problems.add(where + (reached ? ": reached although declared not modelled: " + litmus.notModelled()
                            : ": the LKMM's Sometimes outcome was not reached"));
                }
                table.append(" | ").append(reached ? "reached" : "never").append(" (").append(e.schedules()).append(')');
                if (model == MemoryModel.WEAK) {
                    weak = r;
                    table.append(" | ").append(e.schedules()).append(", ")
                            .append(String.format(Locale.ROOT, "%.2f", e.nanos() / 1e9));
                }
                System.out.printf("%-55s %-9s %-4s %6d schedules (%d discarded) %6.2f s  EXISTS %s%n", litmus.value(),
                        litmus.result(), model, e.schedules(), e.discarded(), e.nanos() / 1e9,
                        reached ? "reached" : "never");
            }
            table.append(" |\n");
            Trace t = weak.exploration().traces().get(Exists.EXISTS.name());
            if (t != null) {
                String got = Replay.replay(c, t);
                if (!got.equals(Exists.EXISTS.name())) {
                    problems.add("replay of " + litmus.value() + " EXISTS under WEAK gave " + got + "\n" + t.timeline()
                            + weak.script(Exists.EXISTS.name()));
                }
                scripts.add(weak.script(Exists.EXISTS.name()));
            }
        }
        problems.addAll(PastedScripts.compileAndRun(scripts, Files.createTempDirectory(
                Files.createDirectories(Path.of("target")), "pasted-litmus-scripts")));
        Files.writeString(Path.of("target", "litmus-exploration.md"), table);
        System.out.println(table);
        assertFalse(scripts.isEmpty(), "no weak-model trace was replayed");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
