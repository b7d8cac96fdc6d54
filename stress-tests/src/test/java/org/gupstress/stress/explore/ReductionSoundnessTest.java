package org.gupstress.stress.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.junit.jupiter.api.Test;

/**
 * The explorer's sleep-set reduction is sound for what the suite judges: on scenarios of every kind (the store
 * buffering litmus test, GUP-fast against page_mkclean with its buffered pin, DAX's idle wake-up with its buffered
 * put, zap, pgmap and KSM), each design explored to bound 2 with and without the reduction reaches the same set of
 * outcomes, hence the same bugs and the same forbidden outcomes; and the reduced search never runs more schedules.
 * The selection is {@code -Dgupstress.explore.reduction.tests} (a regular expression over test names).
 */
class ReductionSoundnessTest {
    private static final String TESTS = System.getProperty("gupstress.explore.reduction.tests",
            "StoreBuffering|GupFastVsMkclean|DaxIdleWakeup|\\.ZapVsMkclean|RemoveVsPin|MergeVsGupFast");

    @Test
    void reducedAndUnreducedSearchesReachTheSameOutcomes() {
        List<Class<?>> tests = SuiteExplorer.select(TESTS);
        assertTrue(tests.size() >= 10, "several scenarios selected: " + tests);
        Explorer.Options full = new Explorer.Options(Explorer.Strategy.DFS, 2, Duration.ofMinutes(2), 0, Long.MAX_VALUE,
                false);
        List<String> problems = new ArrayList<>();
        long schedulesFull = 0;
        long schedulesReduced = 0;
        for (Class<?> t : tests) {
            JcstressSubject subject = new JcstressSubject(t);
            Exploration f = Explorer.explore(subject, full, o -> false, false);
            Exploration r = Explorer.explore(subject, full.withReduction(true), o -> false, false);
            System.out.printf("%-75s %7d -> %7d schedules  %6.2f -> %6.2f s  %s%n", t.getCanonicalName(), f.schedules(),
                    r.schedules(), f.nanos() / 1e9, r.nanos() / 1e9, new TreeSet<>(r.histogram().keySet()));
            assertTrue(f.exhausted() && r.exhausted(), t + ": both searches ran to the bound: " + f + " / " + r);
            Set<String> fo = new TreeSet<>(f.histogram().keySet());
            Set<String> ro = new TreeSet<>(r.histogram().keySet());
            if (!fo.equals(ro)) {
                problems.add(t.getCanonicalName() + ": without reduction " + fo + ", with " + ro);
            }
            assertTrue(r.schedules() <= f.schedules(), t + ": " + r.schedules() + " > " + f.schedules());
            schedulesFull += f.schedules();
            schedulesReduced += r.schedules();
        }
        System.out.printf("%d tests at bound 2: %d schedules without the reduction, %d with%n", tests.size(),
                schedulesFull, schedulesReduced);
        assertEquals(List.of(), problems);
    }
}
