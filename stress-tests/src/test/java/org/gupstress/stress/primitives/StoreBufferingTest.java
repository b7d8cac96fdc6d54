package org.gupstress.stress.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.stress.primitives.StoreBufferingScenario.Observed;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The store-buffering outcome by script: each CPU runs to its end while the other's store is still in its store
 * buffer (an {@code Interleaving.inEveryWorld()} script makes a store visible only at a full barrier of its thread
 * or an explicit flush). The same script against the design with {@code smp_mb()} shows the barrier draining.
 */
class StoreBufferingTest {

    /** ONCE_ONLY: cpu0 stores x and loads y = 0 with x still buffered; cpu1 stores y and loads x = 0. */
    @Test
    void onceOnlyLetsBothLoadsMissTheBufferedStores() {
        assertEquals(Observed.NEITHER_SEEN, oneCpuAfterTheOther(new StoreBuffering.OnceOnly()));
    }

    /** FULL_FENCE: cpu0's smp_mb() drains x before its load, so cpu1's load sees it. */
    @Test
    void fullFenceDrainsTheStoreBeforeTheLoad() {
        assertEquals(Observed.ONE_SEEN, oneCpuAfterTheOther(new StoreBuffering.FullFence()));
    }

    private static Observed oneCpuAfterTheOther(StoreBufferingScenario s) {
        Interleaving.inEveryWorld()
                .thread("cpu0", s::cpu0)
                .thread("cpu1", s::cpu1)
                .step("cpu0", Interleaving.END)
                .step("cpu1", Interleaving.END)
                .run();
        L_Result r = new L_Result();
        s.arbiter(r);
        return (Observed) r.r1;
    }
}
