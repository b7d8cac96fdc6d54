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
 * LKMM litmus test MP+polockmbonce+poacquiresilsil
 * (tools/memory-model/litmus-tests/MP+polockmbonce+poacquiresilsil.litmus, Result: Never): a lock with
 * smp_mb__after_spinlock() orders the lock word's write before the critical section's store for an outside CPU
 * that senses the lock with spin_is_locked() after an acquire.
 *
 * <pre>
 *   P0                           P1
 *   spin_lock(lo);               r1 = smp_load_acquire(x);
 *   smp_mb__after_spinlock();    r2 = spin_is_locked(lo);
 *   WRITE_ONCE(x, 1);            r3 = spin_is_locked(lo);
 *   spin_unlock(lo);
 *
 *   exists (1:r1=1 /\ 1:r2=0 /\ 1:r3=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 */
@Scenario(family = "litmus", id = "MP+polockmbonce+poacquiresilsil", title = "LKMM litmus test MP+polockmbonce+poacquiresilsil (Never)", outcomes = Exists.class)
@Litmus(value = "MP+polockmbonce+poacquiresilsil", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+polockmbonce+poacquiresilsil.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class MP_polockmbonce_poacquiresilsil {
    private final Word x = new Word(0);
    private final SpinLock lo = Lkmm.spinLock("lo");
    private long p1r1;
    private long p1r2;
    private long p1r3;

    @Actor
    public void p0() {
        lo.lock();
        Lkmm.smpMbAfterSpinlock();
        x.writeOnce(1);
        lo.unlock();
    }

    @Actor
    public void p1() {
        p1r1 = x.loadAcquire();
        p1r2 = lo.isLocked() ? 1 : 0;
        p1r3 = lo.isLocked() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r1 == 1 && p1r2 == 0 && p1r3 == 1);
    }
}
