package org.gupstress.stress.litmus;

import org.gupstress.model.kernel.Word;
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
 * LKMM litmus test dep+plain (tools/memory-model/litmus-tests/dep+plain.litmus, Result: Never): plain accesses
 * carry dependencies like registers: a control dependency through two plain variables orders P0's load before
 * its store.
 *
 * <pre>
 *   P0                           P1
 *   a = READ_ONCE(x);            r = smp_load_acquire(y);
 *   *z1 = a;                     smp_store_release(x, r);
 *   *z2 = *z1;
 *   if (*z2 == 1)
 *           WRITE_ONCE(y, 1);
 *
 *   exists (x=1 /\ y=1)
 * </pre>
 *
 * <b>Never</b>: the exists clause must not hold, under JCStress on any hardware and under every memory model of
 * the explorer.
 *
 * <p>The plain variables {@code *z1}, {@code *z2} are plain Java fields of the test (only P0 touches them).
 */
@Scenario(family = "litmus", id = "dep+plain", title = "LKMM litmus test dep+plain (Never)", outcomes = Exists.class)
@Litmus(value = "dep+plain", result = Litmus.Result.NEVER)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/dep+plain.litmus (Result: Never)")
@JCStressMeta(LitmusGrades.Never.class)
public class dep_plain {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long z1;
    private long z2;
    private long p0a;
    private long p1r;

    @Actor
    public void p0() {
        p0a = x.readOnce();
        z1 = p0a;
        z2 = z1;
        if (z2 == 1) {
            y.writeOnce(1);
        }
    }

    @Actor
    public void p1() {
        p1r = y.loadAcquire();
        x.storeRelease(p1r);
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(x.readOnce() == 1 && y.readOnce() == 1);
    }
}
