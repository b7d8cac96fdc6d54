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
 * LKMM litmus test ISA2+poonceonces (tools/memory-model/litmus-tests/ISA2+poonceonces.litmus, Result:
 * Sometimes): ISA2 with WRITE_ONCE()/READ_ONCE() only: nothing orders the chain.
 *
 * <pre>
 *   P0                    P1                    P2
 *   WRITE_ONCE(x, 1);     r0 = READ_ONCE(y);    r0 = READ_ONCE(z);
 *   WRITE_ONCE(y, 1);     WRITE_ONCE(z, 1);     r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 2:r0=1 /\ 2:r1=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "ISA2+poonceonces", title = "LKMM litmus test ISA2+poonceonces (Sometimes)", outcomes = Exists.class)
@Litmus(value = "ISA2+poonceonces", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/ISA2+poonceonces.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class ISA2_poonceonces {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final Word z = new Word(0);
    private long p1r0;
    private long p2r0;
    private long p2r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
        y.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = y.readOnce();
        z.writeOnce(1);
    }

    @Actor
    public void p2() {
        p2r0 = z.readOnce();
        p2r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p2r0 == 1 && p2r1 == 0);
    }
}
