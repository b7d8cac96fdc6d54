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
 * LKMM litmus test IRIW+mbonceonces+OnceOnce (tools/memory-model/litmus-tests/IRIW+mbonceonces+OnceOnce.litmus,
 * Result: Never): independent reads of independent writes with smp_mb() between each pair of reads: the two
 * readers agree on the order of the two writes.
 *
 * <pre>
 *   P0                    P1                    P2                    P3
 *   WRITE_ONCE(x, 1);     r0 = READ_ONCE(x);    WRITE_ONCE(y, 1);     r0 = READ_ONCE(y);
 *                         smp_mb();                                   smp_mb();
 *                         r1 = READ_ONCE(y);                          r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 1:r1=0 /\ 3:r0=1 /\ 3:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "IRIW+mbonceonces+OnceOnce", title = "LKMM litmus test IRIW+mbonceonces+OnceOnce (Never)", outcomes = Exists.class)
@Litmus(value = "IRIW+mbonceonces+OnceOnce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/IRIW+mbonceonces+OnceOnce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class IRIW_mbonceonces_OnceOnce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p1r0;
    private long p1r1;
    private long p3r0;
    private long p3r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        Lkmm.smpMb();
        p1r1 = y.readOnce();
    }

    @Actor
    public void p2() {
        y.writeOnce(1);
    }

    @Actor
    public void p3() {
        p3r0 = y.readOnce();
        Lkmm.smpMb();
        p3r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p1r1 == 0 && p3r0 == 1 && p3r1 == 0);
    }
}
