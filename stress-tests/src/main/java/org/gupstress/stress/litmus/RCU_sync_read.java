package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.rcu.Rcu;
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
 * LKMM litmus test RCU+sync+read (Documentation/litmus-tests/rcu/RCU+sync+read.litmus, Result: Never): after a
 * grace period an updater sees every store of the read-side critical sections that began before it: a section
 * cannot span a grace period.
 *
 * <pre>
 *   P0                      P1
 *   rcu_read_lock();        r0 = READ_ONCE(*x);
 *   WRITE_ONCE(*x, 1);      synchronize_rcu();
 *   WRITE_ONCE(*y, 1);      r1 = READ_ONCE(*y);
 *   rcu_read_unlock();
 *
 *   exists (1:r0=1 /\ 1:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>Under the explorer's weak model the model's rcu_read_lock()/rcu_read_unlock() order nothing, as the LKMM's:
 * the grace-period guarantee alone keeps the outcome out (see Rcu; on the JVM they are volatile RMWs).
 */
@Scenario(family = "litmus", id = "RCU+sync+read", title = "LKMM litmus test RCU+sync+read (Never)", outcomes = Exists.class)
@Litmus(value = "RCU+sync+read", dir = "Documentation/litmus-tests/rcu", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/rcu/RCU+sync+read.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class RCU_sync_read {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final Rcu rcu = Lkmm.rcu("rcu");
    private long p1r0;
    private long p1r1;

    @Actor
    public void p0() {
        int idx = rcu.rcuReadLock(Lkmm.schedule());
        x.writeOnce(1);
        y.writeOnce(1);
        rcu.rcuReadUnlock(Lkmm.schedule(), idx);
    }

    @Actor
    public void p1() {
        p1r0 = x.readOnce();
        rcu.synchronizeRcu(Lkmm.watchdog(), Lkmm.schedule(), "P1");
        p1r1 = y.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p1r1 == 0);
    }
}
