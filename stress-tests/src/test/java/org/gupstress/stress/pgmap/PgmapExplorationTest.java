package org.gupstress.stress.pgmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Trace;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.explore.JcstressSubject;
import org.gupstress.stress.explore.Replay;
import org.junit.jupiter.api.Test;

/**
 * The explorer reaches every BUG outcome of every BROKEN design of family D, not only the first one. {@code gupstress
 * explore} (and the suite's exploration) stops a BROKEN design's search at the bound where its first bug appeared,
 * which for {@code INTRINSIC_CHECK_OUTSIDE} (REF_AFTER_DRAIN at 1 preemption; UNMAP_HUNG and PGMAP_UAF not within
 * 1) and Dan's v3 (UNMAP_HUNG at 2; PGMAP_UAF not within 2) leaves later bugs unsearched. Here each BROKEN design is searched
 * exhaustively to {@link #BOUND} preemptions without stopping; every outcome its {@code @Outcome}s grade as a bug
 * must be reached, its shortest trace must replay to the same outcome as the printed script would, and no
 * FORBIDDEN outcome may appear.
 */
class PgmapExplorationTest {
    private static final int BOUND = 4;
    private static final List<Class<?>> BROKEN = List.of(
            RemoveVsPin.NoPgmapRef.class, RemoveVsPin.PerEntry.class, RemoveVsPin.SweepAndWait.class,
            RemoveVsPin.SweepNoUnmap.class, RemoveVsFault.IntrinsicCheckOutside.class,
            TransientVsRelease.PerPageTransitionRacy.class, UnmountVsInodeHolder.InodeArbiterFilesOnly.class);

    @Test
    void everyBugOutcomeOfEveryBrokenDesignIsReachedAndReplays() {
        Explorer.Options options = new Explorer.Options(Explorer.Strategy.DFS, BOUND, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE);
        for (Class<?> test : BROKEN) {
            assertEquals(Expected.BROKEN, test.getAnnotation(Design.class).expected(), test.getName());
            JcstressSubject subject = new JcstressSubject(test);
            Explorer.Exploration e = Explorer.explore(subject, options,
                    o -> subject.grade(o) != JcstressSubject.Grade.OK, false);
            assertTrue(e.exhausted(), test.getSimpleName() + ": not exhausted within bound " + BOUND);
            List<String> bugs = new ArrayList<>();
            for (Enum<?> o : test.getAnnotation(Scenario.class).outcomes().getEnumConstants()) {
                if (subject.grade(o.name()) == JcstressSubject.Grade.BUG) {
                    bugs.add(o.name());
                }
            }
            assertFalse(bugs.isEmpty(), test.getSimpleName() + " grades no outcome as a bug");
            for (String bug : bugs) {
                Trace trace = e.traces().get(bug);
                assertNotNull(trace, test.getSimpleName() + ": " + bug + " not reached within " + BOUND
                        + " preemptions; reached " + e.histogram());
                assertEquals(bug, Replay.replay(test, trace), test.getSimpleName() + " " + bug + "\n" + trace.timeline());
            }
            e.histogram().keySet().forEach(o -> assertTrue(subject.grade(o) != JcstressSubject.Grade.FORBIDDEN
                    && !o.startsWith("EXCEPTION: "), test.getSimpleName() + ": forbidden outcome " + o + " explored"));
        }
    }
}
