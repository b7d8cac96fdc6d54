package org.gupstress.reports.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.reports.ExitCode;
import org.gupstress.reports.UserError;
import org.gupstress.reports.explore.ExplorationReport;
import org.gupstress.reports.render.ReportFiles;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.ReportBuilder;
import org.gupstress.reports.run.Selection;
import org.gupstress.reports.run.Shard;
import org.gupstress.reports.suite.SuiteCatalog;
import org.gupstress.reports.suite.TestEntry;
import org.gupstress.stress.explore.JcstressSubject;
import org.gupstress.stress.explore.SuiteExplorer;
import org.gupstress.stress.explore.TestExploration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gupstress explore}: systematic exploration of the selected tests (see
 * {@link org.gupstress.model.kernel.sched.explore.Explorer}), in this JVM, one test after another. Writes the
 * exploration into the report in {@code --out}: into the JCStress run's report if one of the same suite is there
 * (one report, both kinds of evidence per design), else into a new report whose JCStress results are NOT_RUN.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        header = "Explore every schedule of the tests within a preemption bound; print a trace for each bug.",
        description = {
        "Drives the same JCStress test classes one thread at a time (constructor = world, @Actor = threads,",
        "@Arbiter = classifier) through every schedule within the preemption bound (dfs), or random PCT schedules",
        "(pct). Scheduling decisions are taken at every schedule point, every block and wake-up of a model lock or",
        "wait, every bufferable store and every store-buffer flush. Verdicts: a forbidden outcome reached = FAIL",
        "with its trace; a BROKEN design's bug reached = PASS with its trace, not reached = UNWITNESSED; a SAFE",
        "design = PASS: no forbidden outcome within the bound. Three-actor tests run like every other.",
        "--memory-model weak also lets a load read an older write, a store go before writes its thread has not",
        "seen, and (dfs) a thread promise a later WRITE_ONCE it was seen to make when run alone, so a load reads a",
        "store later in another thread's program (load buffering), as the LKMM allows (each choice explored); the",
        "default, tso, emulates x86 store buffers."})
final class ExploreCommand implements Callable<Integer> {
    /** The search strategy. */
    enum Strategy { dfs, pct }

    @Option(names = "--tests", paramLabel = "REGEX", description = "Only tests whose name contains a match (default: all).")
    String tests;

    @Option(names = "--bound", paramLabel = "N", defaultValue = "2",
            description = "dfs: the largest preemption bound (searched 0, 1, ..., N); pct: the depth (default: ${DEFAULT-VALUE}).")
    int bound;

