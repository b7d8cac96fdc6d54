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
 * LKMM litmus test cmpxchg-fail-unordered-2 (Documentation/litmus-tests/atomic/cmpxchg-fail-unordered-2.litmus,
 * Result: Sometimes): a failing cmpxchg() is neither an acquire nor a release (a successful one is both): P1's
 * failing cmpxchg() may read P0's successful one and its later load of x still read 0.
 *
 * <pre>
 *   P0                        P1
 *   WRITE_ONCE(x, 1);         r1 = cmpxchg(y, 0, 1);
 *   r1 = cmpxchg(y, 0, 1);
 *                             r2 = READ_ONCE(x);
 *
 *   exists (0:r1=0 /\ 1:r1=1 /\ 1:r2=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure; the
 * explorer's weak memory model must reach it.
 *
 * <p>y is a plain int in the file, so cmpxchg() is the model's Word.cmpxchg(); the clause asks for P0's to succeed
 * and P1's to fail.
 */
@Scenario(family = "litmus", id = "cmpxchg-fail-unordered-2", title = "LKMM litmus test cmpxchg-fail-unordered-2 (Sometimes)", outcomes = Exists.class)
@Litmus(value = "cmpxchg-fail-unordered-2", dir = "Documentation/litmus-tests/atomic", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/atomic/cmpxchg-fail-unordered-2.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class cmpxchg_fail_unordered_2 {
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
        p1r2 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r1 == 0 && p1r1 == 1 && p1r2 == 0);
    }
}
