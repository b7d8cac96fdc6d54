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
 * LKMM litmus test Z6.0+pooncelock+pooncelock+pombonce
 * (tools/memory-model/litmus-tests/Z6.0+pooncelock+pooncelock+pombonce.litmus, Result: Sometimes): unlock
 * followed by lock orders the critical sections for their CPUs, but not for a CPU that does not take the lock.
 *
 * <pre>
 *   P0                      P1                      P2
 *   spin_lock(mylock);      spin_lock(mylock);      WRITE_ONCE(z, 2);
 *   WRITE_ONCE(x, 1);       r0 = READ_ONCE(y);      smp_mb();
 *   WRITE_ONCE(y, 1);       WRITE_ONCE(z, 1);       r1 = READ_ONCE(x);
 *   spin_unlock(mylock);    spin_unlock(mylock);
 *
 *   exists (1:r0=1 /\ z=2 /\ 2:r1=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "Z6.0+pooncelock+pooncelock+pombonce", title = "LKMM litmus test Z6.0+pooncelock+pooncelock+pombonce (Sometimes)", outcomes = Exists.class)
@Litmus(value = "Z6.0+pooncelock+pooncelock+pombonce", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/Z6.0+pooncelock+pooncelock+pombonce.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class Z6_0_pooncelock_pooncelock_pombonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final Word z = new Word(0);
    private final SpinLock mylock = Lkmm.spinLock("mylock");
    private long p1r0;
    private long p2r1;

    @Actor
    public void p0() {
        mylock.lock();
        x.writeOnce(1);
        y.writeOnce(1);
        mylock.unlock();
    }

    @Actor
    public void p1() {
        mylock.lock();
        p1r0 = y.readOnce();
        z.writeOnce(1);
        mylock.unlock();
    }

    @Actor
    public void p2() {
        z.writeOnce(2);
        Lkmm.smpMb();
        p2r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && z.readOnce() == 2 && p2r1 == 0);
    }
}
