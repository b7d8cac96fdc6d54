package org.gupstress.model.kernel.sched.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.IntField;
import org.gupstress.model.kernel.LongArray;
import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.gupstress.model.mm.World;
import org.junit.jupiter.api.Test;

/**
 * The explorer sees the accesses of the field descriptors as it sees a {@code Word}'s: a structure field's
 * {@code WRITE_ONCE()} waits in the store buffer under TSO (so SB on two fields reaches (0,0), which it could not
 * while a descriptor's store drained the buffer and took effect at once), an array element's load may read an older
 * write under the weak model, the reduction keeps every outcome, and the timeline names the field.
 */
class FieldDescriptorExplorationTest {
    private static final BarrierSite MB = BarrierSite.of("field_test.sb_mb", "smp_mb() between the store and the load");
    /**
     * A named step between the store and the load. A field store is not a point a thread stops at (the model's steps
     * run from one named protocol step to the next), so without it each thread's body is one step and (1,1), which
     * needs the other thread to run between the two accesses, is not an interleaving of the steps.
     */
    private static final SchedulePoint STORED = SchedulePoint.declare("field_test.stored", "after the store");

    /** A structure with two int fields, accessed only through its descriptors. */
    static final class Pair {
        private static final IntField X = IntField.of(MethodHandles.lookup(), Pair.class, "x");
        private static final IntField Y = IntField.of(MethodHandles.lookup(), Pair.class, "y");
        private int x;
        private int y;

        Pair(boolean register) {
            if (register) {
                SharedStructure.created(this);
            }
        }
    }

    /** Where the trace finds the structure's name. */
    private record Root(Pair pair) {
    }

    /** SB on two fields of one structure: WRITE_ONCE(p->x, 1); [smp_mb();] r0 = READ_ONCE(p->y), and the mirror. */
    private static Subject sb(boolean barrier, boolean register) {
        return state -> {
            World w = new World();
            Pair p = new Pair(register);
            int[] r = new int[2];
            return ExplorerTest.trial(new Root(p), List.of(() -> {
                Pair.X.writeOnce(p, 1);
                w.at(STORED);
                if (barrier) {
                    w.smpMb(MB);
                }
                r[0] = Pair.Y.readOnce(p);
            }, () -> {
                Pair.Y.writeOnce(p, 1);
                w.at(STORED);
                if (barrier) {
                    w.smpMb(MB);
                }
                r[1] = Pair.X.readOnce(p);
            }), () -> "(" + r[0] + "," + r[1] + ")");
        };
    }

    /** MP on a long[]: a[0] := 1; a[1] := 1 against r0 = a[1]; r1 = a[0]; with release/acquire if {@code ordered}. */
    private static Subject mp(boolean ordered) {
        return state -> {
            long[] a = new long[2];
            SharedStructure.created((Object) a);
            long[] r = new long[2];
            return ExplorerTest.trial(null, List.of(() -> {
                LongArray.writeOnce(a, 0, 1);
                if (ordered) {
                    LongArray.xchgRelease(a, 1, 1);
                } else {
                    LongArray.writeOnce(a, 1, 1);
                }
            }, () -> {
                r[0] = LongArray.readOnce(a, 1);
                r[1] = LongArray.readOnce(a, 0);
            }), () -> "(" + r[0] + "," + r[1] + ")");
        };
    }

    private static Exploration explore(Subject s, MemoryModel model, boolean reduction) {
        return Explorer.explore(s, new Explorer.Options(Explorer.Strategy.DFS, 3, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE, reduction, model), o -> false, false);
    }

    @Test
    void fieldStoresAreBufferedUnderTso() {
        Exploration e = explore(sb(false, true), MemoryModel.TSO, true);
        assertEquals(Set.of("(0,0)", "(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), e.toString());
        assertTrue(e.complete(), e.toString());
        String t = e.traces().get("(0,0)").timeline();
        assertTrue(t.contains("pair.x := 1 (store buffered)"), t);
        assertTrue(t.contains("read pair.y = 0"), t);
        System.out.println("SB on two fields: " + e.histogram() + " in " + e.schedules() + " schedules\n" + t);
    }

    @Test
    void smpMbOrdersFieldStoresBeforeLaterLoads() {
        for (MemoryModel m : new MemoryModel[] {MemoryModel.TSO, MemoryModel.WEAK}) {
            Exploration e = explore(sb(true, true), m, true);
            assertEquals(Set.of("(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), m + ": " + e);
            assertTrue(e.complete(), e.toString());
        }
    }

    /** With and without the reduction, registered or not (an unregistered structure conflicts with every step). */
    @Test
    void theReductionKeepsEveryOutcomeOfFieldAccesses() {
        for (boolean barrier : new boolean[] {false, true}) {
            for (boolean register : new boolean[] {false, true}) {
                Exploration full = explore(sb(barrier, register), MemoryModel.TSO, false);
                Exploration reduced = explore(sb(barrier, register), MemoryModel.TSO, true);
                assertEquals(full.histogram().keySet(), reduced.histogram().keySet(), barrier + " " + register);
                assertTrue(reduced.schedules() <= full.schedules(), reduced + " vs " + full);
            }
        }
    }

    /** MP+poonceonces on array elements: "Sometimes" under the weak model, never under TSO or with release. */
    @Test
    void arrayElementsAreReorderedByTheWeakModel() {
        assertTrue(explore(mp(false), MemoryModel.WEAK, true).histogram().containsKey("(1,0)"));
        assertEquals(Set.of("(0,0)", "(0,1)", "(1,1)"), explore(mp(false), MemoryModel.TSO, true).histogram().keySet());
    }
}
