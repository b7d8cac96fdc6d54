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
 * LKMM litmus test MP+pooncerelease+poacquireonce
 * (tools/memory-model/litmus-tests/MP+pooncerelease+poacquireonce.litmus, Result: Never): message passing with a
 * release store of the flag and an acquire load of it.
 *
 * <pre>
 *   P0                           P1
 *   WRITE_ONCE(x, 1);            r0 = smp_load_acquire(y);
 *   smp_store_release(y, 1);     r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 1:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "MP+pooncerelease+poacquireonce", title = "LKMM litmus test MP+pooncerelease+poacquireonce (Never)", outcomes = Exists.class)
@Litmus(value = "MP+pooncerelease+poacquireonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+pooncerelease+poacquireonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class MP_pooncerelease_poacquireonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;
    private long p1r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
        y.storeRelease(1);
    }

    @Actor
    public void p1() {
        p1r0 = y.loadAcquire();
        p1r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p1r1 == 0);
    }
}
