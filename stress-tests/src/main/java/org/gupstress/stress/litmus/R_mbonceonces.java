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
 * LKMM litmus test R+mbonceonces (tools/memory-model/litmus-tests/R+mbonceonces.litmus, Result: Never): the R
 * pattern with smp_mb() on both sides: store propagation delays cannot hide P0's first store.
 *
 * <pre>
 *   P0                    P1
 *   WRITE_ONCE(x, 1);     WRITE_ONCE(y, 2);
 *   smp_mb();             smp_mb();
 *   WRITE_ONCE(y, 1);     r0 = READ_ONCE(x);
 *
 *   exists (y=2 /\ 1:r0=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "R+mbonceonces", title = "LKMM litmus test R+mbonceonces (Never)", outcomes = Exists.class)
@Litmus(value = "R+mbonceonces", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/R+mbonceonces.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class R_mbonceonces {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;

    @Actor
    public void p0() {
        x.writeOnce(1);
        Lkmm.smpMb();
        y.writeOnce(1);
    }

    @Actor
    public void p1() {
        y.writeOnce(2);
        Lkmm.smpMb();
        p1r0 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(y.readOnce() == 2 && p1r0 == 0);
    }
}
