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
 * LKMM litmus test LB+ctrlonceonce+mbonceonce
 * (tools/memory-model/litmus-tests/LB+ctrlonceonce+mbonceonce.litmus, Result: Never): load buffering ordered by
 * a control dependency on one side and smp_mb() on the other.
 *
 * <pre>
 *   P0                           P1
 *   r0 = READ_ONCE(x);           r0 = READ_ONCE(y);
 *   if (r0)                      smp_mb();
 *           WRITE_ONCE(y, 1);    WRITE_ONCE(x, 1);
 *
 *   exists (0:r0=1 /\ 1:r0=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "LB+ctrlonceonce+mbonceonce", title = "LKMM litmus test LB+ctrlonceonce+mbonceonce (Never)", outcomes = Exists.class)
@Litmus(value = "LB+ctrlonceonce+mbonceonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/LB+ctrlonceonce+mbonceonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class LB_ctrlonceonce_mbonceonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p0r0;
    private long p1r0;

    @Actor
    public void p0() {
        p0r0 = x.readOnce();
        if (p0r0 != 0) {
            y.writeOnce(1);
        }
    }

    @Actor
    public void p1() {
        p1r0 = y.readOnce();
        Lkmm.smpMb();
        x.writeOnce(1);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 1 && p1r0 == 1);
    }
}
