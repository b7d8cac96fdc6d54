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
 * LKMM litmus test Z6.0+pooncelock+poonceLock+pombonce
 * (tools/memory-model/litmus-tests/Z6.0+pooncelock+poonceLock+pombonce.litmus, Result: Never): as
 * Z6.0+pooncelock+pooncelock+pombonce with smp_mb__after_spinlock() after the second lock: now the outside CPU
 * sees the order.
 *
 * <pre>
 *   P0                           P1                           P2
 *   spin_lock(mylock);           spin_lock(mylock);           WRITE_ONCE(z, 2);
 *   WRITE_ONCE(x, 1);            smp_mb__after_spinlock();    smp_mb();
 *   WRITE_ONCE(y, 1);            r0 = READ_ONCE(y);           r1 = READ_ONCE(x);
 *   spin_unlock(mylock);         WRITE_ONCE(z, 1);
 *                                spin_unlock(mylock);
 *
 *   exists (1:r0=1 /\ z=2 /\ 2:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>{@code smp_mb__after_spinlock()} is the model's full barrier after the lock ({@code
 * Barriers.smpMbAfterSpinlock}), as on arm64, POWER and RISC-V.
 */
@Scenario(family = "litmus", id = "Z6.0+pooncelock+poonceLock+pombonce", title = "LKMM litmus test Z6.0+pooncelock+poonceLock+pombonce (Never)", outcomes = Exists.class)
@Litmus(value = "Z6.0+pooncelock+poonceLock+pombonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/Z6.0+pooncelock+poonceLock+pombonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class Z6_0_pooncelock_poonceLock_pombonce {
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
        Lkmm.smpMbAfterSpinlock();
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
