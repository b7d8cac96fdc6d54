package org.gupstress.model.kernel.sched.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Atomic64;
import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.sched.MemoryModel;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.junit.jupiter.api.Test;

/**
 * {@code atomic_t} and {@code atomic_long_t} ({@link Atomic}, {@link Atomic64}) under the explorer's memory models,
 * judged by the LKMM. Each shape is a litmus test of the kernel's tools/memory-model/litmus-tests/ or
 * Documentation/litmus-tests/atomic/ with its {@code int} variables made {@code atomic_t}s, or its ordering changed
 * as the name says; its LKMM verdict follows from tools/memory-model/linux-kernel.def, which defines
 * {@code atomic_read(X)} as {@code READ_ONCE(*X)}, {@code atomic_set(X,V)} as {@code WRITE_ONCE(*X,V)}, the
 * {@code _acquire}/{@code _release} forms as {@code smp_load_acquire()}/{@code smp_store_release()}, a void RMW as
 * {@code __atomic_op} (no ordering), and the value-returning RMWs as {@code {mb}}, {@code {once}},
 * {@code {acquire}}, {@code {release}} as their suffix says. Every search is complete (every schedule and every
 * choice of the model), and:
 * <ul>
 *   <li>a "Never" shape is reached under no model;</li>
 *   <li>a "Sometimes" shape is reached under {@code weak} (and under {@code tso} exactly when it is store-to-load
 *       reordering, as x86 shows it), never under {@code sc}.</li>
 * </ul>
 * Before {@code atomic_t} went through the weak model (it was sequentially consistent there: each access
 * {@code smp_mb(); access; smp_mb()}), none of the "Sometimes" shapes below but SB was reached by {@code weak}.
 */
class AtomicWeakMemoryTest {
    /** Complete for every shape here (checked: {@link Exploration#complete()}). */
    private static final int BOUND = 8;

    /** One shape: its name, LKMM verdict, under which models it must be reached (sc, tso, weak), and its threads. */
    private record Shape(String name, boolean sometimes, boolean tso, Subject subject) {
    }

    /**
     * A shape's two threads and its variables, made afresh for each schedule (so that the explorer numbers them); each
     * thread keeps what it read in its own array.
     */
    private interface Threads {
        void t0(long[] r);

        void t1(long[] r);

        /** What the exists clause reads after both threads (the final values), if anything. */
        default long[] finals() {
            return new long[0];
        }
    }

    private static Subject shape(java.util.function.Supplier<Threads> make,
                                 java.util.function.Predicate<long[][]> exists) {
        return state -> {
            Threads t = make.get();
            long[] r0 = new long[2];
            long[] r1 = new long[2];
            return ExplorerTest.trial(t, List.of(() -> t.t0(r0), () -> t.t1(r1)),
                    () -> exists.test(new long[][] {r0, r1, t.finals()}) ? "EXISTS" : "-");
        };
    }

    private static void smpRmb() {
        Barriers.smpRmb();
    }

    /** {@code smp_mb()} and {@code smp_mb__after_atomic()} (a full barrier in the model). */
    private static void smpMb() {
        Barriers.fullBarrier(Schedules.everyWorld());
    }

    /** P0 of an MP or SB shape on two {@code atomic_t}s. */
    private interface Side {
        void run(Atomic x, Atomic y, long[] r);
    }

    /** A shape on two {@code atomic_t}s x and y. */
    private static Subject atomics(Side p0, Side p1, java.util.function.Predicate<long[][]> exists) {
        return shape(() -> new Threads() {
            final Atomic x = new Atomic(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                p0.run(x, y, r);
            }

            public void t1(long[] r) {
                p1.run(x, y, r);
            }
        }, exists);
    }

    /** MP: exists (1:r0=1 /\ 1:r1=0). */
    private static Subject mp(Side p0, Side p1) {
        return atomics(p0, p1, r -> r[1][0] == 1 && r[1][1] == 0);
    }

    /** SB on atomic_set()/atomic_read(), with or without smp_mb(): exists (0:r0=0 /\ 1:r0=0). */
    private static Subject sb(boolean mb) {
        return atomics((x, y, r) -> {
            x.set(1);
            if (mb) {
                smpMb();
            }
            r[0] = y.read();
        }, (x, y, r) -> {
            y.set(1);
            if (mb) {
                smpMb();
            }
            r[0] = x.read();
        }, r -> r[0][0] == 0 && r[1][0] == 0);
    }

