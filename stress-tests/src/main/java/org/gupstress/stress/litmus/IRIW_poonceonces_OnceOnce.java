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
 * LKMM litmus test IRIW+poonceonces+OnceOnce (tools/memory-model/litmus-tests/IRIW+poonceonces+OnceOnce.litmus,
 * Result: Sometimes): independent reads of independent writes with nothing between the reads: the readers may
 * disagree on the order of the writes.
 *
 * <pre>
 *   P0                    P1                    P2                    P3
 *   WRITE_ONCE(x, 1);     r0 = READ_ONCE(x);    WRITE_ONCE(y, 1);     r0 = READ_ONCE(y);
 *                         r1 = READ_ONCE(y);                          r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 1:r1=0 /\ 3:r0=1 /\ 3:r1=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "IRIW+poonceonces+OnceOnce", title = "LKMM litmus test IRIW+poonceonces+OnceOnce (Sometimes)", outcomes = Exists.class)
@Litmus(value = "IRIW+poonceonces+OnceOnce", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/IRIW+poonceonces+OnceOnce.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class IRIW_poonceonces_OnceOnce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;
    private long p1r1;
    private long p3r0;
    private long p3r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        p1r1 = y.readOnce();
    }

    @Actor
    public void p2() {
        y.writeOnce(1);
    }

    @Actor
    public void p3() {
        p3r0 = y.readOnce();
        p3r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p1r1 == 0 && p3r0 == 1 && p3r1 == 0);
    }
}
