package org.gupstress.reports.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gupstress.reports.report.Fmt;

/**
 * Runs the shaded {@code jcstress.jar} in a subprocess for one {@link Selection} and {@link Profile}, and survives
 * what JCStress 0.16 does not:
 * <ul>
 *   <li>a hung fork: {@link ForkWatchdog} kills it after the profile's fork deadline; JCStress records VM_ERROR
 *       for that test and goes on;</li>
 *   <li>a run that takes too long: past the global deadline everything is killed and the results so far are kept
 *       ({@link Completion#DEADLINE});</li>
 *   <li>interruption: {@link #interrupt()} (called from the CLI's shutdown hook on SIGINT/SIGTERM) kills JCStress
 *       and its forks; the caller then reads what the results file holds ({@link Completion#INTERRUPTED}).</li>
 * </ul>
 * JCStress's console output goes to {@code console.log} in the run directory and is followed for progress
 * (tests done / planned, elapsed, ETA), printed to {@code progress}.
 */
public final class JcstressRunner {
    /** How a run ended. */
    public enum Completion {
        /** JCStress finished and closed its results file. */
        COMPLETE,
        /** SIGINT/SIGTERM: JCStress was killed; partial results. */
        INTERRUPTED,
        /** The global deadline passed: JCStress was killed; partial results. */
        DEADLINE,
        /** JCStress exited without a results file (see console.log). */
        JCSTRESS_FAILED
    }

    /**
     * What a run produced.
     *
     * @param completion   how it ended
     * @param dir          the run directory (console.log, results file, JCStress's HTML)
     * @param resultsFile  JCStress's results file, if it wrote one
     * @param exitCode     JCStress's exit code (-1 if killed)
     * @param options      the JCStress options used
     * @param startedAt    start
     * @param wall         wall time
     * @param notes        forks killed, deadlines
     * @param forksPerTest forks JCStress planned per test (from its console), or -1 if it never said
     * @param forkSeconds  per test, its forks' wall times (fork start to result) in the order JCStress reported them
     */
    public record Result(Completion completion, Path dir, Optional<Path> resultsFile, int exitCode, List<String> options,
                         Instant startedAt, Duration wall, List<String> notes, int forksPerTest,
                         java.util.Map<String, List<Double>> forkSeconds) {
    }

    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final Path jar;
    private final Profile profile;
    private final Selection selection;
    private final Duration forkDeadline;
    private final Duration globalDeadline;
    private final PrintStream progress;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final ForkClock clock = new ForkClock();
    private final List<String> forkJvmArgs;
    private final ForkJvm jvm;
    private final int timeMillis;

    private volatile Process process;
    private volatile boolean interrupted;

    /**
     * @param jvm         the JDK that runs JCStress and so every fork ({@link ForkJvm})
     * @param forkJvmArgs JVM arguments prepended to every fork's (system properties for the model), may be empty
     * @param timeMillis  milliseconds per iteration instead of the profile's, or 0 ({@code run --time})
     */
    public JcstressRunner(Path jar, Profile profile, Selection selection, Duration forkDeadline, Duration globalDeadline,
                          ForkJvm jvm, List<String> forkJvmArgs, int timeMillis, PrintStream progress) {
        this.jvm = jvm;
        this.timeMillis = timeMillis;
        this.forkJvmArgs = List.copyOf(forkJvmArgs);
        this.jar = jar;
        this.profile = profile;
        this.selection = selection;
        this.forkDeadline = forkDeadline;
        this.globalDeadline = globalDeadline;
        this.progress = progress;
    }

    /**
     * The JCStress options of this run (profile options, CPUs, test selection, no heap pre-touch, verbosity, report
     * directory).
     *
     * <p>{@code -pth false}: JCStress 0.16 pre-touches the heap ({@code -Xms256M -XX:+AlwaysPreTouch}) of every JVM it
     * starts, the twenty-odd that probe the JVM's flags before the first fork as well as every fork. Measured on a
     * 2-core VM (JDK 25): a probe JVM takes 0.15 s without it and 0.7-1.4 s with it, so most of a run's start-up
     * (first fork after 14 s) was spent touching memory no test uses; without it the first fork starts after 4-5 s.
     * The forks' wall times and samples did not change beyond run-to-run noise (two runs each way of four tests).
     */
    public List<String> options() {
        List<String> o = new ArrayList<>(profile.jcstressOptions(jvm, forkJvmArgs, timeMillis));
        o.addAll(List.of("-c", String.valueOf(selection.cpus()), "-t", selection.jcstressRegex(), "-pth", "false", "-v",
                "-r", "."));
        return o;
    }

