package org.gupstress.model.kernel.sched.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.locking.SeqCount;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.gupstress.model.mm.World;
import org.junit.jupiter.api.Test;

/**
 * Under the explorer the spinning primitives ({@code smp_cond_load_acquire()}, {@code read_seqcount_begin()}) are
 * blocked tasks: the waiter runs again only once another thread writes the location it spins on, and a wait that no
 * write ends is reported by the world's detector (HUNG: nobody is left to write; DEADLOCK: everyone waits) and ends
 * with {@link Hung} in every schedule, instead of spinning until the explorer's stall deadline.
 */
class SpinWaitExplorationTest {
    private static final SchedulePoint INSIDE = SchedulePoint.declare("spin_wait_test.inside",
            "the seqcount writer is inside its write section");

    /** Runs {@code body} as task {@code name} of {@code w}; what it returns, or "hung: ..." with the report's kind. */
    private static Runnable task(World w, String name, String[] out, int i, java.util.function.Supplier<String> body) {
        return () -> {
            try (Task t = w.tasks().start(name)) {
                out[i] = body.get();
            } catch (Hung h) {
                out[i] = h.getMessage().startsWith("DEADLOCK") ? "DEADLOCK" : "HUNG";
            }
        };
    }

    private static Exploration explore(Subject s, MemoryModel model) {
        return Explorer.explore(s, new Explorer.Options(Explorer.Strategy.DFS, 3, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE, true, model), o -> o.contains("HUNG") || o.contains("DEADLOCK"), false);
    }

    /** t0: r = smp_cond_load_acquire(&x, VAL >= {@code want}); t1: WRITE_ONCE(x, 1). */
    private static Subject condLoad(long want) {
        return state -> {
            World w = new World();
            w.tasks().fork("t0");
            w.tasks().fork("t1");
            Word x = new Word(0);
            String[] out = new String[2];
            return ExplorerTest.trial(null, List.of(
                    task(w, "t0", out, 0, () -> Long.toString(x.condLoadAcquire(v -> v >= want))),
                    task(w, "t1", out, 1, () -> {
                        x.writeOnce(1);
                        return "wrote";
                    })), () -> out[0] + "," + out[1]);
        };
    }

    @Test
    void aWaiterIsReleasedByTheWrite() {
        for (MemoryModel m : MemoryModel.values()) {
            Exploration e = explore(condLoad(1), m);
            assertEquals(Set.of("1,wrote"), e.histogram().keySet(), m + ": " + e);
            assertTrue(e.complete(), e.toString());
        }
    }

    @Test
    void aWaitNoWriteEndsIsALostWakeUpNotAHang() {
        for (MemoryModel m : MemoryModel.values()) {
            Exploration e = explore(condLoad(2), m);
            assertEquals(Set.of("HUNG,wrote"), e.histogram().keySet(), m + ": " + e);
            assertTrue(e.complete(), e.toString());
        }
    }

    /** Each waits for the other's store, which comes after its own wait: every schedule deadlocks. */
    @Test
    void twoWaitersForEachOtherAreADeadlock() {
        Subject s = state -> {
            World w = new World();
            w.tasks().fork("t0");
            w.tasks().fork("t1");
            Word x = new Word(0);
            Word y = new Word(0);
            String[] out = new String[2];
            return ExplorerTest.trial(null, List.of(
                    task(w, "t0", out, 0, () -> {
                        x.condLoadAcquire(v -> v != 0);
                        y.writeOnce(1);
                        return "ok";
                    }),
                    task(w, "t1", out, 1, () -> {
                        y.condLoadAcquire(v -> v != 0);
                        x.writeOnce(1);
                        return "ok";
                    })), () -> out[0] + "," + out[1]);
        };
        Exploration e = explore(s, MemoryModel.TSO);
        assertEquals(Set.of("DEADLOCK,DEADLOCK"), e.histogram().keySet(), e.toString());
        assertTrue(e.complete(), e.toString());
    }

    /**
     * read_seqcount_begin() waits while the writer is inside: it returns an even count in every schedule when the
     * writer ends its section, and is reported HUNG when the writer returns without ending it.
     */
    @Test
    void readSeqcountBeginWaitsForTheWriter() {
        for (boolean ends : new boolean[] {true, false}) {
            Subject s = state -> {
                World w = new World();
                w.tasks().fork("reader");
                w.tasks().fork("writer");
                SeqCount seq = new SeqCount();
                String[] out = new String[2];
                return ExplorerTest.trial(null, List.of(
                        task(w, "reader", out, 0, () -> (seq.readSeqcountBegin() & 1) == 0 ? "even" : "odd"),
                        task(w, "writer", out, 1, () -> {
                            seq.writeSeqcountBegin();
                            w.at(INSIDE);
                            if (ends) {
                                seq.writeSeqcountEnd();
                            }
                            return "done";
                        })), () -> out[0] + "," + out[1]);
            };
            Exploration e = explore(s, MemoryModel.TSO);
            // Without the end, a reader that runs before the writer begins still reads an even count.
            assertEquals(ends ? Set.of("even,done") : Set.of("even,done", "HUNG,done"), e.histogram().keySet(),
                    "writer ends: " + ends + ": " + e);
            assertTrue(e.complete(), e.toString());
        }
    }
}
