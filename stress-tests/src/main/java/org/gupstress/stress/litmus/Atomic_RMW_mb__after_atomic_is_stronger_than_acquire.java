package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Atomic;
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
 * LKMM litmus test Atomic-RMW+mb__after_atomic-is-stronger-than-acquire (Documentation/litmus-tests/atomic/Atomic-
 * RMW+mb__after_atomic-is-stronger-than-acquire.litmus, Result: Never): an atomic RMW followed by
 * smp_mb__after_atomic() is stronger than an acquire: both its read and its write are ordered before the later
 * accesses (here the later store to x, which P0 reads before the RMW's value).
 *
 * <pre>
 *   P0                        P1
 *   r0 = READ_ONCE(x);        atomic_inc(y);
 *   smp_rmb();                smp_mb__after_atomic();
 *   r1 = atomic_read(y);      WRITE_ONCE(x, 1);
 *
 *   exists (0:r0=1 /\ 0:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>The atomic_t is the model's Atomic: atomic_inc() its void RMW, atomic_read() its READ_ONCE.
 */
@Scenario(family = "litmus", id = "Atomic-RMW+mb__after_atomic-is-stronger-than-acquire", title = "LKMM litmus test Atomic-RMW+mb__after_atomic-is-stronger-than-acquire (Never)", outcomes = Exists.class)
@Litmus(value = "Atomic-RMW+mb__after_atomic-is-stronger-than-acquire", dir = "Documentation/litmus-tests/atomic", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/atomic/Atomic-RMW+mb__after_atomic-is-stronger-than-acquire.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class Atomic_RMW_mb__after_atomic_is_stronger_than_acquire {
    private final Word x = new Word(0);
    private final Atomic y = new Atomic(0);
    private long p0r0;
    private int p0r1;

    @Actor
    public void p0() {
        p0r0 = x.readOnce();
        Lkmm.smpRmb();
        p0r1 = y.read();
    }

    @Actor
    public void p1() {
        y.inc();
        Lkmm.smpMbAfterAtomic();
        x.writeOnce(1);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 1 && p0r1 == 0);
    }
}
