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
 * LKMM litmus test cmpxchg-fail-ordered-2 (Documentation/litmus-tests/atomic/cmpxchg-fail-ordered-2.litmus, Result:
 * Never): smp_mb__after_atomic() gives a failing cmpxchg() acquire ordering: P1's failing cmpxchg() reads P0's
 * successful one, which is fully ordered after P0's store to x, so P1's later load of x sees it.
 *
 * <pre>
 *   P0                        P1
 *   WRITE_ONCE(x, 1);         r1 = cmpxchg(y, 0, 1);
 *   r1 = cmpxchg(y, 0, 1);    smp_mb__after_atomic();
 *                             r2 = READ_ONCE(x);
 *
 *   exists (0:r1=0 /\ 1:r1=1 /\ 1:r2=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>y is a plain int in the file, so cmpxchg() is the model's Word.cmpxchg(); the clause asks for P0's to succeed
 * and P1's to fail.
 */
@Scenario(family = "litmus", id = "cmpxchg-fail-ordered-2", title = "LKMM litmus test cmpxchg-fail-ordered-2 (Never)", outcomes = Exists.class)
@Litmus(value = "cmpxchg-fail-ordered-2", dir = "Documentation/litmus-tests/atomic", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/atomic/cmpxchg-fail-ordered-2.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class cmpxchg_fail_ordered_2 {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p0r1;
    private long p1r1;
    private long p1r2;

    @Actor
    public void p0() {
        x.writeOnce(1);
        p0r1 = y.cmpxchg(0, 1);
    }

    @Actor
    public void p1() {
        p1r1 = y.cmpxchg(0, 1);
        Lkmm.smpMbAfterAtomic();
        p1r2 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r1 == 0 && p1r1 == 1 && p1r2 == 0);
    }
}
