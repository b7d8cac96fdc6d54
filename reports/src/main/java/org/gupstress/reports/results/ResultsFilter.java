package org.gupstress.reports.results;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * The JVM-wide deserialization allow-list, installed before gupstress reads any JCStress results file.
 *
 * <p>A results file is JCStress's {@code TestResult}s in Java serialization. Reading one from an untrusted place
 * (a CI artifact, a colleague's machine) would let it instantiate any serializable class on the classpath: the
 * classic gadget-chain attack. This filter refuses every class except the ones a JCStress 0.16 results file is
 * made of, found by experiment (a logging filter over results of every profile, including VM errors and
 * timeouts), and it caps depth, references, array sizes and stream size.
 *
 * <p>It is installed JVM-wide ({@link ObjectInputFilter.Config#setSerialFilter}) because JCStress's
 * {@code DiskReadCollector} builds its own {@code ObjectInputStream}; the CLI does nothing else with Java
 * serialization.
 */
public final class ResultsFilter implements ObjectInputFilter {
    /** Every class a JCStress 0.16 results file contains. */
    static final Set<String> ALLOWED = Set.of(
            "org.openjdk.jcstress.infra.collectors.TestResult",
            "org.openjdk.jcstress.infra.Status",
            "org.openjdk.jcstress.infra.runners.TestConfig",
            "org.openjdk.jcstress.infra.runners.SpinLoopStyle",
            "org.openjdk.jcstress.os.SchedulingClass",
            "org.openjdk.jcstress.os.AffinityMode",
            "org.openjdk.jcstress.os.CPUMap",
            "org.openjdk.jcstress.os.NodeType",
            "org.openjdk.jcstress.util.Counter",
            "org.openjdk.jcstress.util.Environment",
            "java.lang.Enum",
            "java.util.ArrayList",
            "java.util.HashMap",
            // array types: Counter's tables, CPUMap's int maps, HashMap's table check
            "[I",
            "[J",
            "[Ljava.lang.Object;",
            "[Ljava.util.Map$Entry;");

    static final long MAX_DEPTH = 20;
    static final long MAX_ARRAY = 1 << 22;
    static final long MAX_REFS = 50_000_000L;
    static final long MAX_BYTES = 8L << 30;

    private static final ResultsFilter INSTANCE = new ResultsFilter();

    private ResultsFilter() {
    }

    /**
     * Installs the filter JVM-wide, once. Fails if another JVM-wide filter is in place (for example from
     * {@code -Djdk.serialFilter}), because then this one could not be guaranteed.
     */
    public static synchronized void install() {
        ObjectInputFilter current = ObjectInputFilter.Config.getSerialFilter();
        if (current == INSTANCE) {
            return;
        }
        if (current != null) {
            throw new IllegalStateException("a JVM-wide serial filter is already installed (" + current
                    + "); gupstress will not read results files without its own allow-list");
        }
        ObjectInputFilter.Config.setSerialFilter(INSTANCE);
    }

    /** Whether the allow-list is in force for this JVM. */
    public static boolean installed() {
        return ObjectInputFilter.Config.getSerialFilter() == INSTANCE;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFS || info.streamBytes() > MAX_BYTES
                || info.arrayLength() > MAX_ARRAY) {
            return Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED;
        }
        return ALLOWED.contains(c.getName()) ? Status.ALLOWED : Status.REJECTED;
    }

    @Override
    public String toString() {
        return "gupstress results allow-list";
    }
}
