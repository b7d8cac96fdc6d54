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
 * LKMM litmus test cmpxchg-fail-unordered-1 (Documentation/litmus-tests/atomic/cmpxchg-fail-unordered-1.litmus,
 * Result: Sometimes): a failing cmpxchg() is not a full barrier (a successful one is): store buffering with a
 * failing cmpxchg() on both sides.
 *
 * <pre>
 *   P0                        P1
 *   WRITE_ONCE(x, 1);         WRITE_ONCE(y, 1);
 *   r1 = cmpxchg(z, 1, 0);    r1 = cmpxchg(z, 1, 0);
 *   r0 = READ_ONCE(y);        r0 = READ_ONCE(x);
 *
 *   exists (0:r0=0 /\ 1:r0=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure; the
 * explorer's weak memory model must reach it.
 *
 * <p>z is a plain int in the file, so cmpxchg() is the model's Word.cmpxchg(): z stays 0, so both fail. A failure
 * is the load alone (a READ_ONCE of z), which the file's locations[] only records.
 */
@Scenario(family = "litmus", id = "cmpxchg-fail-unordered-1", title = "LKMM litmus test cmpxchg-fail-unordered-1 (Sometimes)", outcomes = Exists.class)
@Litmus(value = "cmpxchg-fail-unordered-1", dir = "Documentation/litmus-tests/atomic", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/atomic/cmpxchg-fail-unordered-1.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class cmpxchg_fail_unordered_1 {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final Word z = new Word(0);
    private long p0r0;
    private long p0r1;
    private long p1r0;
    private long p1r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
        p0r1 = z.cmpxchg(1, 0);
        p0r0 = y.readOnce();
    }

    @Actor
    public void p1() {
        y.writeOnce(1);
        p1r1 = z.cmpxchg(1, 0);
        p1r0 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 0 && p1r0 == 0);
    }
}
