package org.gupstress.reports.suite;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.stress.lint.ProofScan;

/**
 * The JUnit proofs of each design's bug, for the reports' reproduce lines: the suite lint's own scan
 * ({@link ProofScan}) of {@code stress-tests/src/test/java}, keyed by test name. When the sources are not at hand (a
 * CLI jar copied elsewhere), no proof is listed.
 */
public final class Proofs {
    /** Where the proofs live, relative to the project root. */
    public static final String SOURCES = ProofScan.SOURCES;

    private Proofs() {
    }

    /**
     * @param projectRoot the project's root directory
     * @param entries     the suite
     * @return per test name, its proofs as "package.ClassTest#method", in source order; tests without a proof absent
     */
    public static Map<String, List<String>> find(Path projectRoot, List<TestEntry> entries) {
        Map<String, List<String>> bugIds = new LinkedHashMap<>();
        entries.forEach(e -> bugIds.put(e.name(), e.bugOutcomes()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        ProofScan.scan(projectRoot.resolve(SOURCES), bugIds)
                .forEach((name, proofs) -> out.put(name, proofs.stream().map(ProofScan.Proof::method).toList()));
        return out;
    }

    /** The Maven command that runs the given proofs. */
    public static String command(List<String> proofs) {
        if (proofs.isEmpty()) {
            return null;
        }
        List<String> sel = proofs.stream().map(p -> p.substring(p.lastIndexOf('.', p.indexOf('#')) + 1)).toList();
        return "./mvnw -pl stress-tests -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + String.join(",", sel) + "'";
    }
}
