package org.gupstress.stress.zap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.MapcountPinTracking;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Rmap;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B2 by script, with three threads (the three-actor classes, which JCStress cannot run on two CPUs) and with the
 * two-actor decomposition that runs in {@code ./mvnw verify}. Every test runs the JCStress test class's own actors.
 */
class ZapUnpinVsMkcleanTest {
    private static final String ZAP = "ZAP";
    private static final String UNPIN = "UNPIN";
    private static final String ZAP_AND_UNPIN = "ZAP_AND_UNPIN";
    private static final String MKCLEAN = "MKCLEAN";

    private static final String WALK_VISITED_A = Rmap.WALK_AFTER_VMA.name();
    private static final String ZAP_UNLOCKED = Memory.ZAP_AFTER_UNLOCK.name();
    /** munmap unlinked A from i_mmap; its file reference (and, in the decomposition, the unpin) still to come. */
    private static final String MUNMAP_UNLINKED = Mmap.MUNMAP_BEFORE_FPUT.name();
    private static final String READ_AFTER_WALK = MapcountPinTracking.MKCLEAN_AFTER_MAPCOUNT2.name();

    private static PinReport arbiter(ZapUnpinVsMkcleanScenario s) {
        L_Result r = new L_Result();
        s.arbiter(r);
        return (PinReport) r.r1;
    }

    private static PinReport arbiter(ZapAndUnpinVsMkcleanScenario s) {
        L_Result r = new L_Result();
        s.arbiter(r);
        return (PinReport) r.r1;
    }

    private static Interleaving three(ZapUnpinVsMkcleanScenario s) {
        return Interleaving.in(s.world()::useSchedule)
                .thread(ZAP, s::zap).thread(UNPIN, s::unpin).thread(MKCLEAN, s::mkclean);
    }

    private static Interleaving two(ZapAndUnpinVsMkcleanScenario s) {
        return Interleaving.in(s.world()::useSchedule).thread(ZAP_AND_UNPIN, s::zapAndUnpin).thread(MKCLEAN, s::mkclean);
    }

    // ---- Three actors.

    @Test
    void oneWalkLosesThePinWhenTheUnpinComesOnlyAfterTheDecision() {
        ZapUnpinVsMkcleanScenario s = new ZapUnpinVsMkclean.MapcountOneWalk();
        three(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP, ZAP_UNLOCKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP, Interleaving.END)
                .step(UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_NEGATIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void rewalkLosesThePinWhenMunmapUnlinksBeforeTheRewalkAndTheUnpinComesAfter() {
        ZapUnpinVsMkcleanScenario s = new ZapUnpinVsMkclean.MapcountRewalk();
        three(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP, ZAP_UNLOCKED)
                .step(MKCLEAN, READ_AFTER_WALK)
                .step(ZAP, Interleaving.END)
                .step(MKCLEAN, Interleaving.END)
                .step(UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_NEGATIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void rewalkAsWrittenLosesThePinWithTheUnpinAfterTheDecision() {
        ZapUnpinVsMkcleanScenario s = new ZapUnpinVsMkclean.MapcountRewalkAsWritten();
        three(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP, ZAP_UNLOCKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP, Interleaving.END)
                .step(UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_NEGATIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void anUnpinThatRacesTheWalkMakesNotPinnedTheRightAnswer() {
        // The same decrement-between-walk-and-read, but the unpin also lands before the read: the page really is
        // being unpinned, so "not pinned" is correct (Jerome Glisse: a racing put_user_page() is fine).
        ZapUnpinVsMkcleanScenario s = new ZapUnpinVsMkclean.MapcountOneWalk();
        three(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP, ZAP_UNLOCKED)
                .step(UNPIN, Interleaving.END)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP, Interleaving.END)
                .run();
        assertEquals(PinReport.UNPINNED_SEEN, arbiter(s), s.mappings().describe());
    }

    @Test
    void anUnpinBeforeTheCleanLeavesPlainReferencesThatASmallBiasTakesForAPin() {
        ZapUnpinVsMkcleanScenario s = new ZapUnpinVsMkclean.PinBiasSmall();
        three(s).step(UNPIN, Interleaving.END)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_POSITIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void pinBiasAndRecountKeepThePinUnderTheOneWalkScript() {
        for (ZapUnpinVsMkcleanScenario s : new ZapUnpinVsMkcleanScenario[] {new ZapUnpinVsMkclean.PinBias(),
            new ZapUnpinVsMkclean.MapcountRecount()}) {
            three(s).step(MKCLEAN, WALK_VISITED_A)
                    .step(ZAP, ZAP_UNLOCKED)
                    .step(MKCLEAN, Interleaving.END)
                    .step(ZAP, Interleaving.END)
                    .step(UNPIN, Interleaving.END)
                    .run();
            assertEquals(PinReport.PINNED_SEEN, arbiter(s), s.getClass().getSimpleName() + ": " + s.mappings().describe());
        }
    }

    // ---- Two actors: the decomposition that runs on two CPUs.

    @Test
    void decompositionZapFirstReachesTheOneWalkFalseNegative() {
        ZapAndUnpinVsMkcleanScenario s = new ZapAndUnpinVsMkclean.MapcountOneWalk(true);
        two(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP_AND_UNPIN, ZAP_UNLOCKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP_AND_UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_NEGATIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void decompositionZapFirstReachesTheRewalkFalseNegative() {
        ZapAndUnpinVsMkcleanScenario s = new ZapAndUnpinVsMkclean.MapcountRewalk(true);
        two(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP_AND_UNPIN, ZAP_UNLOCKED)
                .step(MKCLEAN, READ_AFTER_WALK)
                .step(ZAP_AND_UNPIN, MUNMAP_UNLINKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP_AND_UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_NEGATIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void decompositionZapFirstReachesTheRewalkAsWrittenFalseNegative() {
        ZapAndUnpinVsMkcleanScenario s = new ZapAndUnpinVsMkclean.MapcountRewalkAsWritten(true);
        two(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP_AND_UNPIN, ZAP_UNLOCKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP_AND_UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.FALSE_NEGATIVE, arbiter(s), s.mappings().describe());
    }

    @Test
    void decompositionUnpinFirstCannotLoseAPinThatIsAlreadyGoing() {
        // The one-walk script again, but the actor unpins before it zaps: the decision comes after the unpin began.
        ZapAndUnpinVsMkcleanScenario s = new ZapAndUnpinVsMkclean.MapcountOneWalk(false);
        two(s).step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP_AND_UNPIN, ZAP_UNLOCKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP_AND_UNPIN, Interleaving.END)
                .run();
        assertEquals(PinReport.UNPINNED_SEEN, arbiter(s), s.mappings().describe());
    }
}
