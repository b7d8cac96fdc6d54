package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Atomic;
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
 * LKMM litmus test Atomic-RMW-ops-are-atomic-WRT-atomic_set (Documentation/litmus-tests/atomic/Atomic-RMW-ops-are-
 * atomic-WRT-atomic_set.litmus, Result: Never): atomic_set() cannot break the atomicity of an atomic RMW:
 * atomic_add_unless() either sees the set's 0 and does nothing, or adds to the 1 and the set overwrites its 2.
 *
 * <pre>
 *   { atomic_t v = ATOMIC_INIT(1); }
 *
 *   P0                                  P1
 *   (void)atomic_add_unless(v, 1, 0);   atomic_set(v, 0);
 *
 *   exists (v=2)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>The final value of v is read by the arbiter, after both actors.
 */
@Scenario(family = "litmus", id = "Atomic-RMW-ops-are-atomic-WRT-atomic_set", title = "LKMM litmus test Atomic-RMW-ops-are-atomic-WRT-atomic_set (Never)", outcomes = Exists.class)
@Litmus(value = "Atomic-RMW-ops-are-atomic-WRT-atomic_set", dir = "Documentation/litmus-tests/atomic", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "Documentation/litmus-tests/atomic/Atomic-RMW-ops-are-atomic-WRT-atomic_set.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class Atomic_RMW_ops_are_atomic_WRT_atomic_set {
    private final Atomic v = new Atomic(1);

    @Actor
    public void p0() {
        v.addUnless(1, 0);
    }

    @Actor
    public void p1() {
        v.set(0);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(v.read() == 2);
    }
}
