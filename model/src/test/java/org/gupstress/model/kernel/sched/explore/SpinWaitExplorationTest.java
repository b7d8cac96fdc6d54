package org.gupstress.model.kernel.sched.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.locking.SeqCount;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Interleaving;
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

    /**
     * Replays {@code trace} as the {@code Interleaving} script the explorer prints for it ({@link Trace#script}), on a
     * fresh trial of {@code subject}; returns the trial's outcome.
     */
    private static String replay(Subject subject, Trace trace) {
        Subject.Trial t = subject.newTrial(trace.state());
        Map<String, Runnable> threads = new java.util.LinkedHashMap<>();
        for (int i = 0; i < t.threadNames().size(); i++) {
            threads.put(t.threadNames().get(i), t.threads().get(i));
        }
        trace.script(threads, t.root()).run();
        return t.outcome();
    }

    /**
     * t0: rz = READ_ONCE(z); smp_cond_load_acquire(&x, VAL != 0) (every value its condition sees is kept);
     * ry = READ_ONCE(y). t1: WRITE_ONCE(y, 1); WRITE_ONCE(x, 1); WRITE_ONCE(z, 1). The outcome "z=1 seen=[0, 1] y=0"
     * needs, under the weak model, t0 to read z's 1 (so t1 has already written x), a stale 0 of x, then, its
     * condition false, the spin's re-read of the one write newer than that (no choice: no pick), then a stale y.
     */
    private static Subject spinRereads() {
        return state -> {
            World w = new World();
            w.tasks().fork("t0");
            w.tasks().fork("t1");
            Word x = new Word(0);
            Word y = new Word(0);
            Word z = new Word(0);
            String[] out = new String[2];
            return ExplorerTest.trial(null, List.of(
                    task(w, "t0", out, 0, () -> {
                        long rz = z.readOnce();
                        List<Long> seen = new java.util.ArrayList<>();
                        x.condLoadAcquire(v -> {
                            seen.add(v);
                            return v != 0;
                        });
                        return "z=" + rz + " seen=" + seen + " y=" + y.readOnce();
                    }),
                    task(w, "t1", out, 1, () -> {
                        y.writeOnce(1);
                        x.writeOnce(1);
                        z.writeOnce(1);
                        return "wrote";
                    })), () -> out[0]);
        };
    }

    /**
     * Under the weak model a spin whose condition failed re-reads one of the writes newer than the one it read,
     * numbered among those alone: the printed script's picks say so, and a script replays them the same way (before
     * {@code ScriptedSchedule} knew the rule, this trace's re-read took the next pick, meant for the read of y, and
     * read 0 again). Every outcome the explorer reached replays, its printed script included.
     */
    @Test
    void aSpinsReReadOfANewerWriteReplaysFromItsPrintedScript() {
        Subject s = spinRereads();
        Exploration e = explore(s, MemoryModel.WEAK);
        assertTrue(e.complete(), e.toString());
        String target = "z=1 seen=[0, 1] y=0";
        assertTrue(e.traces().containsKey(target), e.histogram().toString());
        Trace t = e.traces().get(target);
        System.out.println(target + ":\n" + t.timeline() + t.scriptStart() + "\n" + String.join("\n", t.scriptSteps()));
        assertTrue(t.scriptSteps().stream().anyMatch(l -> l.startsWith(".pick(\"t0\", 1)")), t.scriptSteps().toString());
        for (Map.Entry<String, Trace> o : e.traces().entrySet()) {
            assertEquals(o.getKey(), replay(s, o.getValue()), "replay of " + o.getKey() + "\n" + o.getValue().timeline()
                    + String.join("\n", o.getValue().scriptSteps()));
        }
    }

    /**
     * A script that holds the writer while the other thread spins: the spinning thread blocks at once (a step
     * until {@link Interleaving#BLOCKED}), is woken by the write (here a TSO store, buffered: its flush), and reads
     * it; when the writer ends without writing, the wait is a lost wake-up (HUNG) that the detector reports at once,
     * and the thread ends with {@link Hung} when resumed: no step waits for its deadline.
     */
    @Test
    void aScriptThatHoldsTheWriterBlocksTheSpinnerAndReportsALostWakeUp() {
        for (MemoryModel m : MemoryModel.values()) {
            World w = new World();
            w.tasks().fork("t0");
            w.tasks().fork("t1");
            Word x = new Word(0);
            String[] out = new String[2];
            Interleaving script = Interleaving.inEveryWorld(m)
                    .thread("t0", task(w, "t0", out, 0, () -> Long.toString(x.condLoadAcquire(v -> v != 0))))
                    .thread("t1", task(w, "t1", out, 1, () -> {
                        x.writeOnce(1);
                        return "wrote";
                    }))
                    .stepDeadline(Duration.ofSeconds(30))
                    .step("t0", Interleaving.BLOCKED)
                    .step("t1", "word.write_once");
            if (m == MemoryModel.TSO) {
                script.step("t0", Interleaving.BLOCKED).flush("t1"); // the buffered store woke it; only its flush ends the wait
            }
            script.step("t0", Interleaving.END).step("t1", Interleaving.END).run();
            assertEquals("1,wrote", out[0] + "," + out[1], m.toString());

            World lost = new World();
            lost.tasks().fork("t0");
            lost.tasks().fork("t1");
            Word y = new Word(0);
            Interleaving.Result r = Interleaving.inEveryWorld(m)
                    .thread("t0", task(lost, "t0", out, 0, () -> Long.toString(y.condLoadAcquire(v -> v != 0))))
                    .thread("t1", task(lost, "t1", out, 1, () -> "left"))
                    .stepDeadline(Duration.ofSeconds(30))
                    .step("t0", Interleaving.BLOCKED)
                    .step("t1", Interleaving.END)
                    .step("t0", Interleaving.END)
                    .run();
            assertEquals("HUNG,left", out[0] + "," + out[1], m.toString());
            assertTrue(r.hung("t0") == null, "the task wrapper caught it: " + r.hung("t0"));
        }
    }
}
