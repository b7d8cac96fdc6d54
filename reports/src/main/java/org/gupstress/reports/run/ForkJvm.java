package org.gupstress.reports.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.gupstress.reports.UserError;

/**
 * The JDK that runs JCStress, and with it every fork: JCStress 0.16 starts its forks with its own
 * {@code java.home}/bin/java ({@code VMSupport.getJavaInvokeLine}), so the fork JVM is chosen by choosing the JVM that
 * runs {@code jcstress.jar}.
 *
 * <p>Why it matters: on JDK 17 JCStress runs every test twice, with {@code -XX:+UseBiasedLocking} and
 * {@code -XX:-UseBiasedLocking} ({@code VMSupport.detectAvailableVMConfigs} mixes both into every configuration
 * when the flag exists), even with {@code -jvmArgs}; the flag is gone since JDK 18 (JDK-8256425; JEP 374 had
 * deprecated and disabled biased locking in JDK 15), so there a test costs one fork. Choice, first that applies: {@code --java} (a JDK home or its {@code bin/java}); {@code GUPSTRESS_JAVA};
 * otherwise the newest JDK among the one running gupstress, {@code JAVA_HOME} and the JDKs installed in the usual
 * places ({@code /usr/lib/jvm/*}, {@code /Library/Java/JavaVirtualMachines/* /Contents/Home}). A JDK older than 17 is
 * never chosen (JCStress and the model need 17); with no newer one the running JDK is used.
 *
 * @param home    the JDK's home directory
 * @param java    its {@code bin/java}
 * @param feature its feature version (17, 21, 25, ...)
 * @param version its full version, from the {@code release} file ("25.0.3")
 * @param why     how it was chosen, for the progress line
 */
public record ForkJvm(Path home, Path java, int feature, String version, String why) {
    /** The oldest JDK gupstress runs on. */
    public static final int MINIMUM_FEATURE = 17;
    /** The first JDK without {@code UseBiasedLocking} (JDK-8256425): one fork per test instead of two. */
    public static final int ONE_CONFIGURATION_FEATURE = 18;

    /** Where JDKs are usually installed: each child directory (or its {@code Contents/Home}) may be a JDK. */
    private static final List<Path> INSTALL_DIRS = List.of(Path.of("/usr/lib/jvm"),
            Path.of("/Library/Java/JavaVirtualMachines"));

    /** Forks per JVM configuration JCStress 0.16 runs on this JDK with {@code -jvmArgs}: 2 before JDK 18, else 1. */
    public int forksPerConfiguration() {
        return feature < ONE_CONFIGURATION_FEATURE ? 2 : 1;
    }

    /** "JDK 25.0.3 (/usr/lib/jvm/temurin-25-jdk-amd64; newest installed)". */
    public String describe() {
        return "JDK " + version + " (" + home + "; " + why + ")";
    }

    /**
     * Chooses the fork JDK.
     *
     * @param option  {@code --java}, or null
     * @param env     {@code GUPSTRESS_JAVA}, or null
     * @param javaHome {@code JAVA_HOME}, or null
     * @throws UserError if {@code option} or {@code env} names no usable JDK 17+
     */
    public static ForkJvm choose(String option, String env, String javaHome) {
        if (option != null) {
            return explicit(option, "--java");
        }
        if (env != null && !env.isBlank()) {
            return explicit(env, "GUPSTRESS_JAVA");
        }
        Path runningHome = Path.of(System.getProperty("java.home"));
        // the running JDK is always usable, with or without a release file
        ForkJvm running = of(runningHome, "the JDK running gupstress").orElseGet(() -> new ForkJvm(runningHome,
                runningHome.resolve("bin").resolve(isWindows() ? "java.exe" : "java"), Runtime.version().feature(),
                Runtime.version().toString(), "the JDK running gupstress"));
        List<ForkJvm> candidates = new ArrayList<>();
        candidates.add(running);
        if (javaHome != null && !javaHome.isBlank()) {
            of(Path.of(javaHome), "JAVA_HOME").ifPresent(candidates::add);
        }
        for (Path dir : INSTALL_DIRS) {
            for (Path child : children(dir)) {
                of(child, "newest installed").or(() -> of(child.resolve("Contents/Home"), "newest installed"))
                        .ifPresent(candidates::add);
            }
        }
        // the newest feature version wins; among equals the first found (the running JDK, then JAVA_HOME)
        return candidates.stream().filter(j -> j.feature >= MINIMUM_FEATURE)
                .reduce((best, next) -> next.feature > best.feature ? next : best)
                .orElse(running);
    }

    private static ForkJvm explicit(String value, String source) {
        Path p = Path.of(value);
        // a bin/java was given: its JDK is two levels up
        if (Files.isRegularFile(p) && p.getFileName().toString().startsWith("java") && p.getParent() != null
                && p.getParent().getParent() != null) {
            p = p.getParent().getParent();
        }
        Path home = p;
        ForkJvm j = of(home, "from " + source).orElseThrow(() -> new UserError(source + " '" + value
                + "' is not a JDK: expected a directory with bin/java and a release file"));
        if (j.feature < MINIMUM_FEATURE) {
            throw new UserError(source + " '" + value + "' is JDK " + j.version + "; gupstress needs JDK "
                    + MINIMUM_FEATURE + " or newer");
        }
        return j;
    }

    /** The JDK at {@code home}, when it has a {@code bin/java} and a {@code release} file naming its version. */
    static Optional<ForkJvm> of(Path home, String why) {
        Path launcher = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        Path release = home.resolve("release");
        if (!Files.isRegularFile(launcher) || !Files.isExecutable(launcher) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").strip();
                    int feature = feature(v);
                    return feature > 0 ? Optional.of(new ForkJvm(home.toAbsolutePath().normalize(),
                            launcher.toAbsolutePath().normalize(), feature, v, why)) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** "25.0.3" -> 25, "17" -> 17, "1.8.0_402" -> 8; 0 when unreadable. */
    static int feature(String version) {
        String[] parts = version.split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }
}
