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
 * LKMM litmus test CoWW+poonceonce (tools/memory-model/litmus-tests/CoWW+poonceonce.litmus, Result: Never):
 * write-write coherence: two stores of one CPU to one variable reach memory in program order.
 *
 * <pre>
 *   P0
 *   WRITE_ONCE(x, 1);
 *   WRITE_ONCE(x, 2);
 *
 *   exists (x=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "CoWW+poonceonce", title = "LKMM litmus test CoWW+poonceonce (Never)", outcomes = Exists.class)
@Litmus(value = "CoWW+poonceonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/CoWW+poonceonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class CoWW_poonceonce {
    private final Word x = new Word(0);

    @Actor
    public void p0() {
        x.writeOnce(1);
        x.writeOnce(2);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(x.readOnce() == 1);
    }
}
