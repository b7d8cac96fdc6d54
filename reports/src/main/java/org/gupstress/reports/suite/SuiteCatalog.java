package org.gupstress.reports.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.gupstress.stress.Design;
import org.gupstress.stress.Scenario;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The suite as built: every test in JCStress's {@code META-INF/TestList} on the classpath, with the metadata
 * its class declares. There is no second, hand-kept list: a test class is described only by its annotations.
 */
public final class SuiteCatalog {
    private final List<TestEntry> entries;

    private SuiteCatalog(List<TestEntry> entries) {
        this.entries = entries;
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
            out.add(new TestEntry(name, s.family(), s.id(), s.title(), d.value(), d.expected(), d.source(), info.threads()));
        }
        out.sort(Comparator.comparing(TestEntry::family).thenComparing(TestEntry::scenario).thenComparing(TestEntry::design));
        return new SuiteCatalog(List.copyOf(out));
    }

    public List<TestEntry> entries() {
        return entries;
    }
}
