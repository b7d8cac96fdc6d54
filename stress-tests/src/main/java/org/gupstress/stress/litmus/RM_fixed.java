package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.locking.SpinLock;
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
 * LKMM litmus test RM-fixed (Documentation/litmus-tests/locking/RM-fixed.litmus, Result: Never): the "roach motel"
 * counterpart of RM-broken with P1's loads moved out of its critical section: P1 sees x change from 0 to 1, so P0's
 * critical section (which stores x) came first, and P1's atomic_inc_return() cannot be the first.
 *
 * <pre>
 *   P0                           P1
 *   spin_lock(lck);              r0 = READ_ONCE(*x);
 *   r2 = atomic_inc_return(y);   r1 = READ_ONCE(*x);
 *   WRITE_ONCE(*x, 1);           spin_lock(lck);
 *   spin_unlock(lck);            r2 = atomic_inc_return(y);
 *                                spin_unlock(lck);
 *
 *   filter (1:r0=0 /\ 1:r1=1)
 *
 *   exists (1:r2=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>The filter is part of the clause: EXISTS only if it holds too (herd drops the executions it rejects; here they
 * count as NOT_EXISTS).
 */
@Scenario(family = "litmus", id = "RM-fixed", title = "LKMM litmus test RM-fixed (Never)", outcomes = Exists.class)
@Litmus(value = "RM-fixed", dir = "Documentation/litmus-tests/locking", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/locking/RM-fixed.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class RM_fixed {
    private final Word x = new Word(0);
    private final Atomic y = new Atomic(0);
    private final SpinLock lck = Lkmm.spinLock("lck");
    private int p0r2;
    private long p1r0;
    private long p1r1;
    private int p1r2;

    @Actor
    public void p0() {
        lck.lock();
        p0r2 = y.incReturn();
        x.writeOnce(1);
        lck.unlock();
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        p1r1 = x.readOnce();
        lck.lock();
        p1r2 = y.incReturn();
        lck.unlock();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 0 && p1r1 == 1 && p1r2 == 1);
    }
}
