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
 * LKMM litmus test ISA2+pooncelock+pooncelock+pombonce
 * (tools/memory-model/litmus-tests/ISA2+pooncelock+pooncelock+pombonce.litmus, Result: Never): the write-write
 * ordering that a lock gives its critical sections is visible to an outside CPU that orders its reads with
 * smp_mb().
 *
 * <pre>
 *   P0                      P1                      P2
 *   spin_lock(mylock);      spin_lock(mylock);      r2 = READ_ONCE(z);
 *   WRITE_ONCE(x, 1);       r0 = READ_ONCE(y);      smp_mb();
 *   WRITE_ONCE(y, 1);       WRITE_ONCE(z, 1);       r1 = READ_ONCE(x);
 *   spin_unlock(mylock);    spin_unlock(mylock);
 *
 *   exists (1:r0=1 /\ 2:r2=1 /\ 2:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "ISA2+pooncelock+pooncelock+pombonce", title = "LKMM litmus test ISA2+pooncelock+pooncelock+pombonce (Never)", outcomes = Exists.class)
@Litmus(value = "ISA2+pooncelock+pooncelock+pombonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/ISA2+pooncelock+pooncelock+pombonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class ISA2_pooncelock_pooncelock_pombonce {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private final Word z = new Word(0);
    private final SpinLock mylock = Lkmm.spinLock("mylock");
    private long p1r0;
    private long p2r2;
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
        p2r2 = z.readOnce();
        Lkmm.smpMb();
        p2r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == 1 && p2r2 == 1 && p2r1 == 0);
    }
}