    /**
     * Documentation/litmus-tests/atomic/Atomic-RMW+mb__after_atomic-is-stronger-than-acquire.litmus with P1's RMW and
     * barrier as {@code p1} does them, then {@code WRITE_ONCE(x, 1)}; P0: {@code r0 = READ_ONCE(x); smp_rmb();
     * r1 = atomic_read(y)}; exists (0:r0=1 /\ 0:r1=0).
     */
    private static Subject afterRmw(java.util.function.Consumer<Atomic> p1) {
        return shape(() -> new Threads() {
            final Word x = new Word(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                r[0] = x.readOnce();
                smpRmb();
                r[1] = y.read();
            }

            public void t1(long[] r) {
                p1.accept(y);
                x.writeOnce(1);
            }
        }, r -> r[0][0] == 1 && r[0][1] == 0);
    }

    /**
     * MP+pooncerelease+poacquireonce with the flag an {@code atomic_t} that P0 sets with {@code publish} after
     * {@code WRITE_ONCE(x, 1)} and P1 reads with {@code read} before {@code READ_ONCE(x)}; exists (1:r0=1 /\ 1:r1=0).
     */
    private static Subject mpFlag(java.util.function.Consumer<Atomic> publish,
                                  java.util.function.ToLongFunction<Atomic> read) {
        return shape(() -> new Threads() {
            final Word x = new Word(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                x.writeOnce(1);
                publish.accept(y);
            }

            public void t1(long[] r) {
                r[0] = read.applyAsLong(y);
                r[1] = x.readOnce();
            }
        }, r -> r[1][0] == 1 && r[1][1] == 0);
    }

