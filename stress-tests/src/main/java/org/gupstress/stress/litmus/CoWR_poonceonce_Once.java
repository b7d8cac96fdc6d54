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
 * LKMM litmus test CoWR+poonceonce+Once (tools/memory-model/litmus-tests/CoWR+poonceonce+Once.litmus, Result:
 * Never): write-read coherence: a CPU never reads a write older, in the variable's order, than its own earlier
 * store.
 *
 * <pre>
 *   P0                    P1
 *   WRITE_ONCE(x, 1);     WRITE_ONCE(x, 2);
 *   r0 = READ_ONCE(x);
 *
 *   exists (x=1 /\ 0:r0=2)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "CoWR+poonceonce+Once", title = "LKMM litmus test CoWR+poonceonce+Once (Never)", outcomes = Exists.class)
@Litmus(value = "CoWR+poonceonce+Once", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/CoWR+poonceonce+Once.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class CoWR_poonceonce_Once {
    private final Word x = new Word(0);
    private long p0r0;

    @Actor
    public void p0() {
        x.writeOnce(1);
        p0r0 = x.readOnce();
    }

    @Actor
    public void p1() {
        x.writeOnce(2);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(x.readOnce() == 1 && p0r0 == 2);
    }
}
