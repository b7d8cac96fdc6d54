package org.gupstress.reports.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.gupstress.reports.UserError;

/**
 * The run profiles and the JCStress 0.16 options each one means: the ONE place where gupstress speaks JCStress's
 * option language (an upgrade of JCStress touches this file only).
 *
 * <p>What a fork costs (measured on a 2-core machine; README, "What a run costs"): JCStress 0.16 starts one JVM
 * ("fork") per test, per JVM configuration, per split-compilation mode. Each fork pays JVM start-up and harness
 * set-up, then <em>sizes its strides</em> ({@code ForkedTestConfig.adjustStrideCount}: five tries at each of
 * about 50 growing batch sizes up to {@code strideSize x strideCount} states, every sample of which JCStress counts),
 * and only then takes its timed samples ({@code iters x time}). With JCStress's default 256 x 40 states the sizing
 * took about two thirds of a smoke fork and gave most of its samples, and 10,240 live worlds per batch kept the GC
 * busy for 40-50% of the timed sampling. The smoke and ci profiles therefore use {@value #STRIDE_COUNT} strides
 * ({@code -strideCount}): the sizing ends after some 30,000 samples, and the fork's time goes into timed sampling.
 * They also turn off JCStress's per-actor CPU binding ({@code -af NONE}): on 2 CPUs a bound actor that the JIT or
 * the GC preempts cannot move to the other CPU, and its partner then waits at every sample's rendezvous (measured:
 * up to 3x fewer samples in the same time).
 *
 * <p>JVM configurations: with {@code -jvmArgs} JCStress runs only the given configuration, but on JDK 17 still
 * twice (+/-UseBiasedLocking, see {@link ForkJvm}); on JDK 18+ once. The smoke and ci profiles give a test the same
 * measurement time on every JDK: one fork of {@code time} on JDK 18+, two forks of {@code time / 2} on JDK 17. The
 * quick and soak profiles run twice JCStress's forks per configuration on JDK 18+ ({@code -f}), so that they too
 * keep the fork count they have on JDK 17. {@code -m sanity} is useless here: it takes 0 samples in Termination
 * tests and about 2 in the others.
 */
public enum Profile {
    /**
     * One JVM configuration, one fork (two on JDK 17), {@value #SMOKE_MILLIS} ms of timed sampling per test. What
     * {@code ./mvnw verify} runs and what a new user should run first.
     */
    SMOKE("one JVM configuration, " + Profile.SMOKE_MILLIS + " ms of timed sampling per test", 1, Profile.SMOKE_MILLIS,
            Profile.SMOKE_SECONDS, false),
    /** What a CI pipeline runs for a published report: the same single configuration, 5 x 2 s per test. */
    CI("one JVM configuration, 5 x 2 s of timed sampling per test", 5, 2000, Profile.CI_SECONDS, false),
    /**
     * JCStress's own quick mode: every JVM configuration it detects (interpreter, C1, C2, stress flags) and every
     * split-compilation mode (3^actors): 28 forks for a 2-actor test, 55 to 100 s per test on 2 cores.
     */
    QUICK("JCStress -m quick: all JVM configurations and compilation modes, 5 x 200 ms per fork", 5, 200, 90, true,
            "-m", "quick"),
    /**
     * A long hunt for rare memory-ordering outcomes on a many-core machine: JCStress's tough mode, 10 forks per
     * configuration and compilation mode (50 for the C2 stress configurations), 10 x 1 s each: about 600 forks,
     * some 2 hours per 2-actor test on 2 cores; a machine with 2k cores runs k tests at a time.
     */
    SOAK("JCStress -m tough: all configurations and compilation modes x 10 forks, 10 x 1 s per fork", 10, 1000, 7800,
            true, "-m", "tough");

    /** The profile a new user should run first, and what {@code ./gupstress run} uses when none is given. */
    public static final Profile DEFAULT = SMOKE;

    /** Time a fork needs besides its measurement: JVM start, harness set-up, the test's sanity check. */
    private static final Duration FORK_OVERHEAD = Duration.ofSeconds(60);
    /** JCStress's own wait for a stalled iteration: max(10 x time, 30 s) (Runner.MIN_TIMEOUT_MS). */
    private static final Duration JCSTRESS_STALL_TIMEOUT = Duration.ofSeconds(30);

    /** Timed sampling per test in the smoke profile (one fork on JDK 18+, two of half as long on JDK 17). */
    static final int SMOKE_MILLIS = 5000;
    /** Strides per epoch in the smoke and ci profiles (JCStress's default is 40 of 256 states). */
    static final int STRIDE_COUNT = 4;
    /** Fork JVM options of the smoke and ci profiles. */
    static final String FORK_JVM_ARGS = "-Xmx512m";
    /** Measured wall time per 2-actor test (forks on JDK 25, 2 cores): JVM start, stride sizing, timed sampling. */
    static final int SMOKE_SECONDS = 7;
    static final int CI_SECONDS = 12;

    private final String summary;
    private final int iterations;
    private final int iterationMillis;
    private final int secondsPerTestOnTwoCores;
    /** JCStress's own modes (all configurations): forks are doubled on JDK 18+; else one configuration. */
    private final boolean jcstressMode;
    private final List<String> extraOptions;

