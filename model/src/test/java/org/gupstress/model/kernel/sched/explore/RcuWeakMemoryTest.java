package org.gupstress.model.kernel.sched.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.rcu.Rcu;
import org.gupstress.model.kernel.rcu.Srcu;
import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Watchdog;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.junit.jupiter.api.Test;

/**
 * RCU and SRCU grace periods under the explorer's memory models, judged by the LKMM's RCU guarantee
 * (tools/memory-model/Documentation/explanation.txt, "RCU RELATIONS"): for a read-side section C and a grace period G,
 * either C ends before G ends and every store that propagated to C's CPU before C's end propagates to every CPU before
 * G ends (case 1), or G starts before C starts and every store that propagated to G's CPU before G's start propagates
 * to every CPU before C starts (case 2). Each shape runs on {@link Rcu} and on {@link Srcu}; every search is complete.
 * <ul>
 *   <li>a "Never" shape is reached under no model: the weak model carries the grace period into its views
 *       ({@code WeakMemory#rcu});</li>
 *   <li>a "Sometimes" shape is reached under {@code weak}; under {@code sc} and {@code tso} only where the domain's
 *       implementation or x86 shows it (each shape says where).</li>
 * </ul>
 * A section's boundaries order nothing under {@code weak} on either domain ({@link Rcu}'s readers are an
 * {@link Srcu}'s): without the grace periods in the weak model ({@code RcuEvents} telling the schedule nothing; checked
 * by hand), {@code weak} reaches all three "Never" shapes on both domains. A grace period waits only for the
 * pre-existing readers: explanation.txt's three-thread example, "Sometimes", needs a grace period that does not wait
 * for a section that began after it, and is reached on both.
 */
class RcuWeakMemoryTest {
    /**
     * The three-thread example's search: preemption bound 2 (the schedule that reaches it preempts P0 and P2 right
     * after their sections began, each after a promise of its store) and a cap on schedules. The first schedule that
     * reaches it is schedule 11,195 of the complete bound-2 search's 46,386 (about 12 s; README); the cap stops the
     * search soon after, to keep this test's cost (about 4 s) down. Under {@code sc} and {@code tso} it is unreachable
     * by construction: both sections need their load reordered after their store, which neither model does.
     */
    private static final int THREE_THREAD_BOUND = 2;
    private static final long THREE_THREAD_SCHEDULES = 12_000;

    /** An RCU domain as a shape uses it. */
    private interface Domain {
        int lock();

        void unlock(int idx);

        void synchronize();
    }

    private enum Kind {
        RCU, SRCU
    }

    private static Schedule schedule() {
        Schedule s = Schedules.everyWorld();
        return s != null ? s : Schedules.none();
    }

    private static Domain domain(Kind kind) {
        Watchdog watchdog = new Watchdog(Duration.ofSeconds(10), new Sanitizer());
        if (kind == Kind.RCU) {
            Rcu rcu = new Rcu("rcu");
            return new Domain() {
                public int lock() {
                    return rcu.rcuReadLock(schedule());
                }

                public void unlock(int idx) {
                    rcu.rcuReadUnlock(schedule(), idx);
                }

                public void synchronize() {
                    rcu.synchronizeRcu(watchdog, schedule(), "updater");
                }
            };
        }
        Srcu srcu = new Srcu("srcu");
        return new Domain() {
            public int lock() {
                return srcu.readLock(schedule());
            }

            public void unlock(int idx) {
                srcu.readUnlock(schedule(), idx);
            }

            public void synchronize() {
                srcu.synchronize(watchdog, schedule(), "updater");
            }
        };
    }

    /** One side of a shape, on the domain and two words x and y; it keeps what it read in {@code r}. */
    private interface Side {
        void run(Domain d, Word x, Word y, long[] r);
    }

    /**
     * One shape: its name, LKMM verdict, the reader (thread 0) and updater (thread 1), the exists clause on what they
     * read, and per domain the models that must reach it.
     */
    private record Shape(String name, boolean sometimes, Side reader, Side updater,
                         java.util.function.BiPredicate<long[], long[]> exists, Set<MemoryModel> rcu,
                         Set<MemoryModel> srcu) {
        Subject subject(Kind kind) {
            return state -> {
                Domain d = domain(kind);
                Word x = new Word(0);
                Word y = new Word(0);
                long[] r0 = new long[2];
                long[] r1 = new long[2];
                return ExplorerTest.trial(null, List.of(() -> reader.run(d, x, y, r0), () -> updater.run(d, x, y, r1)),
                        () -> exists.test(r0, r1) ? "EXISTS" : "-");
            };
        }
    }

    /** The reader stores x inside its section after reading y: {@code rcu_read_lock(); r0 = y; x = 1; unlock}. */
    private static void readYStoreX(Domain d, Word x, Word y, long[] r) {
        int idx = d.lock();
        r[0] = y.readOnce();
        x.writeOnce(1);
        d.unlock(idx);
    }

    /** The reader reads y, then x, inside its section. */
    private static void readYReadX(Domain d, Word x, Word y, long[] r) {
        int idx = d.lock();
        r[0] = y.readOnce();
        r[1] = x.readOnce();
        d.unlock(idx);
    }

