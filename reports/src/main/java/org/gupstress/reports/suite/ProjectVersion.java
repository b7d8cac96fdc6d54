package org.gupstress.reports.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version, written into a resource by the Maven build (resource filtering). */
public final class ProjectVersion {
    private static final String RESOURCE = "/org/gupstress/reports/version.properties";

    private ProjectVersion() {
    }

    public static String get() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
