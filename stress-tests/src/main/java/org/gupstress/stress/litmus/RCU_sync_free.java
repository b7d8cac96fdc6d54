package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Pointer;
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
 * LKMM litmus test RCU+sync+free (Documentation/litmus-tests/rcu/RCU+sync+free.litmus, Result: Never): an RCU
 * reader never sees a write that follows a grace period if it did not see the writes that precede it: the updater
 * replaces the pointer, waits a grace period, then "frees" (zeroes) the old object.
 *
 * <pre>
 *   { int x = 1; int *y = &x; int z = 1; }
 *
 *   P0                             P1
 *   rcu_read_lock();               rcu_assign_pointer(*y, z);
 *   r0 = rcu_dereference(*y);      synchronize_rcu();
 *   r1 = READ_ONCE(*r0);           WRITE_ONCE(*x, 0);
 *   rcu_read_unlock();
 *
 *   exists (0:r0=x /\ 0:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>The grace period is the model's Rcu (SRCU's index flip: synchronize_rcu() waits for the readers of both indices
 * counted before it began). The model's rcu_dereference() is a load-acquire, stronger than the kernel's address
 * dependency; rcu_read_lock()/rcu_read_unlock() order nothing under the explorer's weak model, as the LKMM's, so
 * there the grace-period guarantee alone keeps the outcome out.
 */
@Scenario(family = "litmus", id = "RCU+sync+free", title = "LKMM litmus test RCU+sync+free (Never)", outcomes = Exists.class)
@Litmus(value = "RCU+sync+free", dir = "Documentation/litmus-tests/rcu", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/rcu/RCU+sync+free.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class RCU_sync_free {
    private final Word x = new Word(1);
    private final Word z = new Word(1);
    private final Pointer<Word> y = new Pointer<>(x);
    private final Rcu rcu = Lkmm.rcu("rcu");
    private Word p0r0;
    private long p0r1;

    @Actor
    public void p0() {
        int idx = rcu.rcuReadLock(Lkmm.schedule());
        p0r0 = Rcu.rcuDereference(y);
        p0r1 = p0r0.readOnce();
        rcu.rcuReadUnlock(Lkmm.schedule(), idx);
    }

    @Actor
    public void p1() {
        Rcu.rcuAssignPointer(y, z);
        rcu.synchronizeRcu(Lkmm.watchdog(), Lkmm.schedule(), "P1");
        x.writeOnce(0);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == x && p0r1 == 0);
    }
}