    private static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        // MP+poonceonces with atomic_t: atomic_set() is WRITE_ONCE(), atomic_read() is READ_ONCE(): Sometimes.
        s.add(new Shape("MP+poonceonces, atomic_set/atomic_read", true, false, mp((x, y, r) -> {
            x.set(1);
            y.set(1);
        }, (x, y, r) -> {
            r[0] = y.read();
            r[1] = x.read();
        })));
        // MP+pooncerelease+poacquireonce with atomic_set_release/atomic_read_acquire: Never.
        s.add(new Shape("MP+pooncerelease+poacquireonce, atomic_set_release/atomic_read_acquire", false, false,
                mp((x, y, r) -> {
                    x.set(1);
                    y.setRelease(1);
                }, (x, y, r) -> {
                    r[0] = y.readAcquire();
                    r[1] = x.read();
                })));
        // MP+wmbonceonce+rmbonceonce with atomic_t: Never.
        s.add(new Shape("MP+wmbonceonce+rmbonceonce, atomic_set/atomic_read", false, false, mp((x, y, r) -> {
            x.set(1);
            Barriers.smpWmb();
            y.set(1);
        }, (x, y, r) -> {
            r[0] = y.read();
            smpRmb();
            r[1] = x.read();
        })));
        // MP+poonceonces with atomic_long_t (Atomic64): Sometimes.
        s.add(new Shape("MP+poonceonces, atomic_long_set/atomic_long_read", true, false, shape(() -> new Threads() {
            final Atomic64 x = new Atomic64(0);
            final Atomic64 y = new Atomic64(0);

            public void t0(long[] r) {
                x.set(1);
                y.set(1);
            }

            public void t1(long[] r) {
                r[0] = y.read();
                r[1] = x.read();
            }
        }, r -> r[1][0] == 1 && r[1][1] == 0)));
        // SB+poonceonces with atomic_t: Sometimes (store-to-load: tso too); SB+mbonceonces: Never.
        s.add(new Shape("SB+poonceonces, atomic_set/atomic_read", true, true, sb(false)));
        s.add(new Shape("SB+mbonceonces, atomic_set/atomic_read", false, false, sb(true)));
        // CoRR+poonceonce+Once with atomic_t: Never (a stale atomic_read() is still coherent).
        s.add(new Shape("CoRR+poonceonce+Once, atomic_set/atomic_read", false, false,
                atomics((x, y, r) -> x.set(1), (x, y, r) -> {
                    r[0] = x.read();
                    r[1] = x.read();
                }, r -> r[1][0] == 1 && r[1][1] == 0)));
        // Atomic-RMW+mb__after_atomic-is-stronger-than-acquire without the smp_mb__after_atomic(): the void RMW is
        // unordered, so the later store to x may propagate first: Sometimes. With it (the kernel's file): Never.
        // With a value-returning RMW ({mb}) instead: Never; with its _relaxed form ({once}): Sometimes.
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire without the barrier (atomic_inc)", true,
                false, afterRmw(Atomic::inc)));
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire (atomic_inc; smp_mb__after_atomic)",
                false, false, afterRmw(y -> {
                    y.inc();
                    smpMb();
                })));
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_inc_return()", false, false,
                afterRmw(Atomic::incReturn)));
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_add_return_relaxed()",
                true, false, afterRmw(y -> y.addReturnRelaxed(1))));
        // ... with atomic_xchg() ({mb}) and a succeeding atomic_cmpxchg() ({mb}): Never; their _relaxed forms: Sometimes.
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_xchg()", false, false,
                afterRmw(y -> y.xchg(1))));
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_xchg_relaxed()", true, false,
                afterRmw(y -> y.xchgRelaxed(1))));
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_cmpxchg(y, 0, 1)", false,
                false, afterRmw(y -> y.cmpxchg(0, 1))));
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_cmpxchg_relaxed(y, 0, 1)",
                true, false, afterRmw(y -> y.cmpxchgRelaxed(0, 1))));
        // MP whose flag is published by atomic_add_return_release() ({release}) and read by atomic_read_acquire():
        // Never; with atomic_add_return_relaxed() instead: Sometimes.
        s.add(new Shape("MP+pooncerelease+poacquireonce, flag by atomic_add_return_release", false, false,
                mpFlag(y -> y.addReturnRelease(1), Atomic::readAcquire)));
        s.add(new Shape("MP+pooncerelease+poacquireonce, flag by atomic_add_return_relaxed", true, false,
                mpFlag(y -> y.addReturnRelaxed(1), Atomic::readAcquire)));
        // MP whose flag is read by atomic_add_return_acquire(0) ({acquire}): Never; _relaxed: Sometimes.
        s.add(new Shape("MP+pooncerelease+poacquireonce, flag read by atomic_add_return_acquire(0)", false, false,
                mpFlag(y -> y.setRelease(1), y -> y.addReturnAcquire(0))));
        s.add(new Shape("MP+pooncerelease+poacquireonce, flag read by atomic_add_return_relaxed(0)", true, false,
                mpFlag(y -> y.setRelease(1), y -> y.addReturnRelaxed(0))));
        // Two atomic_inc()s never lose an update, nor an atomic_inc() and an atomic_fetch_add_relaxed() (RMW
        // atomicity; exists (v=1)): Never.
        s.add(new Shape("atomic_inc() against atomic_fetch_add_relaxed(): exists (v=1)", false, false,
                shape(() -> new Threads() {
                    final Atomic v = new Atomic(0);

                    public void t0(long[] r) {
                        v.inc();
                    }

                    public void t1(long[] r) {
                        v.fetchAddRelaxed(1);
                    }

                    @Override
                    public long[] finals() {
                        return new long[] {v.read()};
                    }
                }, r -> r[2][0] != 2)));
        return s;
    }

    /**
     * Explores {@code subject} completely under {@code m} and returns "reached (schedules)" or "never (schedules)" for
     * its outcome "EXISTS"; adds to {@code problems} if the search was not complete or {@code expected} (reached) does
     * not hold. Shared by this package's memory-model tests.
     */
    static String verdict(String name, Subject subject, MemoryModel m, boolean expected, List<String> problems) {
        Exploration e = Explorer.explore(subject, new Explorer.Options(Explorer.Strategy.DFS, BOUND,
                Duration.ofMinutes(1), 0, Long.MAX_VALUE, true, m), o -> o.equals("EXISTS"), false);
        boolean reached = e.histogram().containsKey("EXISTS");
        if (!e.complete() || e.error() != null) {
            problems.add(name + " under " + m + ": not complete: " + e);
        }
        if (reached != expected) {
            problems.add(name + " under " + m + (reached ? ": reached\n" + e.traces().get("EXISTS").timeline()
                    : ": not reached"));
        }
        return (reached ? "reached" : "never") + " (" + e.schedules() + ")";
    }

    @Test
    void everyAtomicShapeHasTheLkmmVerdictUnderEveryMemoryModel() {
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("| shape | LKMM | sc | tso | weak |\n|---|---|---|---|---|\n");
        for (Shape shape : shapes()) {
            table.append("| ").append(shape.name()).append(" | ").append(shape.sometimes() ? "Sometimes" : "Never");
            for (MemoryModel m : MemoryModel.values()) {
                boolean expected = shape.sometimes() && (m == MemoryModel.WEAK || m == MemoryModel.TSO && shape.tso());
                table.append(" | ").append(verdict(shape.name(), shape.subject(), m, expected, problems));
            }
            table.append(" |\n");
        }
        System.out.println(table);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
