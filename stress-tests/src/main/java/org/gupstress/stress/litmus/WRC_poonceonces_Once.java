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
 * LKMM litmus test WRC+poonceonces+Once (tools/memory-model/litmus-tests/WRC+poonceonces+Once.litmus, Result:
 * Sometimes): write-to-read causality with no ordering: message passing whose first store is on a third CPU.
 *
 * <pre>
 *   P0                    P1                    P2
 *   WRITE_ONCE(x, 1);     r0 = READ_ONCE(x);    r0 = READ_ONCE(y);
 *                         WRITE_ONCE(y, 1);     r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 2:r0=1 /\ 2:r1=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "WRC+poonceonces+Once", title = "LKMM litmus test WRC+poonceonces+Once (Sometimes)", outcomes = Exists.class)
@Litmus(value = "WRC+poonceonces+Once", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/WRC+poonceonces+Once.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class WRC_poonceonces_Once {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;
    private long p2r0;
    private long p2r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        y.writeOnce(1);
    }

    @Actor
    public void p2() {
        p2r0 = y.readOnce();
        p2r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p2r0 == 1 && p2r1 == 0);
    }
}
