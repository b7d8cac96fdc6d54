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
 * LKMM litmus test SB+rfionceonce-poonceonces
 * (tools/memory-model/litmus-tests/SB+rfionceonce-poonceonces.litmus, Result: Sometimes): store buffering where
 * each CPU first reads its own store (store forwarding): the LKMM is not fully multicopy atomic.
 *
 * <pre>
 *   P0                    P1
 *   WRITE_ONCE(x, 1);     WRITE_ONCE(y, 1);
 *   r1 = READ_ONCE(x);    r3 = READ_ONCE(y);
 *   r2 = READ_ONCE(y);    r4 = READ_ONCE(x);
 *
 *   exists (0:r2=0 /\ 1:r4=0)
 * </pre>
 *
 * <b>Sometimes</b>: the exists clause may hold. Under JCStress it is graded interesting, never a failure (on x86
 * only store-to-load reordering is visible); the explorer's weak memory model must reach it.
 */
@Scenario(family = "litmus", id = "SB+rfionceonce-poonceonces", title = "LKMM litmus test SB+rfionceonce-poonceonces (Sometimes)", outcomes = Exists.class)
@Litmus(value = "SB+rfionceonce-poonceonces", result = Litmus.Result.SOMETIMES)
@JCStressTest
@State
@Design(value = "LKMM", expected = Expected.SAFE, source = "tools/memory-model/litmus-tests/SB+rfionceonce-poonceonces.litmus (Result: Sometimes)")
@JCStressMeta(LitmusGrades.Sometimes.class)
public class SB_rfionceonce_poonceonces {
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long p0r1;
    private long p0r2;
    private long p1r3;
    private long p1r4;

    @Actor
    public void p0() {
        x.writeOnce(1);
        p0r1 = x.readOnce();
        p0r2 = y.readOnce();
    }

    @Actor
    public void p1() {
        y.writeOnce(1);
        p1r3 = y.readOnce();
        p1r4 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Exists.of(p0r2 == 0 && p1r4 == 0);
    }
}
