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

    private static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        // MP+poonceonces with atomic_t: atomic_set() is WRITE_ONCE(), atomic_read() is READ_ONCE(): Sometimes.
        s.add(new Shape("MP+poonceonces, atomic_set/atomic_read", true, false, shape(() -> new Threads() {
            final Atomic x = new Atomic(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                x.set(1);
                y.set(1);
            }

            public void t1(long[] r) {
                r[0] = y.read();
                r[1] = x.read();
            }
        }, r -> r[1][0] == 1 && r[1][1] == 0)));
        // MP+pooncerelease+poacquireonce with atomic_set_release/atomic_read_acquire: Never.
        s.add(new Shape("MP+pooncerelease+poacquireonce, atomic_set_release/atomic_read_acquire", false, false,
                shape(() -> new Threads() {
                    final Atomic x = new Atomic(0);
                    final Atomic y = new Atomic(0);

                    public void t0(long[] r) {
                        x.set(1);
                        y.setRelease(1);
                    }

                    public void t1(long[] r) {
                        r[0] = y.readAcquire();
                        r[1] = x.read();
                    }
                }, r -> r[1][0] == 1 && r[1][1] == 0)));
        // MP+wmbonceonce+rmbonceonce with atomic_t: Never.
        s.add(new Shape("MP+wmbonceonce+rmbonceonce, atomic_set/atomic_read", false, false, shape(() -> new Threads() {
            final Atomic x = new Atomic(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                x.set(1);
                Barriers.smpWmb();
                y.set(1);
            }

            public void t1(long[] r) {
                r[0] = y.read();
                smpRmb();
                r[1] = x.read();
            }
        }, r -> r[1][0] == 1 && r[1][1] == 0)));
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
        // SB+poonceonces with atomic_t: Sometimes (store-to-load: tso too).
        s.add(new Shape("SB+poonceonces, atomic_set/atomic_read", true, true, shape(() -> new Threads() {
            final Atomic x = new Atomic(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                x.set(1);
                r[0] = y.read();
            }

            public void t1(long[] r) {
                y.set(1);
                r[0] = x.read();
            }
        }, r -> r[0][0] == 0 && r[1][0] == 0)));
        // SB+mbonceonces with atomic_t: Never.
        s.add(new Shape("SB+mbonceonces, atomic_set/atomic_read", false, false, shape(() -> new Threads() {
            final Atomic x = new Atomic(0);
            final Atomic y = new Atomic(0);

            public void t0(long[] r) {
                x.set(1);
                smpMb();
                r[0] = y.read();
            }

            public void t1(long[] r) {
                y.set(1);
                smpMb();
                r[0] = x.read();
            }
        }, r -> r[0][0] == 0 && r[1][0] == 0)));
        // CoRR+poonceonce+Once with atomic_t: Never (a stale atomic_read() is still coherent).
        s.add(new Shape("CoRR+poonceonce+Once, atomic_set/atomic_read", false, false, shape(() -> new Threads() {
            final Atomic x = new Atomic(0);

            public void t0(long[] r) {
                x.set(1);
            }

            public void t1(long[] r) {
                r[0] = x.read();
                r[1] = x.read();
            }
        }, r -> r[1][0] == 1 && r[1][1] == 0)));
        // Atomic-RMW+mb__after_atomic-is-stronger-than-acquire without the smp_mb__after_atomic(): the void RMW is
        // unordered, so the later store to x may propagate first: Sometimes.
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire without the barrier (atomic_inc)", true,
                false, shape(() -> new Threads() {
                    final Word x = new Word(0);
                    final Atomic y = new Atomic(0);

                    public void t0(long[] r) {
                        r[0] = x.readOnce();
                        smpRmb();
                        r[1] = y.read();
                    }

                    public void t1(long[] r) {
                        y.inc();
                        x.writeOnce(1);
                    }
                }, r -> r[0][0] == 1 && r[0][1] == 0)));
        // The same with smp_mb__after_atomic(), the kernel's file: Never.
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire (atomic_inc; smp_mb__after_atomic)",
                false, false, shape(() -> new Threads() {
                    final Word x = new Word(0);
                    final Atomic y = new Atomic(0);

                    public void t0(long[] r) {
                        r[0] = x.readOnce();
                        smpRmb();
                        r[1] = y.read();
                    }

                    public void t1(long[] r) {
                        y.inc();
                        smpMb();
                        x.writeOnce(1);
                    }
                }, r -> r[0][0] == 1 && r[0][1] == 0)));
        // The same with a value-returning RMW instead (atomic_inc_return(): {mb}): Never.
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_inc_return()", false, false,
                shape(() -> new Threads() {
                    final Word x = new Word(0);
                    final Atomic y = new Atomic(0);

                    public void t0(long[] r) {
                        r[0] = x.readOnce();
                        smpRmb();
                        r[1] = y.read();
                    }

                    public void t1(long[] r) {
                        y.incReturn();
                        x.writeOnce(1);
                    }
                }, r -> r[0][0] == 1 && r[0][1] == 0)));
        // ... with atomic_add_return_relaxed() ({once}): Sometimes.
        s.add(new Shape("Atomic-RMW+mb__after_atomic-is-stronger-than-acquire with atomic_add_return_relaxed()",
                true, false, shape(() -> new Threads() {
                    final Word x = new Word(0);
                    final Atomic y = new Atomic(0);

                    public void t0(long[] r) {
                        r[0] = x.readOnce();
                        smpRmb();
                        r[1] = y.read();
                    }

                    public void t1(long[] r) {
                        y.addReturnRelaxed(1);
                        x.writeOnce(1);
                    }
                }, r -> r[0][0] == 1 && r[0][1] == 0)));
        // MP whose flag is published by atomic_add_return_release() ({release}) and read by atomic_read_acquire():
        // Never; with atomic_add_return_relaxed() instead: Sometimes.
        for (boolean release : new boolean[] {true, false}) {
            s.add(new Shape("MP+pooncerelease+poacquireonce, flag by atomic_add_return_"
                    + (release ? "release" : "relaxed"), !release, false, shape(() -> new Threads() {
                        final Word x = new Word(0);
                        final Atomic y = new Atomic(0);

                        public void t0(long[] r) {
                            x.writeOnce(1);
                            if (release) {
                                y.addReturnRelease(1);
                            } else {
                                y.addReturnRelaxed(1);
                            }
                        }

                        public void t1(long[] r) {
                            r[0] = y.readAcquire();
                            r[1] = x.readOnce();
                        }
                    }, r -> r[1][0] == 1 && r[1][1] == 0)));
        }
        // MP whose flag is read by atomic_add_return_acquire(0) ({acquire}): Never; _relaxed: Sometimes.
        for (boolean acquire : new boolean[] {true, false}) {
            s.add(new Shape("MP+pooncerelease+poacquireonce, flag read by atomic_add_return_"
                    + (acquire ? "acquire" : "relaxed") + "(0)", !acquire, false, shape(() -> new Threads() {
                        final Word x = new Word(0);
                        final Atomic y = new Atomic(0);

                        public void t0(long[] r) {
                            x.writeOnce(1);
                            y.setRelease(1);
                        }

                        public void t1(long[] r) {
                            r[0] = acquire ? y.addReturnAcquire(0) : y.addReturnRelaxed(0);
                            r[1] = x.readOnce();
                        }
                    }, r -> r[1][0] == 1 && r[1][1] == 0)));
        }
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

    @Test
    void everyAtomicShapeHasTheLkmmVerdictUnderEveryMemoryModel() {
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("| shape | LKMM | sc | tso | weak |\n|---|---|---|---|---|\n");
        for (Shape shape : shapes()) {
            table.append("| ").append(shape.name()).append(" | ").append(shape.sometimes() ? "Sometimes" : "Never");
            for (MemoryModel m : MemoryModel.values()) {
                Exploration e = Explorer.explore(shape.subject(), new Explorer.Options(Explorer.Strategy.DFS, BOUND,
                        Duration.ofMinutes(1), 0, Long.MAX_VALUE, true, m), o -> o.equals("EXISTS"), false);
                boolean reached = e.histogram().containsKey("EXISTS");
                boolean expected = shape.sometimes() && (m == MemoryModel.WEAK || m == MemoryModel.TSO && shape.tso());
                if (!e.complete() || e.error() != null) {
                    problems.add(shape.name() + " under " + m + ": not complete: " + e);
                }
                if (reached != expected) {
                    problems.add(shape.name() + " under " + m + (reached ? ": reached\n"
                            + e.traces().get("EXISTS").timeline() : ": not reached"));
                }
                table.append(" | ").append(reached ? "reached" : "never").append(" (").append(e.schedules())
                        .append(')');
            }
            table.append(" |\n");
        }
        System.out.println(table);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