    private static List<Shape> shapes() {
        Set<MemoryModel> none = EnumSet.noneOf(MemoryModel.class);
        Set<MemoryModel> all = EnumSet.allOf(MemoryModel.class);
        Set<MemoryModel> weak = EnumSet.of(MemoryModel.WEAK);
        Set<MemoryModel> tsoWeak = EnumSet.of(MemoryModel.TSO, MemoryModel.WEAK);
        List<Shape> s = new ArrayList<>();
        // Case 1 or 2, whichever holds: a reader that missed the updater's pre-GP store y began before the grace period
        // started, so its store x reaches the updater before synchronize() returns (RCU-deferred-free's shape): Never.
        s.add(new Shape("reader missed the pre-GP store, updater after synchronize misses the reader's store", false,
                RcuWeakMemoryTest::readYStoreX, (d, x, y, r) -> {
                    y.writeOnce(1);
                    d.synchronize();
                    r[0] = x.readOnce();
                }, (r0, r1) -> r0[0] == 0 && r1[0] == 0, none, none));
        // Case 1 alone (RCU+sync+read): the updater saw the reader's first store before synchronize(), so the section
        // began before the grace period: its later store is seen after synchronize(): Never.
        s.add(new Shape("RCU+sync+read: updater saw the section's first store, misses its second after synchronize",
                false, (d, x, y, r) -> {
                    int idx = d.lock();
                    x.writeOnce(1);
                    y.writeOnce(1);
                    d.unlock(idx);
                }, (d, x, y, r) -> {
                    r[0] = x.readOnce();
                    d.synchronize();
                    r[1] = y.readOnce();
                }, (r0, r1) -> r1[0] == 1 && r1[1] == 0, none, none));
        // Case 2 alone: a reader that saw the updater's post-GP store y began after the grace period started, so it
        // sees the pre-GP store x (RCU+sync+free's guarantee): Never.
        s.add(new Shape("reader saw the post-GP store, misses the pre-GP one", false,
                RcuWeakMemoryTest::readYReadX, (d, x, y, r) -> {
                    x.writeOnce(1);
                    d.synchronize();
                    y.writeOnce(1);
                }, (r0, r1) -> r0[0] == 1 && r0[1] == 0, none, none));
        // A reader that saw the pre-GP store may have begun after the grace period started: the grace period need not
        // wait for it, so the updater after synchronize() may miss its store: Sometimes (under every model: the
        // reader may even begin after the grace period ended; the weak model adds the executions where a section the
        // model's Srcu waited for began after the grace period started, whose view the grace period does not take).
        s.add(new Shape("reader saw the pre-GP store, updater after synchronize misses the reader's store", true,
                RcuWeakMemoryTest::readYStoreX, (d, x, y, r) -> {
                    y.writeOnce(1);
                    d.synchronize();
                    r[0] = x.readOnce();
                }, (r0, r1) -> r0[0] == 1 && r1[0] == 0, all, all));
        // No grace period: store buffering (the first shape without synchronize()): Sometimes; x86 shows it.
        s.add(new Shape("no synchronize: SB between a section and the updater", true,
                RcuWeakMemoryTest::readYStoreX, (d, x, y, r) -> {
                    y.writeOnce(1);
                    r[0] = x.readOnce();
                }, (r0, r1) -> r0[0] == 0 && r1[0] == 0, tsoWeak, tsoWeak));
        // No grace period: message passing into a section (the third shape without synchronize()): Sometimes.
        s.add(new Shape("no synchronize: MP into a section", true, RcuWeakMemoryTest::readYReadX, (d, x, y, r) -> {
            x.writeOnce(1);
            y.writeOnce(1);
        }, (r0, r1) -> r0[0] == 1 && r0[1] == 0, weak, weak));
        return s;
    }

    /**
     * explanation.txt's three-thread example ("RCU RELATIONS", after RCU+sync+read): two read-side sections around one
     * grace period, each section's load reordered after its store.
     *
     * <pre>
     *   P0                       P1                       P2
     *   rcu_read_lock();         r1 = READ_ONCE(y);       rcu_read_lock();
     *   r0 = READ_ONCE(x);       synchronize_rcu();       r2 = READ_ONCE(z);
     *   WRITE_ONCE(y, 1);        WRITE_ONCE(z, 1);        WRITE_ONCE(x, 1);
     *   rcu_read_unlock();                                rcu_read_unlock();
     *
     *   exists (0:r0=1 /\ 1:r1=1 /\ 2:r2=1)
     * </pre>
     *
     * "Allowed by the LKMM": the cycle U0 rcu-rscsi L0 rcu-link S1 rcu-gp S1 rcu-link U2 rcu-rscsi L2 rcu-link U0 has
     * one grace period against two sections. P0's section starts before the grace period and ends before it; P2's
     * starts after it started and ends after it, so the grace period need not wait for P2. Needs load-to-store
     * reordering in both sections (a promise each), so neither {@code sc} nor {@code tso} reaches it; {@code weak}
     * must, on both domains: a section's boundaries order nothing, and the grace period waits only for P0.
     */
    private static Subject threeThreadExample(Kind kind) {
        return state -> {
            Domain d = domain(kind);
            Word x = new Word(0);
            Word y = new Word(0);
            Word z = new Word(0);
            long[] r = new long[3];
            return ExplorerTest.trial(null, List.of(() -> {
                int idx = d.lock();
                r[0] = x.readOnce();
                y.writeOnce(1);
                d.unlock(idx);
            }, () -> {
                r[1] = y.readOnce();
                d.synchronize();
                z.writeOnce(1);
            }, () -> {
                int idx = d.lock();
                r[2] = z.readOnce();
                x.writeOnce(1);
                d.unlock(idx);
            }), () -> r[0] == 1 && r[1] == 1 && r[2] == 1 ? "EXISTS" : "-");
        };
    }

