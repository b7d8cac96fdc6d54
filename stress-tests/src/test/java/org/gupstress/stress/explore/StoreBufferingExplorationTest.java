package org.gupstress.stress.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.gupstress.model.World;
import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.gupstress.model.kernel.sched.explore.Subject;
import org.junit.jupiter.api.Test;

/**
 * The store-buffer emulation under exhaustive exploration, on LKMM's SB litmus test with the outcome kept as the
 * pair (r0, r1): each buffered store's flush is its own step, so all four outcomes are reachable without a barrier
 * (SB+poonceonces: "Sometimes"), and (0,0) never is with smp_mb() on both sides (SB+fencembonceonces: "Never").
 */
class StoreBufferingExplorationTest {
    private static final BarrierSite SITE = BarrierSite.of("test.explore_sb", "smp_mb() between the store and the load");

    /** One instance of SB: two CPUs, two words. */
    private static Subject sb(boolean barrier) {
        return state -> {
            World world = new World();
            Word x = new Word(0);
            Word y = new Word(0);
            long[] r = new long[2];
            return new Subject.Trial() {
                @Override
                public List<String> threadNames() {
                    return List.of("cpu0", "cpu1");
                }

                @Override
                public List<Runnable> threads() {
                    return List.of(() -> {
                        x.writeOnce(1);
                        if (barrier) {
                            world.smpMb(SITE);
                        }
                        r[0] = y.readOnce();
                    }, () -> {
                        y.writeOnce(1);
                        if (barrier) {
                            world.smpMb(SITE);
                        }
                        r[1] = x.readOnce();
                    });
                }

                @Override
                public String outcome() {
                    return "(" + r[0] + "," + r[1] + ")";
                }
            };
        };
    }

    private static Exploration explore(boolean barrier) {
        return Explorer.explore(sb(barrier), new Explorer.Options(Explorer.Strategy.DFS, 3, Duration.ofMinutes(1), 0,
                Long.MAX_VALUE), o -> o.equals("(0,0)"), false);
    }

    @Test
    void withoutABarrierAllFourOutcomesAreReachable() {
        Exploration e = explore(false);
        assertEquals(Set.of("(0,0)", "(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), e.toString());
        assertTrue(e.exhausted(), e.toString());
        System.out.println("SB without barrier: " + e.histogram() + ", bound " + e.boundReached() + ", complete "
                + e.complete() + ", " + e.schedules() + " schedules\n" + e.traces().get("(1,1)").timeline()
                + e.traces().get("(0,0)").timeline());
    }

    @Test
    void withSmpMbOnBothSidesNeverBothZero() {
        Exploration e = explore(true);
        assertEquals(Set.of("(0,1)", "(1,0)", "(1,1)"), e.histogram().keySet(), e.toString());
        assertTrue(e.exhausted(), e.toString());
        System.out.println("SB with smp_mb: " + e.histogram() + ", bound " + e.boundReached() + ", complete "
                + e.complete() + ", " + e.schedules() + " schedules");
    }
}
