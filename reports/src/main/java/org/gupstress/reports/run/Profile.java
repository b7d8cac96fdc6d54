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
 * <p>Costs were measured on a 2-core machine (JDK 17): JCStress 0.16 starts one JVM ("fork") per test, per JVM
 * configuration, per split-compilation mode. With {@code -jvmArgs} it runs only the given configuration, but still
 * twice: with +UseBiasedLocking and with -UseBiasedLocking. Each fork costs about 2.5 s of JVM start-up and
 * harness set-up on top of its measurement time ({@code iters x time}). {@code -m sanity} is useless here: it
 * takes 0 samples in Termination tests and about 2 in the others.
 */
public enum Profile {
    /**
     * One JVM configuration (2 forks: +/-UseBiasedLocking), one 300 ms iteration per fork: about 6 s per test on
     * 2 cores. What {@code ./mvnw verify} runs and what a new user should run first.
     */
    SMOKE("one JVM configuration x 2 forks (+/-UseBiasedLocking), 1 x 300 ms per fork", 1, 300, 6,
            "-f", "1", "-iters", "1", "-time", "300", "-sc", "false", "-jvmArgs", "-Xmx512m"),
    /**
     * What a CI pipeline runs for a published report: the same single configuration (2 forks), 5 x 1 s each, so
     * about 17 times the smoke profile's measurement time: about 19 s per test on 2 cores.
     */
    CI("one JVM configuration x 2 forks (+/-UseBiasedLocking), 5 x 1 s per fork", 5, 1000, 19,
            "-f", "1", "-iters", "5", "-time", "1000", "-sc", "false", "-jvmArgs", "-Xmx512m"),
    /**
     * JCStress's own quick mode: every JVM configuration it detects (interpreter, C1, C2, stress flags) and every
     * split-compilation mode (3^actors): 28 forks for a 2-actor test, 55 to 100 s per test on 2 cores.
     */
    QUICK("JCStress -m quick: all JVM configurations and compilation modes, 5 x 200 ms per fork", 5, 200, 90,
            "-m", "quick"),
    /**
     * A long hunt for rare memory-ordering outcomes on a many-core machine: JCStress's tough mode, 10 forks per
     * configuration and compilation mode (50 for the C2 stress configurations), 10 x 1 s each: about 600 forks,
     * some 2 hours per 2-actor test on 2 cores; a machine with 2k cores runs k tests at a time.
     */
    SOAK("JCStress -m tough: all configurations and compilation modes x 10 forks, 10 x 1 s per fork", 10, 1000, 7800,
            "-m", "tough");

    /** The profile a new user should run first, and what {@code ./gupstress run} uses when none is given. */
    public static final Profile DEFAULT = SMOKE;

    /** Time a fork needs besides its measurement: JVM start, harness set-up, the test's sanity check. */
    private static final Duration FORK_OVERHEAD = Duration.ofSeconds(60);
    /** JCStress's own wait for a stalled iteration: max(10 x time, 30 s) (Runner.MIN_TIMEOUT_MS). */
    private static final Duration JCSTRESS_STALL_TIMEOUT = Duration.ofSeconds(30);

    private final String summary;
    private final int iterations;
    private final int iterationMillis;
    private final int secondsPerTestOnTwoCores;
    private final List<String> jcstressOptions;

    Profile(String summary, int iterations, int iterationMillis, int secondsPerTestOnTwoCores, String... options) {
        this.summary = summary;
        this.iterations = iterations;
        this.iterationMillis = iterationMillis;
        this.secondsPerTestOnTwoCores = secondsPerTestOnTwoCores;
        this.jcstressOptions = List.of(options);
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

    /** The JCStress options of this profile (test selection, CPUs and report paths are added by the runner). */
    public List<String> jcstressOptions() {
        return jcstressOptions;
    }

    /**
     * This profile's JCStress options with JVM arguments prepended to every fork's ({@code -jvmArgsPrepend}, one
     * space-separated line), or exactly {@link #jcstressOptions()} when there are none.
     */
    public List<String> jcstressOptions(List<String> forkJvmArgs) {
        if (forkJvmArgs.isEmpty()) {
            return jcstressOptions;
        }
        List<String> o = new java.util.ArrayList<>(jcstressOptions);
        o.add("-jvmArgsPrepend");
        o.add(String.join(" ", forkJvmArgs));
        return List.copyOf(o);
    }

    /** Iterations per fork (for measurement time when only the console is left). */
    public int iterations() {
        return iterations;
    }

    /** Milliseconds per iteration. */
    public int iterationMillis() {
        return iterationMillis;
    }

    /** Measured wall time per 2-actor test on a 2-core machine, for the global deadline and the README. */
    public Duration estimatePerTest() {
        return Duration.ofSeconds(secondsPerTestOnTwoCores);
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
    public Duration globalDeadline(int tests) {
        return Duration.ofMinutes(10).plus(estimatePerTest().multipliedBy(4L * Math.max(1, tests)));
    }
}
