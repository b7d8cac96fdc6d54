package org.gupstress.reports.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.UserError;
import org.gupstress.reports.compare.Comparison;
import org.gupstress.reports.render.ReportFiles;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.ReportBuilder;
import org.gupstress.reports.results.ResultsReader;
import org.gupstress.reports.run.ConsoleResults;
import org.gupstress.reports.run.ForkJvm;
import org.gupstress.reports.run.JcstressRunner;
import org.gupstress.reports.run.JcstressRunner.Completion;
import org.gupstress.reports.run.Profile;
import org.gupstress.reports.run.RunRecord;
import org.gupstress.reports.run.Selection;
import org.gupstress.reports.run.Shard;
import org.gupstress.reports.suite.SuiteCatalog;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.HTMLReportPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gupstress run}: selects the tests, runs JCStress in a subprocess with the profile's options, survives hung
 * forks, deadlines and interruption, and writes the report (partial if it must).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run the suite with JCStress and write the report (the main job).",
        description = {
        "Run the suite (or part of it) with JCStress and write report.json, junit.xml, summary.md and index.html.",
        "Profiles (time per 2-actor test on 2 cores with forks on JDK 18+, plus ~15 s of JCStress start-up per run;",
        "JDK 17 runs two forks per configuration):",
        "  smoke  default; one JVM configuration, one fork, 5 s of timed sampling: ~7 s",
        "  ci     one JVM configuration, one fork, 5 x 2 s of timed sampling: ~12 s",
        "  quick  JCStress -m quick (all JVM configurations and compilation modes): 55-100 s",
        "  soak   JCStress -m tough (~600 forks x 10 s): ~2 h; for many-core machines"})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "NAME", description = "smoke (default), ci, quick or soak.")
    String profile;

    @Option(names = "--tests", paramLabel = "REGEX", description = "Only tests whose name contains a match (as JCStress -t).")
    String tests;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs for JCStress (default: all). Tests with more actors are NOT_RUN.")
    Integer cpus;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run the I-th of N disjoint parts of the selection (merge the N reports).")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gupstress-out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--strict", description = "UNWITNESSED (a BROKEN design's bug not seen) fails the run.")
    boolean strict;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "Global deadline (default from the profile: 10 min + 4 x the estimate per test).")
    String deadline;

    @Option(names = "--fork-deadline", paramLabel = "DURATION", hidden = true, description = "Override the profile's per-fork deadline (tests).")
    String forkDeadline;

    @Option(names = "--time", paramLabel = "MS", hidden = true, description = "Milliseconds of timed sampling per "
            + "iteration instead of the smoke or ci profile's (integration tests: 500 for those that check the plumbing, 3000 for "
            + "the CI gate's tests with a wide witness margin; each reproduce line repeats it).")
    Integer timeMillis;

    @Option(names = "--baseline", paramLabel = "BASE.json", description = "Compare with this report: changes go into summary.md; a regression fails the run.")
    Path baseline;

    @Option(names = "--durations", paramLabel = "REPORT.json", description = "Balance --shard by each test's wall time in this earlier report (default: the profile's estimate per test).")
    Path durations;

    @Option(names = "--budget", paramLabel = "DURATION", description = "Run the selection again and again until DURATION (e.g. 8h) is spent, merging the rounds; the report in --out is a checkpoint after every round.")
    String budget;

    @Option(names = "--java", paramLabel = "JDK", description = "The JDK that runs JCStress and its forks (a JDK home or its bin/java; "
            + "default: $GUPSTRESS_JAVA, else the newest JDK 17+ among this one, $JAVA_HOME and /usr/lib/jvm/*). On JDK 18+ a "
            + "test needs one fork, on JDK 17 two (+/-UseBiasedLocking).")
    String forkJdk;

    @Option(names = "--skip-lint", hidden = true, description = "Run a suite that fails its lint (tests: show that the judge alone still fails a mis-graded design).")
    boolean skipLint;

    @Option(names = "--fork-jvm-arg", paramLabel = "ARG", hidden = true, description = "Prepend a JVM argument to every fork (tests: provoke a model report).")
    List<String> forkJvmArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the input is checked before anything is written.
        Profile p = profile == null ? Profile.DEFAULT : Profile.parse(profile);
        Shard s = shard == null ? Shard.ALL : Shard.parse(shard);
        Duration forkLimit = forkDeadline == null ? p.forkDeadline() : Durations.parse("--fork-deadline", forkDeadline);
        Duration budgetLimit = budget == null ? null : Durations.parse("--budget", budget);
        if (timeMillis != null && timeMillis <= 0) {
            throw new UserError("--time " + timeMillis + ": must be a positive number of milliseconds");
        }
        Report base = baseline == null ? null : ReportJson.read(baseline);
        Map<String, Double> weights = durations == null ? Map.of() : Shard.weights(ReportJson.read(durations));
        if (!skipLint) {
            SuiteLintGate.check(Home.home());
        }
        ForkJvm jvm = ForkJvm.choose(forkJdk, System.getenv("GUPSTRESS_JAVA"), System.getenv("JAVA_HOME"));
        p.iterationMillis(jvm, time()); // --time with quick or soak is a usage error, before anything is written
        SuiteCatalog catalog = SuiteCatalog.load(Home.home());
        Selection sel = Selection.of(catalog, tests, s, cpus, Runtime.getRuntime().availableProcessors(),
                t -> weights.getOrDefault(t.name(), (double) p.estimatePerTest(jvm).toSeconds()));
        Duration globalLimit = deadline == null ? p.globalDeadline(sel.runnable().size(), jvm) : Durations.parse("--deadline", deadline);
        Path jar = sel.runnable().isEmpty() ? null : Home.jcstressJar();
        ReportFiles.prepare(out);

        PrintStream progress = System.err;
        if (sel.selected().isEmpty()) {
            progress.println("gupstress: warning: shard " + s + " of " + Fmt.plural(sel.matched(), "selected test")
                    + " is empty: nothing to run (use fewer shards than tests)");
        }
        for (var e : sel.notRun().entrySet()) {
            progress.println("gupstress: NOT_RUN " + e.getKey() + ": " + e.getValue());
        }
        Guard guard = new Guard();
        Runtime.getRuntime().addShutdownHook(guard.hook);
        try {
            Report report;
            if (budgetLimit == null) {
                report = round(p, jvm, sel, catalog, jar, forkLimit, globalLimit, out, guard, progress);
            } else {
                report = campaign(p, jvm, sel, catalog, jar, forkLimit, budgetLimit, guard, progress);
            }
            Comparison.Result cmp = base == null ? null : Comparison.compare(base, report, Comparison.Thresholds.DEFAULT);
            if (cmp != null) {
                ReportFiles.write(report, out, Comparison.markdown(cmp, Comparison.Thresholds.DEFAULT),
                        Files.isRegularFile(out.resolve("jcstress/index.html")));
            }
            Summary.print(System.out, report, out);
            if (cmp != null && cmp.regressed()) {
                System.out.println("gupstress: " + Fmt.plural(cmp.regressions().size(), "regression") + " against " + baseline);
            }
            boolean failed = report.tests().stream().anyMatch(t -> t.verdict().fails(strict)) || (cmp != null && cmp.regressed());
            if (failed) {
                return ExitCode.FAILED;
            }
            return "COMPLETE".equals(report.run().completion()) || "MERGED".equals(report.run().completion())
                    && !guard.triggered ? ExitCode.OK : ExitCode.INCOMPLETE;
        } finally {
            guard.done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(guard.hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has waited for us
            }
        }
    }

    /**
     * {@code --budget}: rounds of the whole selection into {@code out/rounds/round-N}, each a complete report of its
     * own; after every round the rounds so far are merged into {@code out} (written atomically: a kill at any time
     * leaves the last checkpoint). A new round starts only if the time left is at least the longest round so far,
     * and gets the time left as its global deadline.
     */
    private Report campaign(Profile p, ForkJvm jvm, Selection sel, SuiteCatalog catalog, Path jar, Duration forkLimit, Duration budgetLimit,
                            Guard guard, PrintStream progress) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Map<String, Report> rounds = new LinkedHashMap<>();
        Duration longest = Duration.ZERO;
        Report merged = null;
        for (int n = 1; !guard.triggered; n++) {
            Duration left = budgetLimit.minus(Duration.between(start, Instant.now()));
            if (n > 1 && left.compareTo(longest) < 0) {
                progress.println("gupstress: budget: " + Fmt.duration(left.toSeconds()) + " left, less than a round ("
                        + Fmt.duration(longest.toSeconds()) + "): stopping after " + Fmt.plural(n - 1, "round"));
                break;
            }
            progress.println("gupstress: budget: round " + n + ", " + Fmt.duration(left.toSeconds()) + " left of "
                    + Fmt.duration(budgetLimit.toSeconds()));
            Path dir = out.resolve("rounds").resolve("round-" + n);
            Instant roundStart = Instant.now();
            Report r = round(p, jvm, sel, catalog, jar, forkLimit, left, dir, guard, progress);
            Duration took = Duration.between(roundStart, Instant.now());
            longest = took.compareTo(longest) > 0 ? took : longest;
            String roundDir = out.relativize(dir).toString().replace('\\', '/');
            rounds.put(roundDir + "/report.json", r);
            // The checkpoint lives in out, the round's JCStress pages in its round directory: after one round the
            // checkpoint is that round's report, whose links are made relative to out; a merge drops them.
            merged = rounds.size() == 1 ? relinkPages(r, roundDir) : org.gupstress.reports.merge.Merger.merge(rounds);
            Report.RunInfo m = merged.run();
            List<String> notes = new ArrayList<>(m.notes() == null ? List.of() : m.notes());
            notes.add(0, "budget " + Fmt.duration(budgetLimit.toSeconds()) + ": " + Fmt.plural(rounds.size(), "round")
                    + " in " + Fmt.duration(Duration.between(start, Instant.now()).toSeconds()) + " (rounds in rounds/)");
            merged = new Report(merged.schema(), merged.suiteVersion(), merged.generatedAt(),
                    new Report.RunInfo(p.cliName(), r.run().jcstressOptions(), tests, r.run().shard(), r.run().cpus(), strict,
                            start.toString(), Duration.between(start, Instant.now()).toMillis() / 1000.0,
                            rounds.size() == 1 ? r.run().completion() : m.completion(), List.copyOf(notes),
                            verdictOptions()),
                    merged.environments(), merged.summary(), merged.tests());
            ReportFiles.write(merged, out, null, false);
            progress.println("gupstress: budget: checkpoint after round " + n + ": " + org.gupstress.reports.render.SummaryMarkdown.counts(merged.summary())
                    + " in " + out.resolve("report.json"));
            if (!"COMPLETE".equals(r.run().completion())) {
                break;
            }
        }
        return merged;
    }

    /** One run of JCStress over the selection into {@code dir}: the report is written there and returned. */
    private Report round(Profile p, ForkJvm jvm, Selection sel, SuiteCatalog catalog, Path jar, Duration forkLimit, Duration globalLimit,
                         Path dir, Guard guard, PrintStream progress) throws IOException, InterruptedException {
        ReportFiles.prepare(dir);
        Instant start = Instant.now();
        List<TestResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> options = List.of();
        Map<String, List<ReportBuilder.Recovered>> recovered = Map.of();
        Map<String, List<Double>> forkSeconds = Map.of();
        Completion completion = Completion.COMPLETE;
        int forksPerTest = -1;
        Duration wall = Duration.ZERO;
        boolean jcstressIndex = false;
        Path jcstressDir = dir.resolve("jcstress");
        if (jar != null) {
            JcstressRunner runner = new JcstressRunner(jar, p, sel, forkLimit, globalLimit, jvm, forkJvmArgs, time(), progress);
            guard.runner = runner;
            Path work = dir.resolve(".jcstress-run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(start));
            JcstressRunner.Result r = runner.run(work);
            completion = guard.triggered ? Completion.INTERRUPTED : r.completion();
            options = r.options();
            forksPerTest = r.forksPerTest();
            forkSeconds = r.forkSeconds();
            wall = r.wall();
            notes.addAll(r.notes());
            if (r.resultsFile().isPresent()) {
                Path file = r.resultsFile().get();
                ResultsReader.Contents c = ResultsReader.read(file, ResultsReader.Mode.PARTIAL);
                results.addAll(c.results());
                if (c.truncated() && completion == Completion.COMPLETE) {
                    completion = Completion.JCSTRESS_FAILED;
                    notes.add("JCStress exited with code " + r.exitCode() + " without closing its results file; "
                            + "see jcstress/console.log");
                }
                Files.move(file, work.resolve("results.bin.gz"));
            }
            if (completion != Completion.COMPLETE) {
                recovered = recoverFromConsole(work.resolve("console.log"), results, p.iterations(), p.iterationMillis(jvm, time()), notes);
                if (!results.isEmpty()) {
                    writeJcstressPages(results, work);
                }
            }
            replaceDir(work, jcstressDir);
            jcstressIndex = Files.isRegularFile(jcstressDir.resolve("index.html"));
        }
        if (guard.triggered) {
            completion = Completion.INTERRUPTED; // Ctrl-C reaches JCStress too: it may die before our hook runs
        }
        String missing = switch (completion) {
            case COMPLETE -> "JCStress reported no result for it (see jcstress/console.log)";
            case INTERRUPTED -> "the run was interrupted before this test finished";
            case DEADLINE -> "the global deadline passed before this test finished";
            case JCSTRESS_FAILED -> "JCStress failed before running it (see jcstress/console.log)";
        };
        Report.RunInfo run = new Report.RunInfo(p.cliName(), options, tests, shard == null ? null : sel.shard().toString(),
                sel.cpus(), strict, start.toString(), wall.toMillis() / 1000.0, completion.name(), List.copyOf(notes),
                verdictOptions());
        Path pages = jcstressDir;
        Report report = ReportBuilder.build(catalog, results, recovered, forkSeconds, sel.selected(), sel.notRun(), missing,
                run, name -> Files.isRegularFile(pages.resolve(name + ".html")) ? "jcstress/" + name + ".html" : null);
        if (completion != Completion.COMPLETE && forksPerTest > 0) {
            report = qualifyPartialTests(report, forksPerTest, completion);
        }
        ReportFiles.write(report, dir, null, jcstressIndex);
        // the jcstress.results file stays with the run, for 'gupstress report'
        RunRecord.write(dir, report);
        return report;
    }

    /**
     * The options given that can change a test's verdict, for every test's reproduce line: {@code --cpus} (which
     * tests can run, how JCStress places the actors), {@code --fork-deadline} (a fork killed is an ERROR),
     * {@code --time} (fewer samples), {@code --strict} (UNWITNESSED fails). {@code --fork-jvm-arg} is repeated from
     * JCStress's options. Null if none.
     */
    List<String> verdictOptions() {
        List<String> o = new ArrayList<>();
        if (cpus != null) {
            o.addAll(List.of("--cpus", cpus.toString()));
        }
        if (forkDeadline != null) {
            o.addAll(List.of("--fork-deadline", forkDeadline));
        }
        if (timeMillis != null) {
            o.addAll(List.of("--time", timeMillis.toString()));
        }
        if (strict) {
            o.add("--strict");
        }
        return o.isEmpty() ? null : List.copyOf(o);
    }

    /** {@code --time}, or 0 for the profile's own. */
    private int time() {
        return timeMillis == null ? 0 : timeMillis;
    }

    /** A round's report as seen from {@code out}: its links to JCStress's pages go into {@code roundDir}. */
    static Report relinkPages(Report r, String roundDir) {
        List<org.gupstress.reports.report.TestReport> tests = r.tests().stream()
                .map(t -> t.jcstressPage() == null ? t : t.withJcstressPage(roundDir + "/" + t.jcstressPage()))
                .toList();
        return new Report(r.schema(), r.suiteVersion(), r.generatedAt(), r.run(), r.environments(), r.summary(), tests);
    }

    /** In a run cut short, a test judged on fewer forks than planned says so in its reason. */
    static Report qualifyPartialTests(Report report, int forksPerTest, Completion completion) {
        List<org.gupstress.reports.report.TestReport> tests = report.tests().stream()
                .map(t -> t.forks() > 0 && t.forks() < forksPerTest
                        ? t.withReason(t.reason() + " [only " + t.forks() + " of " + forksPerTest + " forks: run "
                        + completion.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "]")
                        : t)
                .toList();
        return new Report(report.schema(), report.suiteVersion(), report.generatedAt(), report.run(),
                report.environments(), report.summary(), tests);
    }

    /**
     * The forks JCStress printed but did not get into its results file before it was killed (see
     * {@link ConsoleResults}): the file's results are a prefix of the console's, in the same order.
     */
    private static Map<String, List<ReportBuilder.Recovered>> recoverFromConsole(Path console, List<TestResult> fromFile,
                                                                                 int iterations, int iterationMillis,
                                                                                 List<String> notes) {
        List<ConsoleResults.Fork> printed;
        try {
            printed = ConsoleResults.parse(console);
        } catch (IOException e) {
            notes.add("could not read JCStress's console output: " + e.getMessage());
            return Map.of();
        }
        int k = fromFile.size();
        boolean prefix = k <= printed.size();
        for (int i = 0; prefix && i < k; i++) {
            prefix = printed.get(i).test().equals(fromFile.get(i).getName());
        }
        if (!prefix) {
            notes.add("JCStress's console and results file disagree; only the results file is used");
            return Map.of();
        }
        String host = ReportBuilder.hostName();
        Map<String, List<ReportBuilder.Recovered>> out = new LinkedHashMap<>();
        for (ConsoleResults.Fork f : printed.subList(k, printed.size())) {
            out.computeIfAbsent(f.test(), t -> new ArrayList<>()).add(new ReportBuilder.Recovered(
                    f.toForkResult(host, iterations, iterationMillis), f.grades()));
        }
        if (printed.size() > k) {
            notes.add((printed.size() - k) + " of " + printed.size() + " fork results were recovered from JCStress's "
                    + "console output: JCStress was killed before they reached its results file");
        }
        return out;
    }

    /**
     * JCStress writes its HTML only when a run ends normally; for a cut-short run its own printer renders the
     * results we have. These results were produced by this run on this machine (JCStress's pages do not escape
     * their content, so gupstress never renders them from a results file it did not produce).
     */
    private static void writeJcstressPages(List<TestResult> results, Path dir) {
        try {
            InProcessCollector collector = new InProcessCollector();
            results.forEach(collector::add);
            Options opts = new Options(new String[0]) {
                @Override
                public String getResultDest() {
                    return dir.toString();
                }
            };
            new HTMLReportPrinter(opts, collector, new PrintStream(OutputStream.nullOutputStream())).work();
        } catch (IOException | RuntimeException e) {
            System.err.println("gupstress: could not write JCStress's pages for the partial run: " + e);
        }
    }

    /** Replaces {@code target} by {@code fresh}: the old directory is removed only after the new one is in place. */
    static void replaceDir(Path fresh, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + "-old-" + System.nanoTime());
            Files.move(target, old);
        }
        Files.move(fresh, target);
        if (old != null) {
            try (Stream<Path> walk = Files.walk(old)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The shutdown hook: on SIGINT/SIGTERM stop JCStress and wait (bounded) until the partial report is written. */
    static final class Guard {
        final CountDownLatch done = new CountDownLatch(1);
        volatile JcstressRunner runner;
        volatile boolean triggered;
        final Thread hook = new Thread(this::interrupt, "gupstress-interrupt");

        private void interrupt() {
            if (done.getCount() == 0) {
                return;
            }
            triggered = true;
            System.err.println("gupstress: interrupted: stopping JCStress and writing the partial report");
            JcstressRunner r = runner;
            if (r != null) {
                r.interrupt();
            }
            try {
                done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
