package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded CLI jar in a subprocess, exactly as {@code ./gupstress} does
 * ({@code java -Dgupstress.home=ROOT -jar reports/target/gupstress.jar ...}). Failsafe passes the paths.
 */
final class Cli {
    static final Path HOME = Path.of(System.getProperty("gupstress.home", "..")).toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("gupstress.cli.jar", "target/gupstress.jar")).toAbsolutePath();
    static final Path IT_DIR = Path.of(System.getProperty("gupstress.it.dir", "target/it")).toAbsolutePath();

    private Cli() {
    }

    /** Starts the CLI; its stdout and stderr go to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        return start(JAR, List.of(), log, args);
    }

    /** Starts the CLI jar {@code jar} with extra JVM arguments {@code jvmArgs} (e.g. {@code -Dgupstress.jcstress.jar=...}). */
    static Process start(Path jar, List<String> jvmArgs, Path log, String... args) throws IOException {
        assertTrue(Files.isRegularFile(jar), "the CLI jar is built in 'package': " + jar);
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dgupstress.home=" + HOME);
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(IT_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Runs the CLI to its end (at most {@code minutes}) and returns its exit code. */
    static int run(Path log, int minutes, String... args) throws Exception {
        return run(JAR, List.of(), log, minutes, args);
    }

    /** As {@link #run(Path, int, String...)}, with the CLI jar {@code jar} and extra JVM arguments. */
    static int run(Path jar, List<String> jvmArgs, Path log, int minutes, String... args) throws Exception {
        Files.createDirectories(IT_DIR);
        return await(start(jar, jvmArgs, log, args), log, minutes, args);
    }

    /**
     * Waits (at most {@code minutes}) for the CLI {@code p}, started by {@link #start} with {@code args}, to end and
     * returns its exit code; past that it is killed with its children.
     */
    static int await(Process p, Path log, int minutes, String... args) throws InterruptedException {
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("gupstress " + String.join(" ", args) + " did not finish in " + minutes + " min; see " + log);
        }
        return p.exitValue();
    }

    static String log(Path log) throws IOException {
        return Files.readString(log);
    }

    /** A fresh directory under target/it. */
    static Path fresh(String name) throws IOException {
        Path d = IT_DIR.resolve(name);
        if (Files.exists(d)) {
            try (var walk = Files.walk(d)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(d);
        return d;
    }
}