    /** Runs JCStress in {@code dir} (created; should be fresh) and waits for it, enforcing the deadlines. */
    public Result run(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(jvm.java().toString()); // JCStress 0.16 starts its forks with its own java
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(options());
        Instant start = Instant.now();
        ConsoleMonitor monitor = new ConsoleMonitor(selection.runnable().size());
        int n = selection.runnable().size();
        progress.printf("gupstress: running %s (profile %s, %s; estimate %s at ~%d s per test on 2 CPUs); forks on %s; "
                        + "JCStress output: %s%n", Fmt.plural(n, "test"), profile.cliName(), Fmt.plural(selection.cpus(), "CPU"),
                Fmt.duration(estimate(n).toSeconds()), profile.estimatePerTest(jvm).toSeconds(), jvm.describe(),
                dir.resolve("console.log"));
        progress.flush();

        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        synchronized (this) {
            if (interrupted) {
                return finish(dir, Completion.INTERRUPTED, -1, start, -1);
            }
            process = pb.start();
        }
        Thread reader = new Thread(() -> follow(process, dir.resolve("console.log"), monitor, start), "jcstress-console");
        reader.setDaemon(true);
        reader.start();

        ForkWatchdog watchdog = new ForkWatchdog(forkDeadline, this::note);
        boolean deadlineHit = false;
        Instant lastBeat = start;
        while (!process.waitFor(1, TimeUnit.SECONDS)) {
            watchdog.check(process.toHandle());
            clock.observe(process.toHandle());
            Instant now = Instant.now();
            if (Duration.between(start, now).compareTo(globalDeadline) > 0) {
                note("global deadline of " + Fmt.duration(globalDeadline.toSeconds()) + " passed: JCStress killed, "
                        + "tests without results are NOT_RUN");
                deadlineHit = true;
                ForkWatchdog.killTree(process.toHandle());
                process.waitFor(30, TimeUnit.SECONDS);
                break;
            }
            if (Duration.between(lastBeat, now).compareTo(HEARTBEAT) >= 0) {
                printProgress(monitor, start, null);
                lastBeat = now;
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        int exit = process.isAlive() ? -1 : process.exitValue();
        Completion c = interrupted ? Completion.INTERRUPTED : deadlineHit ? Completion.DEADLINE : Completion.COMPLETE;
        return finish(dir, c, exit, start, monitor.plannedForks() > 0 ? monitor.forksPerTest() : -1);
    }

    /**
     * Stops the run from another thread (the shutdown hook): kills the forks and JCStress. {@link #run} then returns
     * with {@link Completion#INTERRUPTED}.
     */
    public void interrupt() {
        Process p;
        synchronized (this) {
            interrupted = true;
            p = process;
        }
        if (p != null) {
            note("interrupted: JCStress killed, tests without results are NOT_RUN");
            ForkWatchdog.killTree(p.toHandle());
        }
    }

    private Result finish(Path dir, Completion completion, int exit, Instant start, int forksPerTest) throws IOException {
        Optional<Path> results;
        try (Stream<Path> files = Files.list(dir)) {
            results = files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                    .max(Comparator.comparing(f -> f.getFileName().toString()));
        }
        // JCStress 0.16 exits with 1 when a test failed or erred (its ExceptionReportPrinter throws): only a missing
        // results file (or, found by the reader, one it did not close) means JCStress itself failed.
        if (completion == Completion.COMPLETE && results.isEmpty()) {
            completion = Completion.JCSTRESS_FAILED;
            note("JCStress exited with code " + exit + " and wrote no results file; see jcstress/console.log");
        }
        return new Result(completion, dir, results, exit, options(), start, Duration.between(start, Instant.now()),
                List.copyOf(notes), forksPerTest, clock.byTest());
    }

    private void follow(Process p, Path log, ConsoleMonitor monitor, Instant start) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                out.flush(); // a few dozen lines per fork; kept current for whoever watches the run
                int before = monitor.forksDone();
                monitor.accept(line);
                if (monitor.forksDone() > before) {
                    clock.observe(p.toHandle());
                    clock.result(monitor.lastTest(), Instant.now());
                    printProgress(monitor, start, monitor.lastTest());
                } else {
                    String phase = ConsoleMonitor.phase(line);
                    if (phase != null) {
                        progress.printf("  %s JCStress: %s%n", Fmt.duration(Duration.between(start, Instant.now()).toSeconds()),
                                phase);
                        progress.flush();
                    }
                }
            }
        } catch (IOException e) {
            if (!interrupted) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * One progress line: forks and tests done, elapsed, and the ETA. The ETA is measured, never guessed from the
     * start-up: the time since the first fork started divided by the forks done, times the forks left; before the
     * first fork has reported it is the profile's estimate, and says so (and once that is spent, that it is).
     */
    private synchronized void printProgress(ConsoleMonitor m, Instant start, String finishedTest) {
        Instant now = Instant.now();
        long elapsed = Duration.between(start, now).toSeconds();
        int planned = m.plannedForks();
        String eta;
        Instant first = clock.firstStart();
        if (planned > 0 && m.forksDone() > 0 && first != null) {
            double perFork = Duration.between(first, now).toMillis() / 1000.0 / m.forksDone();
            eta = "ETA " + Fmt.duration(Math.round(perFork * Math.max(0, planned - m.forksDone())))
                    + String.format(java.util.Locale.ROOT, " (measured %.1f s per fork)", perFork);
        } else {
            long estimate = estimate(m.tests()).toSeconds();
            // past the estimate, "ETA ~0:00" minute after minute would be a guess posing as a measurement
            eta = elapsed < estimate ? "ETA ~" + Fmt.duration(estimate - elapsed) + " (profile estimate)"
                    : "past the profile estimate of " + Fmt.duration(estimate);
        }
        String forks = planned > 0 ? m.forksDone() + "/" + planned + " forks, " : Fmt.plural(m.forksDone(), "fork") + ", ";
        String name = finishedTest == null ? "" : "  " + shortName(finishedTest);
        progress.printf("  [%s%d/%d tests] %s elapsed, %s%s%n", forks, m.testsDone(), m.tests(), Fmt.duration(elapsed),
                eta, name);
        progress.flush();
    }

    /** The profile's estimate for {@code tests} tests, with JCStress's start-up (probing the JVM: about 5 s). */
    private Duration estimate(int tests) {
        return Duration.ofSeconds(5).plus(profile.estimatePerTest(jvm).multipliedBy(tests));
    }

    private void note(String line) {
        notes.add(line);
        progress.println("gupstress: " + line);
    }

    static String shortName(String testName) {
        String prefix = "org.gupstress.stress.";
        return testName.startsWith(prefix) ? testName.substring(prefix.length()) : testName;
    }
}
