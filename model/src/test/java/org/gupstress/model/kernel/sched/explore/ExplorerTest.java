package org.gupstress.model.kernel.sched.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.locking.SpinLock;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.junit.jupiter.api.Test;

/** The explorer's strategies on small subjects whose outcomes are known. */
class ExplorerTest {
    private static final SchedulePoint BETWEEN = SchedulePoint.declare("explorer_test.between_locks",
            "holding the first lock, before taking the second");

    private static final BarrierSite SB_MB = BarrierSite.of("explorer_test.sb_mb", "smp_mb() between the store and the load");

    /** LKMM's SB: WRITE_ONCE(x, 1); [smp_mb();] r0 = READ_ONCE(y) against the mirror image; the outcome is (r0,r1). */
    private static Subject sb(boolean barrier) {
        return state -> {
            World w = new World();
            Word x = new Word(0);
            Word y = new Word(0);
            long[] r = new long[2];
            return trial(new Litmus(x, y), List.of(() -> {
                x.writeOnce(1);
                if (barrier) {
                    w.smpMb(SB_MB);
                }
                r[0] = y.readOnce();
            }, () -> {
                y.writeOnce(1);
                if (barrier) {
                    w.smpMb(SB_MB);
                }
                r[1] = x.readOnce();
            }), () -> "(" + r[0] + "," + r[1] + ")");
        };
    }

    /** The test instance of the litmus test: where the trace finds the variables' names. */
    private record Litmus(Word x, Word y) {
    }

    private static final Subject SB = sb(false);

    private static Exploration exhaustively(Subject s) {
        return exhaustively(s, true);
    }

    private static Exploration exhaustively(Subject s, boolean reduction) {
        return Explorer.explore(s, new Explorer.Options(Explorer.Strategy.DFS, 3, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE, reduction), o -> o.equals("(0,0)"), false);
    }

