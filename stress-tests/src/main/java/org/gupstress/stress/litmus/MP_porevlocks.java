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
 * LKMM litmus test MP+porevlocks (tools/memory-model/litmus-tests/MP+porevlocks.litmus, Result: Never): as
 * MP+polocks with the locked accesses reversed: the unlock orders the critical section before the later store.
 *
 * <pre>
 *   P0                      P1
 *   r0 = READ_ONCE(y);      spin_lock(mylock);
 *   spin_lock(mylock);      WRITE_ONCE(x, 1);
 *   r1 = READ_ONCE(x);      spin_unlock(mylock);
 *   spin_unlock(mylock);    WRITE_ONCE(y, 1);
 *
 *   exists (0:r0=1 /\ 0:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "MP+porevlocks", title = "LKMM litmus test MP+porevlocks (Never)", outcomes = Exists.class)
@Litmus(value = "MP+porevlocks", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+porevlocks.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class MP_porevlocks {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final SpinLock mylock = Lkmm.spinLock("mylock");
    private long p0r0;
    private long p0r1;

    @Actor
    public void p0() {
        p0r0 = y.readOnce();
        mylock.lock();
        p0r1 = x.readOnce();
        mylock.unlock();
    }

    @Actor
    public void p1() {
        mylock.lock();
        x.writeOnce(1);
        mylock.unlock();
        y.writeOnce(1);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r0 == 1 && p0r1 == 0);
    }
}
