package org.gupstress.stress;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.gupstress.model.kernel.sched.Schedules;
import org.openjdk.jcstress.annotations.Outcome;

/**
 * Measures how many samples a fork needed before the first bug outcome: every arbiter reports its outcome here,
 * and the first time it is one whose description starts with "BUG:" this prints one line to the fork's standard
 * output, which JCStress keeps in the test result:
 *
 * <pre>gupstress.first-witness LOST_WRITE 12345</pre>
 *
 * The reports read that line back (samples to first witness). One JCStress fork runs one test, so per-JVM
 * counters are per fork. The count includes the samples JCStress takes while sizing its strides, which it also
 * counts in its results.
 */
public final class Witness {
    /** The prefix the reports look for in a fork's output. */
    public static final String PREFIX = "gupstress.first-witness ";

    private static final AtomicLong SAMPLES = new AtomicLong();
    private static final AtomicBoolean SEEN = new AtomicBoolean();
    private static final ClassValue<Set<String>> BUG_IDS = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> ids = new HashSet<>();
            for (Outcome o : Outcomes.of(type)) {
                if (o.desc().startsWith("BUG:")) {
                    ids.addAll(java.util.List.of(o.id()));
                }
            }
            return ids;
        }
    };

    private Witness() {
    }

    /** Counts one sample of {@code test} that ended in {@code outcome}. Returns the outcome, for chaining. */
    public static <E extends Enum<E>> E sample(Class<?> test, E outcome) {
        if (Schedules.everyWorld() != null) {
            return outcome; // an explored or scripted schedule, not a JCStress fork: nothing to measure
        }
        long n = SAMPLES.incrementAndGet();
        if (!SEEN.get() && BUG_IDS.get(test).contains(outcome.name()) && SEEN.compareAndSet(false, true)) {
            System.out.println(PREFIX + outcome.name() + " " + n);
        }
        return outcome;
    }
}
