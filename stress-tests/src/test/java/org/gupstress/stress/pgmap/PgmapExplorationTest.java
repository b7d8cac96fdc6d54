package org.gupstress.stress.pgmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Trace;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.explore.JcstressSubject;
import org.gupstress.stress.explore.Replay;
import org.junit.jupiter.api.Test;

/**
 * The explorer reaches every BUG outcome of every BROKEN design of family D, not only the first one. {@code gupstress
 * explore} (and the suite's exploration) stops a BROKEN design's search at the bound where its first bug appeared,
 * which for {@code INTRINSIC_CHECK_OUTSIDE} (REF_AFTER_DRAIN at 1 preemption; UNMAP_HUNG and PGMAP_UAF not within
 * 1) and Dan's v3 (UNMAP_HUNG at 2; PGMAP_UAF not within 2) leaves later bugs unsearched. Here each BROKEN design is searched
 * exhaustively to {@link #BOUND} preemptions without stopping; every bug its Javadoc names (listed in {@link #BROKEN}) must
 * be reached, its shortest trace must replay to the same outcome as the printed script would, and no
 * FORBIDDEN outcome may appear.
 */
class PgmapExplorationTest {
    private static final int BOUND = 4;
    /**
     * Each BROKEN design and the bugs its Javadoc names. The scenario's grades make every bug id of the scenario
     * interesting in every BROKEN design (one grading class per verdict), so the design's own bugs are listed here.
     */
    private static final Map<Class<?>, List<String>> BROKEN = new LinkedHashMap<>();

    static {
        BROKEN.put(RemoveVsPin.NoPgmapRef.class, List.of("PGMAP_UAF"));
        BROKEN.put(RemoveVsPin.PerEntry.class, List.of("PGMAP_UAF"));
        BROKEN.put(RemoveVsPin.SweepAndWait.class, List.of("PGMAP_UAF"));
        BROKEN.put(RemoveVsPin.SweepNoUnmap.class, List.of("PGMAP_UAF", "REF_AFTER_DRAIN"));
        BROKEN.put(RemoveVsFault.IntrinsicCheckOutside.class, List.of("REF_AFTER_DRAIN", "UNMAP_HUNG", "PGMAP_UAF"));
        BROKEN.put(TransientVsRelease.PerPageTransitionRacy.class, List.of("UNMAP_HUNG", "PGMAP_UAF"));
        BROKEN.put(UnmountVsInodeHolder.InodeArbiterFilesOnly.class, List.of("PGMAP_UAF"));
    }

    @Test
    void everyBugOutcomeOfEveryBrokenDesignIsReachedAndReplays() {
        Explorer.Options options = new Explorer.Options(Explorer.Strategy.DFS, BOUND, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE);
        for (Map.Entry<Class<?>, List<String>> d : BROKEN.entrySet()) {
            Class<?> test = d.getKey();
            assertEquals(Expected.BROKEN, test.getAnnotation(Design.class).expected(), test.getName());
            JcstressSubject subject = new JcstressSubject(test);
            Explorer.Exploration e = Explorer.explore(subject, options,
                    o -> subject.grade(o) != JcstressSubject.Grade.OK, false);
            assertTrue(e.exhausted(), test.getSimpleName() + ": not exhausted within bound " + BOUND);
            for (String bug : d.getValue()) {
                assertEquals(JcstressSubject.Grade.BUG, subject.grade(bug), test.getSimpleName() + " must grade " + bug
                        + " as a bug");
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
