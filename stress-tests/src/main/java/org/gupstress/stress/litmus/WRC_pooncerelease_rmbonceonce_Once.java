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
 * LKMM litmus test WRC+pooncerelease+rmbonceonce+Once
 * (tools/memory-model/litmus-tests/WRC+pooncerelease+rmbonceonce+Once.litmus, Result: Never): write-to-read
 * causality ordered by a release (A-cumulative) and smp_rmb().
 *
 * <pre>
 *   P0                          P1                          P2
 *   WRITE_ONCE(x, 1);           r0 = READ_ONCE(x);          r0 = READ_ONCE(y);
 *                               smp_store_release(y, 1);    smp_rmb();
 *                                                           r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 2:r0=1 /\ 2:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "WRC+pooncerelease+rmbonceonce+Once", title = "LKMM litmus test WRC+pooncerelease+rmbonceonce+Once (Never)", outcomes = Exists.class)
@Litmus(value = "WRC+pooncerelease+rmbonceonce+Once", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/WRC+pooncerelease+rmbonceonce+Once.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class WRC_pooncerelease_rmbonceonce_Once {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;
    private long p2r0;
    private long p2r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        y.storeRelease(1);
    }

    @Actor
    public void p2() {
        p2r0 = y.readOnce();
        Lkmm.smpRmb();
        p2r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p2r0 == 1 && p2r1 == 0);
    }
}
