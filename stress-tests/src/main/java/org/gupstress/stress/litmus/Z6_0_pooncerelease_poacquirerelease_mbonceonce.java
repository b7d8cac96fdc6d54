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
 * LKMM litmus test Z6.0+pooncerelease+poacquirerelease+mbonceonce
 * (tools/memory-model/litmus-tests/Z6.0+pooncerelease+poacquirerelease+mbonceonce.litmus, Result: Sometimes): a
 * release-acquire chain does not order P0's store for a CPU outside the chain that only overwrites the chain's
 * last store.
 *
 * <pre>
 *   P0                           P1                           P2
 *   WRITE_ONCE(x, 1);            r0 = smp_load_acquire(y);    WRITE_ONCE(z, 2);
 *   smp_store_release(y, 1);     smp_store_release(z, 1);     smp_mb();
 *                                                             r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ z=2 /\ 2:r1=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "Z6.0+pooncerelease+poacquirerelease+mbonceonce", title = "LKMM litmus test Z6.0+pooncerelease+poacquirerelease+mbonceonce (Sometimes)", outcomes = Exists.class)
@Litmus(value = "Z6.0+pooncerelease+poacquirerelease+mbonceonce", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/Z6.0+pooncerelease+poacquirerelease+mbonceonce.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class Z6_0_pooncerelease_poacquirerelease_mbonceonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final Word z = new Word(0);
    private long p1r0;
    private long p2r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
        y.storeRelease(1);
    }

    @Actor
    public void p1() {
        p1r0 = y.loadAcquire();
        z.storeRelease(1);
    }

    @Actor
    public void p2() {
        z.writeOnce(2);
        Lkmm.smpMb();
        p2r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && z.readOnce() == 2 && p2r1 == 0);
    }
}
