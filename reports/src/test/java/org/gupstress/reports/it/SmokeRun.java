package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The one run of the primitives store-buffering scenario (its SAFE and its BROKEN design) in the smoke profile with
 * {@code --strict} and 500 ms of timed sampling per test ({@code --time 500}: the readers check files and commands,
 * not evidence; each fork still samples some millions of times, and the BROKEN design's bug is seen in every one), made once per integration-test JVM into {@code target/it/small} and read by every IT that needs a
 * finished JCStress run and nothing more: {@link ReportFilesIT} checks its four files and runs {@code report},
 * {@code compare} and {@code merge} on it; {@link ExploreIT} explores into a copy of it. Nobody writes into it.
 * A JCStress run costs its start-up (probing the JVM) and a fork per test; one run serves them all.
 */
final class SmokeRun {
    static final String REGEX = "primitives\\.StoreBuffering";

    private static Path dir;
    private static int exitCode;

    private SmokeRun() {
    }

    /** The run's directory; the run is made on the first call, and its exit code must be 0 (every test PASS). */
    static synchronized Path storeBuffering() throws Exception {
        if (dir == null) {
            Path out = Cli.fresh("small");
            exitCode = Cli.run(out.resolve("cli.log"), 5, "run", "--profile", "smoke", "--tests", REGEX, "--time", "500",
                    "--strict", "--out", out.toString());
            dir = out;
        }
        assertEquals(0, exitCode, Cli.log(dir.resolve("cli.log")));
        return dir;
    }

    /** A fresh copy of the run (its report files, JCStress's pages and results file) in {@code target/it/name}. */
    static Path copy(String name) throws Exception {
        Path from = storeBuffering();
        Path to = Cli.fresh(name);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
