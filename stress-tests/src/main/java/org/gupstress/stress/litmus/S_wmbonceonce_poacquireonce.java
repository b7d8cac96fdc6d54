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
 * LKMM litmus test S+wmbonceonce+poacquireonce
 * (tools/memory-model/litmus-tests/S+wmbonceonce+poacquireonce.litmus, Result: Never): smp_wmb() instead of a
 * release, with an acquire, orders a prior store against a subsequent store of another CPU.
 *
 * <pre>
 *   P0                           P1
 *   WRITE_ONCE(x, 2);            r0 = smp_load_acquire(y);
 *   smp_wmb();                   WRITE_ONCE(x, 1);
 *   WRITE_ONCE(y, 1);
 *
 *   exists (x=2 /\ 1:r0=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "S+wmbonceonce+poacquireonce", title = "LKMM litmus test S+wmbonceonce+poacquireonce (Never)", outcomes = Exists.class)
@Litmus(value = "S+wmbonceonce+poacquireonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/S+wmbonceonce+poacquireonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class S_wmbonceonce_poacquireonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;

    @Actor
    public void p0() {
        x.writeOnce(2);
        Lkmm.smpWmb();
        y.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = y.loadAcquire();
        x.writeOnce(1);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(x.readOnce() == 2 && p1r0 == 1);
    }
}
