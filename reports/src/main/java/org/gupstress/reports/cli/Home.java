package org.gupstress.reports.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gupstress.reports.UserError;

/** Where the project is: {@code -Dgupstress.home} (set by the launcher), else derived from this jar's place. */
final class Home {
    private Home() {
    }

    /** The shaded JCStress jar that {@code run} starts: {@code -Dgupstress.jcstress.jar}, else the build's. */
    static Path jcstressJar() {
        String explicit = System.getProperty("gupstress.jcstress.jar");
        Path jar = explicit != null ? Path.of(explicit) : home().resolve("stress-tests/target/jcstress.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UserError("JCStress jar " + jar + " not found; build it with ./mvnw -DskipTests package "
                    + "(./gupstress does that for you)");
        }
        return jar;
    }

    static Path home() {
        String h = System.getProperty("gupstress.home");
        if (h != null) {
            return Path.of(h).toAbsolutePath().normalize();
        }
        try {
            // reports/target/gupstress.jar -> the project root
            Path jar = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of(".").toAbsolutePath().normalize();
        }
    }
}
