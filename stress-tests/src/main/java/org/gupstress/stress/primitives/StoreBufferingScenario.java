package org.gupstress.stress.primitives;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.Strength;
import org.gupstress.model.kernel.Word;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Store buffering through the model's primitives layer: the shape every pin-vs-unmap and wake-up race in this
 * suite reduces to (LKMM's SB litmus tests).
 *
 * <pre>
 *   cpu0                         cpu1
 *   WRITE_ONCE(x, 1);            WRITE_ONCE(y, 1);
 *   smp_mb();    [SITE]          smp_mb();    [SITE]
 *   r0 = READ_ONCE(y);           r1 = READ_ONCE(x);
 * </pre>
 *
 * With both barriers, at least one CPU sees the other's store (SB+fencembonceonces: "Never" sees neither). Without
 * them each store may still sit in its CPU's store buffer while the load completes, and on x86 both loads return
 * 0 (SB+poonceonces: "Sometimes"). This test proves the build, the annotation processing and the shaded jar, and
 * that a weakened {@link BarrierSite} really lets x86 reorder.
 */
@Scenario(family = "primitives", id = "store-buffering",
        title = "WRITE_ONCE; smp_mb(); READ_ONCE on two CPUs (LKMM SB)", outcomes = StoreBufferingScenario.Observed.class)
@GenerateTests
public abstract class StoreBufferingScenario {
    /** What the two loads saw. */
    public enum Observed {
        /** Both loads saw the other CPU's store. */
        @Grade(kind = OK, desc = "Both CPUs saw the other's store.")
        BOTH_SEEN,
        /** Exactly one load saw the other CPU's store. */
        @Grade(kind = OK, desc = "One CPU ran first; the other saw its store.")
        ONE_SEEN,
        /** Neither load saw the other CPU's store: both stores were still buffered. */
        @Grade(kind = BUG, desc = "Neither saw the other's store; without smp_mb() both stores sat in store buffers.")
        NEITHER_SEEN
    }

    /** The smp_mb() between each CPU's store and load. */
    static final BarrierSite SITE = BarrierSite.of("primitives.sb_store_load", "smp_mb() between WRITE_ONCE(x) and READ_ONCE(y)");

    private final World world;
    private final Word x = new Word(0);
    private final Word y = new Word(0);
    private long r0;
    private long r1;

    protected StoreBufferingScenario(Config config) {
        this.world = new World(config);
    }

    @Actor
    public void cpu0() {
        x.writeOnce(1);
        world.smpMb(SITE);
        r0 = y.readOnce();
    }

    @Actor
    public void cpu1() {
        y.writeOnce(1);
        world.smpMb(SITE);
        r1 = x.readOnce();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        long seen = r0 + r1;
        Observed o = seen == 2 ? Observed.BOTH_SEEN : seen == 1 ? Observed.ONE_SEEN : Observed.NEITHER_SEEN;
        r.r1 = Witness.sample(getClass(), o);
    }

    @Design(value = "FULL_FENCE", expected = Expected.SAFE,
            source = "tools/memory-model/litmus-tests/SB+fencembonceonces.litmus (Never)")
    public abstract static class FullFence extends StoreBufferingScenario {
        private static final Config CONFIG = Config.builder().set(SITE, Strength.FULL).build();

        public FullFence() {
            super(CONFIG);
        }
    }

    @Design(value = "ONCE_ONLY", expected = Expected.BROKEN,
            source = "tools/memory-model/litmus-tests/SB+poonceonces.litmus (Sometimes)")
    public abstract static class OnceOnly extends StoreBufferingScenario {
        private static final Config CONFIG = Config.builder().set(SITE, Strength.NONE).build();

        public OnceOnly() {
            super(CONFIG);
        }
    }
}