    /**
     * Each buffered store's flush is its own step, so exhaustive exploration reaches all four outcomes without a
     * barrier (SB+poonceonces: "Sometimes"), (1,1) included.
     */
    @Test
    void storeBufferingWithoutABarrierReachesAllFourOutcomes() {
        Exploration e = exhaustively(sb(false));
        assertEquals(java.util.Set.of("(0,0)", "(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), e.toString());
        assertTrue(e.complete(), "every schedule ran: " + e);
        System.out.println("SB without smp_mb: " + e.histogram() + " in " + e.schedulesAtBound()
                + " schedules (complete at bound " + e.boundReached() + ")\n" + e.traces().get("(1,1)").timeline()
                + e.traces().get("(0,0)").timeline());
    }

    /**
     * The timeline names each variable by its field in the test instance and prints what each step read and wrote:
     * in (0,0) each thread's store waits in its buffer while its load reads the other's old value.
     */
    @Test
    void timelineShowsTheValuesReadAndWritten() {
        String t = exhaustively(sb(false)).traces().get("(0,0)").timeline();
        assertTrue(t.contains("x := 1 (store buffered)"), t);
        assertTrue(t.contains("y := 1 (store buffered)"), t);
        assertTrue(t.contains("read x = 0"), t);
        assertTrue(t.contains("read y = 0"), t);
        assertTrue(t.contains("(cpu)") && t.contains("becomes visible"), t);
    }

    /**
     * The sleep-set reduction prunes only schedules equivalent to ones it runs: with and without it the same
     * outcomes are reached, with and without the barrier, at every bound; with it fewer schedules run.
     */
    @Test
    void reductionReachesTheSameOutcomesWithFewerSchedules() {
        for (boolean barrier : new boolean[] {false, true}) {
            for (int bound = 0; bound <= 3; bound++) {
                Explorer.Options o = new Explorer.Options(Explorer.Strategy.DFS, bound, Duration.ofMinutes(1), 0,
                        Long.MAX_VALUE, true);
                Exploration reduced = Explorer.explore(sb(barrier), o, x -> false, false);
                Exploration full = Explorer.explore(sb(barrier), o.withReduction(false), x -> false, false);
                assertEquals(full.histogram().keySet(), reduced.histogram().keySet(),
                        "barrier " + barrier + ", bound " + bound);
                assertEquals(full.complete(), reduced.complete());
                assertTrue(reduced.schedules() <= full.schedules(), reduced + " vs " + full);
                if (bound == 3) {
                    assertTrue(reduced.schedules() < full.schedules(), reduced + " vs " + full);
                    System.out.println("SB" + (barrier ? "+smp_mb" : "") + " exhaustive: " + full.schedules()
                            + " schedules without reduction, " + reduced.schedules() + " with ("
                            + reduced.redundant() + " found redundant on the way)");
                }
            }
        }
    }

    /** Two steps commute for the reduction only if one is a flush, of another thread, with no conflicting access. */
    @Test
    void independenceNeedsAFlushAndDisjointFootprints() {
        Footprint writesX = new Footprint(new int[0], new int[] {0}, false);
        Footprint readsX = new Footprint(new int[] {0}, new int[0], false);
        Footprint readsY = new Footprint(new int[] {1}, new int[0], false);
        Footprint unknown = new Footprint(new int[0], new int[0], true);
        Choice flush0 = new Choice(Choice.Kind.FLUSH, 0);
        Choice run1 = new Choice(Choice.Kind.RUN, 1);
        assertTrue(Explorer.independent(flush0, writesX, run1, readsY));
        assertFalse(Explorer.independent(flush0, writesX, run1, readsX), "the run reads what the flush writes");
        assertFalse(Explorer.independent(flush0, writesX, new Choice(Choice.Kind.RUN, 0), readsY), "same thread");
        assertFalse(Explorer.independent(new Choice(Choice.Kind.RUN, 0), readsY, run1, readsY), "two runs");
        assertFalse(Explorer.independent(flush0, writesX, run1, unknown), "an unnumbered variable");
        assertTrue(Explorer.independent(flush0, writesX, new Choice(Choice.Kind.FLUSH, 1), readsY));
        assertFalse(Explorer.independent(flush0, writesX, new Choice(Choice.Kind.FLUSH, 1), writesX));
    }

    /** With smp_mb() on both sides (0,0) is never reached (SB+fencembonceonces: "Never"). */
    @Test
    void storeBufferingWithSmpMbOnBothSidesNeverReadsBothZero() {
        Exploration e = exhaustively(sb(true));
        assertEquals(java.util.Set.of("(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), e.toString());
        assertTrue(e.complete(), "every schedule ran: " + e);
        System.out.println("SB with smp_mb: " + e.histogram() + " in " + e.schedulesAtBound()
                + " schedules (complete at bound " + e.boundReached() + ")");
    }

    private static Subject.Trial trial(List<Runnable> threads, java.util.function.Supplier<String> outcome) {
        return trial(null, threads, outcome);
    }

    /**
     * A trial of the threads t0, t1, ... ({@code threads} in order), whose variables the trace names from
     * {@code root}: shared by this package's tests.
     */
    static Subject.Trial trial(Object root, List<Runnable> threads, java.util.function.Supplier<String> outcome) {
        return new Subject.Trial() {
            @Override
            public Object root() {
                return root;
            }

            @Override
            public List<String> threadNames() {
                return java.util.stream.IntStream.range(0, threads.size()).mapToObj(i -> "t" + i).toList();
            }

            @Override
            public List<Runnable> threads() {
                return threads;
            }

            @Override
            public String outcome() {
                return outcome.get();
            }
        };
    }

    private static Exploration pct(Subject s, long seed, long schedules) {
        return Explorer.explore(s, new Explorer.Options(Explorer.Strategy.PCT, 2, Duration.ofMinutes(1), seed, schedules),
                o -> o.equals("(0,0)"), false);
    }

    @Test
    void pctIsDeterministicForASeedAndFindsTheReordering() {
        Exploration a = pct(SB, 42, 200);
        Exploration b = pct(SB, 42, 200);
        assertEquals(a.histogram(), b.histogram(), "same seed, same schedules");
        assertEquals(a.firstBug(), b.firstBug());
        assertTrue(a.histogram().containsKey("(0,0)"), a.histogram().toString());
        assertEquals(200, a.schedules());
        assertFalse(a.exhausted(), "PCT never claims exhaustion");
    }

    @Test
    void dfsCountsPreemptionsOnlyWhenTheCurrentThreadCouldGoOn() {
        // Two threads with one point each: at bound 0 only the two serial orders (and the flush placements) run.
        Exploration e = Explorer.explore(SB, new Explorer.Options(Explorer.Strategy.DFS, 0, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE), o -> false, false);
        assertTrue(e.exhausted());
        assertFalse(e.complete(), "bound 0 cut the preemptive schedules");
        assertFalse(e.histogram().containsKey("(1,1)"), "(1,1) needs a preemption: " + e.histogram());
        for (Trace t : e.traces().values()) {
            assertEquals(0, t.preemptions());
        }
    }

    /** ABBA on two spinlocks: the registry finds the deadlock the moment the second thread blocks. */
    @Test
    void abbaDeadlockIsFoundInVirtualTimeAndEndsInHung() {
        Subject abba = state -> {
            World w = new World();
            w.tasks().fork("t0");
            w.tasks().fork("t1");
            SpinLock a = w.newSpinLock("A");
            SpinLock b = w.newSpinLock("B");
            boolean[] hung = new boolean[2];
            return trial(List.of(() -> lockBoth(w, "t0", a, b, hung, 0), () -> lockBoth(w, "t1", b, a, hung, 1)),
                    () -> hung[0] || hung[1] ? "DEADLOCK" : "OK");
        };
        long start = System.nanoTime();
        Exploration e = Explorer.explore(abba, new Explorer.Options(Explorer.Strategy.DFS, 2, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE), o -> o.equals("DEADLOCK"), false);
        assertEquals(java.util.Set.of("OK", "DEADLOCK"), e.histogram().keySet(), e.toString());
        assertTrue(e.exhausted(), e.toString());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "no watchdog deadline was waited out");
        Trace t = e.traces().get("DEADLOCK");
        assertTrue(t.steps().stream().anyMatch(Step::blocked), t.timeline());
    }

    private static void lockBoth(World w, String name, SpinLock first, SpinLock second, boolean[] hung, int i) {
        try (Task me = w.tasks().start(name)) {
            first.lock();
            try {
                w.at(BETWEEN);
                second.lock();
                second.unlock();
            } finally {
                first.unlock();
            }
        } catch (org.gupstress.model.kernel.sched.Hung h) {
            hung[i] = true;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Load buffering under the weak memory model: promises.

    /** How P0 and P1 of an LB test store, given what each read. */
    private enum LbStore { PLAIN, CTRL, DATA }

    /**
     * LKMM's LB: r0 = READ_ONCE(x); WRITE_ONCE(y, ...) against the mirror image; the outcome is (r0,r1). PLAIN stores
     * 1 whatever was read, CTRL stores 1 only if it read 1 ({@code if (r) WRITE_ONCE(y, 1)}), DATA stores what it
     * read ({@code WRITE_ONCE(y, r)}).
     */
    private static Subject lb(LbStore how) {
        return state -> {
            Word x = new Word(0);
            Word y = new Word(0);
            long[] r = new long[2];
            return trial(new Litmus(x, y), List.of(() -> {
                r[0] = x.readOnce();
                storeAfter(how, y, r[0]);
            }, () -> {
                r[1] = y.readOnce();
                storeAfter(how, x, r[1]);
            }), () -> "(" + r[0] + "," + r[1] + ")");
        };
    }

    private static void storeAfter(LbStore how, Word to, long read) {
        switch (how) {
            case PLAIN -> to.writeOnce(1);
            case CTRL -> {
                if (read == 1) {
                    to.writeOnce(1);
                }
            }
            case DATA -> to.writeOnce(read);
        }
    }

    private static Exploration weakly(Subject s) {
        return Explorer.explore(s, new Explorer.Options(Explorer.Strategy.DFS, 3, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE, true, org.gupstress.model.kernel.sched.MemoryModel.WEAK), o -> o.equals("(1,1)"), false);
    }

    /**
     * LB+poonceonces ("Sometimes"): a thread promises its store before its load runs, the other reads the promise,
     * and the first keeps it: (1,1) is reached, and the trace shows the promise.
     */
    @Test
    void loadBufferingIsReachedThroughAPromise() {
        Exploration e = weakly(lb(LbStore.PLAIN));
        assertEquals(java.util.Set.of("(0,0)", "(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), e.toString());
        assertTrue(e.complete(), "every schedule ran: " + e);
        String timeline = e.traces().get("(1,1)").timeline();
        assertTrue(timeline.contains("promise"), timeline);
        System.out.println("LB under weak: " + e.histogram() + " in " + e.schedules() + " schedules, " + e.discarded()
                + " discarded\n" + timeline);
    }

    /**
     * With a control dependency on both sides (LB+ctrlonceonce+ctrlonceonce is "Never" in the LKMM) no promise is
     * certified at the start (run alone there, a thread reads 0 and stores nothing), so (1,1) is never reached; and
     * with a data dependency no value out of thin air appears: every outcome is (0,0).
     */
    @Test
    void promisesAreCertifiedSoDependenciesHoldAndNothingComesOutOfThinAir() {
        Exploration ctrl = weakly(lb(LbStore.CTRL));
        assertEquals(java.util.Set.of("(0,0)"), ctrl.histogram().keySet(), ctrl.toString());
        assertTrue(ctrl.complete(), ctrl.toString());
        Exploration data = weakly(lb(LbStore.DATA));
        assertEquals(java.util.Set.of("(0,0)"), data.histogram().keySet(), data.toString());
        assertTrue(data.complete(), data.toString());
    }

    /**
     * The rules that discard an execution whose promise the program did not keep: a promise may not cross a full
     * barrier, an acquire load or a lock of its thread, must be kept with nothing new to carry (a store and
     * {@code smp_wmb()} after the promise), and must be kept at all; a thread never reads its own promise.
     */
    @Test
    void aPromiseNotKeptOrCrossingAnOrderingOperationDiscardsTheExecution() {
        Object x = new Object();
        Object y = new Object();
        org.gupstress.model.kernel.sched.WeakMemory.Picker newest = n -> 0;

        org.gupstress.model.kernel.sched.WeakMemory kept = new org.gupstress.model.kernel.sched.WeakMemory();
        kept.promise(0, y, 0, 1);
        assertEquals(1, kept.load(1, y, false, 0, newest).value(), "the other thread reads the promise");
        assertEquals(0, kept.load(0, y, false, 0, newest).value(), "its own thread does not");
        assertTrue(kept.store(0, y, 0, 1, false, newest).fulfils());
        assertEquals(null, kept.discarded());

        org.gupstress.model.kernel.sched.WeakMemory mb = new org.gupstress.model.kernel.sched.WeakMemory();
        mb.promise(0, y, 0, 1);
        mb.fullBarrier(0);
        mb.store(0, y, 0, 1, false, newest);
        assertTrue(mb.discarded() != null, "crossed smp_mb()");

        org.gupstress.model.kernel.sched.WeakMemory acquire = new org.gupstress.model.kernel.sched.WeakMemory();
        acquire.promise(0, y, 0, 1);
        acquire.load(0, x, true, 0, newest);
        acquire.store(0, y, 0, 1, false, newest);
        assertTrue(acquire.discarded() != null, "crossed smp_load_acquire()");

        org.gupstress.model.kernel.sched.WeakMemory wmb = new org.gupstress.model.kernel.sched.WeakMemory();
        wmb.promise(0, y, 0, 1);
        wmb.store(0, x, 0, 1, false, newest);
        wmb.writeBarrier(0);
        wmb.store(0, y, 0, 1, false, newest);
        assertTrue(wmb.discarded() != null, "a store before smp_wmb() would become visible after the promised one");

        org.gupstress.model.kernel.sched.WeakMemory broken = new org.gupstress.model.kernel.sched.WeakMemory();
        broken.promise(0, y, 0, 1);
        broken.store(0, y, 0, 2, false, newest);
        assertTrue(broken.discarded() != null, "stored 2, promised 1");
    }
}
