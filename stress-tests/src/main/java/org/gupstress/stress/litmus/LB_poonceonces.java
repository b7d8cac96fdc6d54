package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Word;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.Scenario;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * LKMM litmus test LB+poonceonces (tools/memory-model/litmus-tests/LB+poonceonces.litmus, Result: Sometimes):
 * load buffering with no ordering at all: each load may read the other CPU's later store.
 *
 * <pre>
 *   P0                    P1
 *   r0 = READ_ONCE(x);    r0 = READ_ONCE(y);
 *   WRITE_ONCE(y, 1);     WRITE_ONCE(x, 1);
 *
 *   exists (0:r0=1 /\ 1:r0=1)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it, and does through a
 * promise: one CPU promises its store before its load runs, the other reads the promise, and the first keeps it
 * ({@code WeakMemory#promise}).
 */
@Scenario(family = "litmus", id = "LB+poonceonces", title = "LKMM litmus test LB+poonceonces (Sometimes)", outcomes = Exists.class)
@Litmus(value = "LB+poonceonces", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/LB+poonceonces.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class LB_poonceonces {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p0r0;
    private long p1r0;

    @Actor
    public void p0() {
        p0r0 = x.readOnce();
        y.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = y.readOnce();
        x.writeOnce(1);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 1 && p1r0 == 1);
    }
}
