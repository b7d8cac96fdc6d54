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
 * LKMM litmus test DCL-broken (Documentation/litmus-tests/locking/DCL-broken.litmus, Result: Sometimes): more than
 * a lock is needed for double-checked locking: a CPU that sees flag set outside the lock may still read data's old
 * value.
 *
 * <pre>
 *   P0 and P1, the same code:
 *   r0 = READ_ONCE(*flag);
 *   if (r0 == 0) {
 *           spin_lock(lck);
 *           r1 = READ_ONCE(*flag);
 *           if (r1 == 0) {
 *                   WRITE_ONCE(*data, 1);
 *                   WRITE_ONCE(*flag, 1);
 *           }
 *           spin_unlock(lck);
 *   }
 *   r2 = READ_ONCE(*data);
 *
 *   exists (0:r2=0 \/ 1:r2=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure; the
 * explorer's weak memory model must reach it.
 *
 * <p>Both actors run the file's one body, doubleCheckedInit(), which returns r2.
 */
@Scenario(family = "litmus", id = "DCL-broken", title = "LKMM litmus test DCL-broken (Sometimes)", outcomes = Exists.class)
@Litmus(value = "DCL-broken", dir = "Documentation/litmus-tests/locking", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/locking/DCL-broken.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class DCL_broken {
    private final Word flag = new Word(0);
    private final Word data = new Word(0);
    private final SpinLock lck = Lkmm.spinLock("lck");
    private long p0r2;
    private long p1r2;

    @Actor
    public void p0() {
        p0r2 = doubleCheckedInit();
    }

    @Actor
    public void p1() {
        p1r2 = doubleCheckedInit();
    }

    /** The code of P0 and P1: initialize data once, then read it; returns r2. */
    private long doubleCheckedInit() {
        long r0 = flag.readOnce();
        if (r0 == 0) {
            lck.lock();
            long r1 = flag.readOnce();
            if (r1 == 0) {
                data.writeOnce(1);
                flag.writeOnce(1);
            }
            lck.unlock();
        }
        return data.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r2 == 0 || p1r2 == 0);
    }
}
