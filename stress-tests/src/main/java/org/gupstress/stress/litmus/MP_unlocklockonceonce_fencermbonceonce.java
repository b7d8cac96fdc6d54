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
 * LKMM litmus test MP+unlocklockonceonce+fencermbonceonce
 * (tools/memory-model/litmus-tests/MP+unlocklockonceonce+fencermbonceonce.litmus, Result: Never): two critical
 * sections on one CPU, under different locks: the stores of the first propagate to every CPU before those of the
 * second.
 *
 * <pre>
 *   P0                    P1
 *   spin_lock(s);         r1 = READ_ONCE(y);
 *   WRITE_ONCE(x, 1);     smp_rmb();
 *   spin_unlock(s);       r2 = READ_ONCE(x);
 *   spin_lock(t);
 *   WRITE_ONCE(y, 1);
 *   spin_unlock(t);
 *
 *   exists (1:r1=1 /\ 1:r2=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "MP+unlocklockonceonce+fencermbonceonce", title = "LKMM litmus test MP+unlocklockonceonce+fencermbonceonce (Never)", outcomes = Exists.class)
@Litmus(value = "MP+unlocklockonceonce+fencermbonceonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+unlocklockonceonce+fencermbonceonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class MP_unlocklockonceonce_fencermbonceonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final SpinLock s = Lkmm.spinLock("s");
    private final SpinLock t = Lkmm.spinLock("t");
    private long p1r1;
    private long p1r2;

    @Actor
    public void p0() {
        s.lock();
        x.writeOnce(1);
        s.unlock();
        t.lock();
        y.writeOnce(1);
        t.unlock();
    }

    @Actor
    public void p1() {
        p1r1 = y.readOnce();
        Lkmm.smpRmb();
        p1r2 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r1 == 1 && p1r2 == 0);
    }
}