    /** The three-thread example's state, named for the script's promises ({@code "x"}, {@code "y"}). */
    private static final class ThreeThreads {
        final Domain d;
        final Word x = new Word(0);
        final Word y = new Word(0);
        final Word z = new Word(0);
        final long[] r = new long[3];

        ThreeThreads(Kind kind) {
            d = domain(kind);
        }
    }

    /**
     * The explorer finds the three-thread example under {@code weak} ({@link #THREE_THREAD_SCHEDULES}): searched on
     * {@link Srcu}, whose calls {@link Rcu}'s readers and grace periods are; the script below runs it on both.
     */
    @Test
    void explanationsThreeThreadExampleIsReachedUnderWeak() {
        Exploration e = Explorer.explore(threeThreadExample(Kind.SRCU), new Explorer.Options(Explorer.Strategy.DFS,
                THREE_THREAD_BOUND, Duration.ofMinutes(1), 0, THREE_THREAD_SCHEDULES, true, MemoryModel.WEAK),
                o -> o.equals("EXISTS"), true);
        assertTrue(e.histogram().containsKey("EXISTS"), "explanation.txt's three-thread example not reached: " + e);
        System.out.println("three-thread RCU example: reached at schedule " + e.firstBug() + "\n"
                + e.traces().get("EXISTS").timeline());
    }

    /**
     * explanation.txt's timing diagram for the three-thread example, as a script under {@code weak}, on both domains:
     * P0's section begins and promises its store of y (executed before its load of x); P1 reads it and its grace
     * period blocks on P0; P2's section begins after the grace period started (the flip: it is not waited for) and
     * promises x; P0 reads P2's x and leaves, which ends the grace period; P1 stores z; P2 reads it.
     */
    @Test
    void explanationsThreeThreadExampleFollowsItsTimingDiagram() {
        for (Kind kind : Kind.values()) {
            ThreeThreads t = new ThreeThreads(kind);
            org.gupstress.model.kernel.sched.Interleaving.inEveryWorld(MemoryModel.WEAK)
                    .thread("P0", () -> {
                        int idx = t.d.lock();
                        t.r[0] = t.x.readOnce();
                        t.y.writeOnce(1);
                        t.d.unlock(idx);
                    })
                    .thread("P1", () -> {
                        t.r[1] = t.y.readOnce();
                        t.d.synchronize();
                        t.z.writeOnce(1);
                    })
                    .thread("P2", () -> {
                        int idx = t.d.lock();
                        t.r[2] = t.z.readOnce();
                        t.x.writeOnce(1);
                        t.d.unlock(idx);
                    })
                    .step("P0", Srcu.READ_LOCKED.name())
                    .promise("P0", t, "y", 1)
                    .step("P1", org.gupstress.model.kernel.sched.Interleaving.BLOCKED)
                    .step("P2", Srcu.READ_LOCKED.name())
                    .promise("P2", t, "x", 1)
                    .step("P0", org.gupstress.model.kernel.sched.Interleaving.END)
                    .step("P1", org.gupstress.model.kernel.sched.Interleaving.END)
                    .step("P2", org.gupstress.model.kernel.sched.Interleaving.END)
                    .run();
            assertTrue(t.r[0] == 1 && t.r[1] == 1 && t.r[2] == 1, kind + ": r0, r1, r2 = "
                    + java.util.Arrays.toString(t.r));
        }
    }

    @Test
    void everyRcuShapeHasItsVerdictUnderEveryMemoryModel() {
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("| shape | LKMM | domain | sc | tso | weak |\n|---|---|---|---|---|---|\n");
        for (Shape shape : shapes()) {
            for (Kind kind : Kind.values()) {
                Set<MemoryModel> expected = kind == Kind.RCU ? shape.rcu() : shape.srcu();
                table.append("| ").append(shape.name()).append(" | ")
                        .append(shape.sometimes() ? "Sometimes" : "Never").append(" | ").append(kind);
                for (MemoryModel m : MemoryModel.values()) {
                    table.append(" | ").append(AtomicWeakMemoryTest.verdict(shape.name() + " on " + kind,
                            shape.subject(kind), m, expected.contains(m), problems));
                }
                table.append(" |\n");
            }
        }
        System.out.println(table);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
