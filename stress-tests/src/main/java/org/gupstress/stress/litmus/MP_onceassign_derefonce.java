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
 * LKMM litmus test MP+onceassign+derefonce (tools/memory-model/litmus-tests/MP+onceassign+derefonce.litmus,
 * Result: Never): rcu_assign_pointer() and rcu_dereference() suffice for a reader never to see a newly inserted
 * element's pre-initialization value.
 *
 * <pre>
 *   P0                           P1
 *   WRITE_ONCE(x, 1);            rcu_read_lock();
 *   rcu_assign_pointer(y, x);    r0 = rcu_dereference(y);
 *                                r1 = READ_ONCE(*r0);
 *                                rcu_read_unlock();
 *
 *   exists (1:r0=x /\ 1:r1=0)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>The pointer {@code y} (initially {@code &z}) is a {@code Pointer<Word>}. The model's {@code
 * rcu_dereference()} is a load-acquire, stronger than the kernel's address-dependency ordering (the LKMM's
 * {@code rcu-dereference} is a READ_ONCE whose dependency orders the next load); under the explorer's weak
 * memory model a {@code Pointer}'s accesses are fully ordered. So this test checks the translation and the RCU
 * primitives, not dependency ordering.
 */
@Scenario(family = "litmus", id = "MP+onceassign+derefonce", title = "LKMM litmus test MP+onceassign+derefonce (Never)", outcomes = Exists.class)
@Litmus(value = "MP+onceassign+derefonce", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/MP+onceassign+derefonce.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class MP_onceassign_derefonce {
    private final Word x = new Word(0);
    private final Word z = new Word(0);
    private final Pointer<Word> y = new Pointer<>(z);
    private final Rcu rcu = Lkmm.rcu("rcu");
    private Word p1r0;
    private long p1r1;

    @Actor
    public void p0() {
        x.writeOnce(1);
        Rcu.rcuAssignPointer(y, x);
    }

    @Actor
    public void p1() {
        int idx = rcu.rcuReadLock(Lkmm.schedule());
        p1r0 = Rcu.rcuDereference(y);
        p1r1 = p1r0.readOnce();
        rcu.rcuReadUnlock(Lkmm.schedule(), idx);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p1r0 == x && p1r1 == 0);
    }
}
