package org.gupstress.stress.litmus;

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
 * LKMM litmus test LB+unlocklockonceonce+poacquireonce
 * (tools/memory-model/litmus-tests/LB+unlocklockonceonce+poacquireonce.litmus, Result: Never): two critical
 * sections on one CPU, under different locks: every access of the first executes before every access of the
 * second.
 *
 * <pre>
 *   P0                           P1
 *   spin_lock(s);                r2 = smp_load_acquire(y);
 *   r1 = READ_ONCE(x);           WRITE_ONCE(x, 1);
 *   spin_unlock(s);
 *   spin_lock(t);
 *   WRITE_ONCE(y, 1);
 *   spin_unlock(t);
 *
 *   exists (0:r1=1 /\ 1:r2=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "LB+unlocklockonceonce+poacquireonce", title = "LKMM litmus test LB+unlocklockonceonce+poacquireonce (Never)", outcomes = Exists.class)
@Litmus(value = "LB+unlocklockonceonce+poacquireonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/LB+unlocklockonceonce+poacquireonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class LB_unlocklockonceonce_poacquireonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final SpinLock s = Lkmm.spinLock("s");
    private final SpinLock t = Lkmm.spinLock("t");
    private long p0r1;
    private long p1r2;

    @Actor
    public void p0() {
        s.lock();
        p0r1 = x.readOnce();
        s.unlock();
        t.lock();
        y.writeOnce(1);
        t.unlock();
    }

    @Actor
    public void p1() {
        p1r2 = y.loadAcquire();
        x.writeOnce(1);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r1 == 1 && p1r2 == 1);
    }
}
