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
 * LKMM litmus test SB+mbonceonces (tools/memory-model/litmus-tests/SB+mbonceonces.litmus, Result: Never): store
 * buffering with smp_mb() on both sides (the core of Dekker's algorithm).
 *
 * <pre>
 *   P0                    P1
 *   WRITE_ONCE(x, 1);     WRITE_ONCE(y, 1);
 *   smp_mb();             smp_mb();
 *   r0 = READ_ONCE(y);    r0 = READ_ONCE(x);
 *
 *   exists (0:r0=0 /\ 1:r0=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "SB+mbonceonces", title = "LKMM litmus test SB+mbonceonces (Never)", outcomes = Exists.class)
@Litmus(value = "SB+mbonceonces", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/SB+mbonceonces.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class SB_mbonceonces {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p0r0;
    private long p1r0;

    @Actor
    public void p0() {
        x.writeOnce(1);
        Lkmm.smpMb();
        p0r0 = y.readOnce();
    }

    @Actor
    public void p1() {
        y.writeOnce(1);
        Lkmm.smpMb();
        p1r0 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 0 && p1r0 == 0);
    }
}