    @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "60s",
            description = "Wall-clock budget per test: the search stops there and says so (default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--strategy", paramLabel = "dfs|pct", defaultValue = "dfs", description = "Search strategy (default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "pct: the random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "100000000",
            description = "Cap on schedules per test (default: ${DEFAULT-VALUE}).")
    long maxSchedules;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gupstress-out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--strict", description = "UNWITNESSED fails (exit code 1, junit failure).")
    boolean strict;

    @Option(names = "--no-reduction",
            description = "dfs: run every schedule within the bound, without the sleep-set reduction (for comparison).")
    boolean noReduction;

    /** The memory model's CLI names. */
    enum Model { sc, tso, weak }

    @Option(names = "--memory-model", paramLabel = "sc|tso|weak", defaultValue = "tso",
            description = {"What WRITE_ONCE/READ_ONCE of a Word, barriers and spinlocks may do (default: ${DEFAULT-VALUE}):",
                    "sc: every store visible at once; tso: FIFO store buffers with forwarding, drained by smp_mb();",
                    "weak: a view-based LKMM-like model where a load may read any write its thread is not yet ordered",
                    "after, and a certified promise of a later WRITE_ONCE (load buffering; each choice explored), for the",
                    "litmus family and designs that drop smp_rmb/smp_wmb/acquire/release."})
    Model memoryModel;

    @Option(names = "--traces", description = "Print every bug trace (timeline and Interleaving script); FAIL traces are always printed.")
    boolean traces;

    @Override
    public Integer call() {
        if (bound < 0) {
            throw new UserError("--bound " + bound + ": must be at least 0");
        }
        if (maxSchedules < 1) {
            throw new UserError("--max-schedules " + maxSchedules + ": must be at least 1");
        }
        Duration perTest = Durations.parse("--budget", budget);
        SuiteCatalog catalog = SuiteCatalog.load();
        int cpus = Runtime.getRuntime().availableProcessors();
        // Exploration needs no CPU per actor: select as if the machine had enough for every test.
        Selection sel = Selection.of(catalog, tests, Shard.ALL, null, Math.max(cpus, 64));
        Report prior = priorReport(catalog);
        ReportFiles.prepare(out);
        Explorer.Options options = new Explorer.Options(
                strategy == Strategy.dfs ? Explorer.Strategy.DFS : Explorer.Strategy.PCT, bound, perTest, seed, maxSchedules,
                !noReduction, MemoryModel.parse(memoryModel.name()));
        Map<String, ExplorationReport> explored = new TreeMap<>();
        if (prior != null && prior.explorations() != null) {
            explored.putAll(prior.explorations());
        }
        Instant started = Instant.now();
        List<TestEntry> selected = sel.selected();
        System.out.printf("gupstress explore: %d tests, %s, bound %d, budget %s per test, memory model %s%s%n",
                selected.size(), strategy, bound, budget, memoryModel,
                strategy == Strategy.dfs && noReduction ? ", no reduction" : "");
        boolean failed = false;
        int n = 0;
        for (TestEntry entry : selected) {
            Class<?> c = load(entry);
            TestExploration r = SuiteExplorer.explore(c, options);
            ExplorationReport section = ExplorationReport.of(r, new JcstressSubject(c));
            explored.put(entry.name(), section);
            n++;
            System.out.printf("[%d/%d] %-11s %s: %s%n", n, selected.size(), r.verdict(), entry.name(), r.reason());
            boolean bad = r.verdict().equals("FAIL") || r.verdict().equals("ERROR")
                    || strict && r.verdict().equals("UNWITNESSED");
            failed |= bad;
            if (traces || r.verdict().equals("FAIL")) {
                for (ExplorationReport.TraceReport t : section.traces()) {
                    System.out.println("\n  " + t.outcome() + " (" + t.grade() + "): " + t.description() + "\n"
                            + t.timeline().indent(2) + "\n" + t.script().indent(2));
                }
            }
        }
        Report report = prior != null ? prior : ReportBuilder.build(catalog, List.of(), sel.selected(), Map.of(),
                "not run by JCStress: this report holds an exploration only", runInfo(started), name -> null);
        ReportFiles.write(report.withExplorations(new LinkedHashMap<>(explored)), out, null,
                Files.isRegularFile(out.resolve("jcstress").resolve("index.html")));
        System.out.println("report: " + out.resolve("index.html") + ", " + out.resolve("summary.md"));
        return failed ? ExitCode.FAILED : ExitCode.OK;
    }

    /** The report already in --out, if it is one of this suite (explorations are added to it), else null. */
    private Report priorReport(SuiteCatalog catalog) {
        Path file = out.resolve("report.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Report r = ReportJson.read(file);
        if (!r.suiteVersion().equals(catalog.version())) {
            throw new UserError("--out " + out + " holds a report of another suite version (" + r.suiteVersion()
                    + "); explore into another directory");
        }
        return r;
    }

    private Report.RunInfo runInfo(Instant started) {
        List<String> notes = new ArrayList<>();
        notes.add("explore only: JCStress did not run; see the Exploration section");
        return new Report.RunInfo("explore", null, tests, null, null, strict, started.toString(), null, "EXPLORED", notes);
    }

    /** A generated design test is nested in its scenario ({@code pkg.Scenario$Design}); a litmus test is top-level. */
    private static Class<?> load(TestEntry e) {
        int dot = e.name().lastIndexOf('.');
        try {
            return Class.forName(e.name().substring(0, dot) + "$" + e.name().substring(dot + 1));
        } catch (ClassNotFoundException nested) {
            try {
                return Class.forName(e.name());
            } catch (ClassNotFoundException ex) {
                ex.addSuppressed(nested);
                throw new IllegalStateException("test class " + e.name() + " is listed but cannot be loaded", ex);
            }
        }
    }
}