    Profile(String summary, int iterations, int iterationMillis, int secondsPerTestOnTwoCores, boolean jcstressMode,
            String... options) {
        this.summary = summary;
        this.iterations = iterations;
        this.iterationMillis = iterationMillis;
        this.secondsPerTestOnTwoCores = secondsPerTestOnTwoCores;
        this.jcstressMode = jcstressMode;
        this.extraOptions = List.of(options);
    }

    /** Parses a profile name as typed on the command line. */
    public static Profile parse(String name) {
        for (Profile p : values()) {
            if (p.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new UserError("unknown profile '" + name + "': use one of "
                + Arrays.stream(values()).map(Profile::cliName).collect(Collectors.joining(", ")));
    }

    /** The name used on the command line and in reports. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String summary() {
        return summary;
    }

    /**
     * The JCStress options of this profile for forks on {@code jvm} (test selection, CPUs and report paths are added
     * by the runner), with JVM arguments prepended to every fork's ({@code -jvmArgsPrepend}, one space-separated
     * line) when {@code forkJvmArgs} is not empty.
     */
    public List<String> jcstressOptions(ForkJvm jvm, List<String> forkJvmArgs) {
        return jcstressOptions(jvm, forkJvmArgs, 0);
    }

    /**
     * As {@link #jcstressOptions(ForkJvm, List)}, with {@code timeMillis} (if positive) instead of this profile's
     * milliseconds per iteration ({@code run --time}, for integration tests: the ones that check the CLI's plumbing
     * rather than a design's evidence, and {@code SuiteSmokeIT}'s tests with a wide witness margin; a fork still
     * starts, sizes its strides and samples, only its timed sampling is shorter).
     *
     * @throws UserError if {@code timeMillis} is given for a profile that runs JCStress's own modes
     */
    public List<String> jcstressOptions(ForkJvm jvm, List<String> forkJvmArgs, int timeMillis) {
        refuseTimeForJcstressModes(timeMillis);
        List<String> o = new java.util.ArrayList<>();
        if (jcstressMode) {
            o.addAll(extraOptions);
            if (jvm.forksPerConfiguration() == 1) {
                // JCStress's mode's forks per configuration (quick 1, tough 10), twice: the fork count of JDK 17
                o.addAll(List.of("-f", String.valueOf(2 * (this == SOAK ? 10 : 1))));
            }
        } else {
            o.addAll(List.of("-f", "1", "-iters", String.valueOf(iterations), "-time",
                    String.valueOf(iterationMillis(jvm, timeMillis)), "-sc", "false", "-strideCount", String.valueOf(STRIDE_COUNT),
                    "-af", "NONE", "-jvmArgs", FORK_JVM_ARGS));
        }
        if (!forkJvmArgs.isEmpty()) {
            o.add("-jvmArgsPrepend");
            o.add(String.join(" ", forkJvmArgs));
        }
        return List.copyOf(o);
    }

    /** Iterations per fork (for measurement time when only the console is left). */
    public int iterations() {
        return iterations;
    }

    /** Milliseconds per iteration of a fork on {@code jvm}: half as long on JDK 17, which runs two forks. */
    public int iterationMillis(ForkJvm jvm) {
        return iterationMillis(jvm, 0);
    }

    /**
     * As {@link #iterationMillis(ForkJvm)}, with {@code timeMillis} (if positive) instead of the profile's own (see
     * {@link #jcstressOptions(ForkJvm, List, int)}): split over JDK 17's two forks like the profile's.
     */
    public int iterationMillis(ForkJvm jvm, int timeMillis) {
        refuseTimeForJcstressModes(timeMillis);
        int millis = timeMillis > 0 ? timeMillis : iterationMillis;
        return jcstressMode ? millis : Math.max(1, millis / jvm.forksPerConfiguration());
    }

    private void refuseTimeForJcstressModes(int timeMillis) {
        if (timeMillis > 0 && jcstressMode) {
            throw new UserError("--time applies to the smoke and ci profiles, not to " + cliName()
                    + " (JCStress's own mode sets its time)");
        }
    }

    /**
     * Measured wall time per 2-actor test on a 2-core machine with forks on JDK 18+, for the global deadline, the
     * ETA and the README; JDK 17 runs two forks per configuration, each with its own start-up and stride sizing.
     */
    public Duration estimatePerTest(ForkJvm jvm) {
        return Duration.ofSeconds((long) secondsPerTestOnTwoCores * jvm.forksPerConfiguration());
    }

    /**
     * How long one fork may live before it is considered hung and killed: start-up allowance, three times its
     * measurement time (contended machines), plus JCStress's own stall timeout, so that JCStress gets the chance
     * to report TIMEOUT_ERROR itself before we kill anything.
     */
    public Duration forkDeadline() {
        Duration measurement = Duration.ofMillis(3L * iterations * iterationMillis);
        Duration stall = Duration.ofMillis(Math.max(10L * iterationMillis, JCSTRESS_STALL_TIMEOUT.toMillis()));
        return FORK_OVERHEAD.plus(measurement).plus(stall);
    }

    /** The default global deadline for a run of {@code tests} tests: ten minutes plus four times the estimate. */
    public Duration globalDeadline(int tests, ForkJvm jvm) {
        return Duration.ofMinutes(10).plus(estimatePerTest(jvm).multipliedBy(4L * Math.max(1, tests)));
    }
}
