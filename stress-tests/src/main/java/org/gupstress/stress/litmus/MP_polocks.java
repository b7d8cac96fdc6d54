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
 * LKMM litmus test MP+polocks (tools/memory-model/litmus-tests/MP+polocks.litmus, Result: Never): lock
 * acquisition and release stand in for acquire and release: the reader that sees the critical section's store
 * also sees the store before it.
 *
 * <pre>
 *   P0                      P1
 *   WRITE_ONCE(x, 1);       spin_lock(mylock);
 *   spin_lock(mylock);      r0 = READ_ONCE(y);
 *   WRITE_ONCE(y, 1);       spin_unlock(mylock);
 *   spin_unlock(mylock);    r1 = READ_ONCE(x);
 *
 *   exists (1:r0=1 /\ 1:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "MP+polocks", title = "LKMM litmus test MP+polocks (Never)", outcomes = Exists.class)
@Litmus(value = "MP+polocks", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+polocks.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class MP_polocks {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final SpinLock mylock = Lkmm.spinLock("mylock");
    private long p1r0;
    private long p1r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
        mylock.lock();
        y.writeOnce(1);
        mylock.unlock();
    }

    @Actor
    public void p1() {
        mylock.lock();
        p1r0 = y.readOnce();
        mylock.unlock();
        p1r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p1r1 == 0);
    }
}
