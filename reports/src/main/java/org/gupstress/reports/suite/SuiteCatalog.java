package org.gupstress.reports.suite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.gupstress.stress.Design;
import org.gupstress.stress.Scenario;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The suite as built: every test in JCStress's {@code META-INF/TestList} on the classpath, with the metadata
 * its class declares. There is no second, hand-kept list: a test class is described only by its annotations. The
 * outcome grades are the judge's ({@link DeclaredVerdicts}): as declared, raised to FORBIDDEN where the declared
 * verdict demands it.
 */
public final class SuiteCatalog {
    private final List<TestEntry> entries;
    private final Map<String, TestEntry> byName;
    private final String version;

    private SuiteCatalog(List<TestEntry> entries) {
        this.entries = entries;
        this.byName = entries.stream().collect(Collectors.toMap(TestEntry::name, Function.identity()));
        this.version = ProjectVersion.get() + "+" + fingerprint(entries);
    }

    /**
     * Loads the catalog from the classpath.
     *
     * @throws IllegalStateException naming the class, if a listed test cannot be loaded or lacks its declarations
     */
    public static SuiteCatalog load() {
        List<TestEntry> out = new ArrayList<>();
        for (String name : TestList.tests()) {
            TestInfo info = TestList.getInfo(name);
            Class<?> c;
            try {
                c = Class.forName(info.binaryName(), false, SuiteCatalog.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("test " + name + " is listed in META-INF/TestList but its class is missing", e);
            }
            Scenario s = c.getAnnotation(Scenario.class);
            Design d = c.getAnnotation(Design.class);
            if (s == null || d == null) {
                throw new IllegalStateException("test " + name + " lacks @Scenario or @Design");
            }
            List<OutcomeSpec> outcomes = new ArrayList<>();
            for (StateCase sc : info.cases()) {
                outcomes.add(OutcomeSpec.of(sc.matchPattern(), sc.expect().name(), sc.description()));
            }
            out.add(new TestEntry(name, s.family(), s.id(), s.title(), d.value(), d.expected(), d.source(),
                    info.threads(), List.copyOf(outcomes), DesignKnobs.of(c), List.of()));
        }
        out.sort(Comparator.comparing(TestEntry::family).thenComparing(TestEntry::scenario).thenComparing(TestEntry::design));
        return new SuiteCatalog(DeclaredVerdicts.enforce(out));
    }

    /**
     * As {@link #load()}, with each test's JUnit proofs found in the project's sources ({@link Proofs}); a test
     * whose proofs are not found (or a root without sources) lists none.
     */
    public static SuiteCatalog load(java.nio.file.Path projectRoot) {
        SuiteCatalog c = load();
        Map<String, List<String>> proofs = Proofs.find(projectRoot, c.entries);
        return new SuiteCatalog(c.entries.stream().map(e -> e.withProofs(proofs.getOrDefault(e.name(), List.of()))).toList());
    }

    public List<TestEntry> entries() {
        return entries;
    }

    public Optional<TestEntry> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The suite version: the project version plus a fingerprint of every test's name, design, expected verdict and
     * graded outcomes. Two reports can be merged or compared only when they ran the same suite; the fingerprint
     * catches two builds of the same project version that grade differently.
     */
    public String version() {
        return version;
    }

    private static String fingerprint(List<TestEntry> entries) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (TestEntry e : entries) {
                StringBuilder sb = new StringBuilder().append(e.name()).append('|').append(e.design()).append('|')
                        .append(e.expected());
                for (OutcomeSpec o : e.outcomes()) {
                    sb.append('|').append(o.id()).append('=').append(o.grade()).append(o.bug() ? "!" : "");
                }
                md.update(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
