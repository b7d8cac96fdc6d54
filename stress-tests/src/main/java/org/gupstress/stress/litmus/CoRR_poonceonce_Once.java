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
 * LKMM litmus test CoRR+poonceonce+Once (tools/memory-model/litmus-tests/CoRR+poonceonce+Once.litmus, Result:
 * Never): read-read coherence: two loads of one variable by one CPU never see its writes out of order.
 *
 * <pre>
 *   P0                    P1
 *   WRITE_ONCE(x, 1);     r0 = READ_ONCE(x);
 *                         r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 1:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "CoRR+poonceonce+Once", title = "LKMM litmus test CoRR+poonceonce+Once (Never)", outcomes = Exists.class)
@Litmus(value = "CoRR+poonceonce+Once", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/CoRR+poonceonce+Once.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class CoRR_poonceonce_Once {
    private final Word x = new Word(0);
    private long p1r0;
    private long p1r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        p1r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p1r1 == 0);
    }
}
