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
 * LKMM litmus test MP+polockonce+poacquiresilsil
 * (tools/memory-model/litmus-tests/MP+polockonce+poacquiresilsil.litmus, Result: Sometimes): a lock alone does
 * not order the lock word's write before the critical section's store for an outside CPU: it may see the store,
 * then the lock free, then taken.
 *
 * <pre>
 *   P0                           P1
 *   spin_lock(lo);               r1 = smp_load_acquire(x);
 *   WRITE_ONCE(x, 1);            r2 = spin_is_locked(lo);
 *   spin_unlock(lo);             r3 = spin_is_locked(lo);
 *
 *   exists (1:r1=1 /\ 1:r2=0 /\ 1:r3=1)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 *
 * <p>{@code spin_is_locked()} is {@code SpinLock.isLocked()}: a {@code READ_ONCE} of the lock word, which the
 * explorer's weak memory model may let read an older write of it.
 */
@Scenario(family = "litmus", id = "MP+polockonce+poacquiresilsil", title = "LKMM litmus test MP+polockonce+poacquiresilsil (Sometimes)", outcomes = Exists.class)
@Litmus(value = "MP+polockonce+poacquiresilsil", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+polockonce+poacquiresilsil.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class MP_polockonce_poacquiresilsil {
    private final Word x = new Word(0);
    private final SpinLock lo = Lkmm.spinLock("lo");
    private long p1r1;
    private long p1r2;
    private long p1r3;

    @Actor
    public void p0() {
        lo.lock();
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
