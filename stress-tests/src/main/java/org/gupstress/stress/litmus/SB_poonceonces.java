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
 * LKMM litmus test SB+poonceonces (tools/memory-model/litmus-tests/SB+poonceonces.litmus, Result: Sometimes):
 * store buffering without barriers: both stores may still be in store buffers when the loads run.
 *
 * <pre>
 *   P0                    P1
 *   WRITE_ONCE(x, 1);     WRITE_ONCE(y, 1);
 *   r0 = READ_ONCE(y);    r0 = READ_ONCE(x);
 *
 *   exists (0:r0=0 /\ 1:r0=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "SB+poonceonces", title = "LKMM litmus test SB+poonceonces (Sometimes)", outcomes = Exists.class)
@Litmus(value = "SB+poonceonces", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/SB+poonceonces.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class SB_poonceonces {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p0r0;
    private long p1r0;

    @Actor
    public void p0() {
        x.writeOnce(1);
        p0r0 = y.readOnce();
    }

    @Actor
    public void p1() {
        y.writeOnce(1);
        p1r0 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 0 && p1r0 == 0);
    }
}
