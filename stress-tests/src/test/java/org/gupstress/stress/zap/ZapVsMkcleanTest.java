package org.gupstress.stress.zap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.MapcountPinTracking;
import org.gupstress.model.mm.MapcountPinTracking.Reading;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Memory.ZapMarker;
import org.gupstress.model.mm.Rmap;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B1 by script: each test runs the JCStress test class's own actors ({@code zap}, {@code mkclean}) in one exact
 * interleaving and asserts what its arbiter says. Point names come from the model's constants.
 */
class ZapVsMkcleanTest {
    private static final String ZAP = "ZAP";
    private static final String MKCLEAN = "MKCLEAN";

    /** MKCLEAN's walk has visited A (and holds i_mmap_rwsem); B not yet. */
    private static final String WALK_VISITED_A = Rmap.WALK_AFTER_VMA.name();
    /** ZAP cleared (or marked) A's PTE, decremented _mapcount and dropped A's PTE lock; A is still linked. */
    private static final String ZAP_UNLOCKED = Memory.ZAP_AFTER_UNLOCK.name();
    /** MAPCOUNT_REWALK/RECOUNT read page_mapcount() after the cleaning walk. */
    private static final String READ_AFTER_WALK = MapcountPinTracking.MKCLEAN_AFTER_MAPCOUNT2.name();

    private static PinReport run(ZapVsMkcleanScenario s, Interleaving script) {
        script.run();
        L_Result r = new L_Result();
        s.arbiter(r);
        return (PinReport) r.r1;
    }

    private static Interleaving script(ZapVsMkcleanScenario s) {
        return Interleaving.in(s.world()::useSchedule).thread(ZAP, s::zap).thread(MKCLEAN, s::mkclean);
    }

    /**
     * Jan Kara's race: the walk counts A's PTE, then the zap clears it and decrements {@code _mapcount} (under A's
     * PTE lock, which it then drops), then the rest of {@code page_mkclean()}. With the pin held, MAPCOUNT_ONE_WALK
     * reads page_mapcount() = 1 (B) + 1 (pin) = 2 against real_mapcount = 2: "not pinned". Munmap has not
     * unlinked A yet, so a marker left in A's PTE is still there for a re-walk.
     */
    private static Interleaving zapBetweenWalkAndRead(ZapVsMkcleanScenario s) {
        return script(s)
                .step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP, ZAP_UNLOCKED)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP, Interleaving.END);
    }

    @Test
    void oneWalkLosesAHeldPinWhenTheZapDecrementsBetweenTheWalkAndTheRead() {
        ZapVsMkcleanScenario s = new ZapVsMkclean.MapcountOneWalk(1);
        assertEquals(PinReport.FALSE_NEGATIVE, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    @Test
    void pinBiasKeepsThePinUnderTheSameScript() {
        ZapVsMkcleanScenario s = new ZapVsMkclean.PinBias(1);
        assertEquals(PinReport.PINNED_SEEN, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    @Test
    void recountKeepsThePinUnderTheSameScript() {
        ZapVsMkcleanScenario s = new ZapVsMkclean.MapcountRecount(1);
        assertEquals(PinReport.PINNED_SEEN, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    /**
     * The favourable reading's gap: the zap lands after the first walk counted A and before mapcount2
     * (mapcount2 = 1 + 1 = 2 = real_count, so re-walk), then munmap unlinks A before the re-walk, which finds no
     * marker: 2 &lt;= 2 - 0, "no longer pin".
     */
    @Test
    void rewalkLosesAHeldPinWhenMunmapUnlinksTheVmaBeforeTheRewalk() {
        ZapVsMkcleanScenario s = new ZapVsMkclean.MapcountRewalk(1);
        PinReport seen = run(s, script(s)
                .step(MKCLEAN, WALK_VISITED_A)
                .step(ZAP, ZAP_UNLOCKED)
                .step(MKCLEAN, READ_AFTER_WALK)
                .step(ZAP, Interleaving.END)
                .step(MKCLEAN, Interleaving.END));
        assertEquals(PinReport.FALSE_NEGATIVE, seen, s.mappings().describe());
    }

    @Test
    void rewalkKeepsThePinWhileTheMarkerIsStillThere() {
        // The same zap, A still linked at the re-walk: its marker is counted, 2 <= 2 - 1 fails, still pinned.
        ZapVsMkcleanScenario s = new ZapVsMkclean.MapcountRewalk(1);
        assertEquals(PinReport.PINNED_SEEN, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    @Test
    void rewalkAsWrittenLosesThePinEvenWithTheVmaStillLinked() {
        // Markers only for write-able PTEs: A was write-protected by the first walk, so none; and the test adds:
        // mapcount2 = 2 <= 0 + 2.
        ZapVsMkcleanScenario s = new ZapVsMkclean.MapcountRewalkAsWritten(1);
        assertEquals(PinReport.FALSE_NEGATIVE, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    @Test
    void rewalkAddingTheMarkersLosesThePinEvenWhenTheMarkerIsCounted() {
        // Every zap marks, but the final test reads real_count + rc2 with real_count = the markers: 2 <= 1 + 2.
        ZapVsMkcleanScenario s = reading(ZapMarker.ANY, Reading.AS_WRITTEN);
        assertEquals(PinReport.FALSE_NEGATIVE, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    @Test
    void rewalkWithOnlyWritableMarkersLosesThePinEvenWithTheSignCorrected() {
        // The first walk write-protected A before the zap, so the zap leaves no marker: 2 <= 2 - 0.
        ZapVsMkcleanScenario s = reading(ZapMarker.WRITABLE, Reading.SIGN_CORRECTED);
        assertEquals(PinReport.FALSE_NEGATIVE, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    @Test
    void rewalkReadingRealCountAsTheFirstCountLosesThePin() {
        // real_count = rc2 = the first walk's count: 2 <= 2 + 2.
        ZapVsMkcleanScenario s = reading(ZapMarker.ANY, Reading.FIRST_COUNT_TWICE);
        assertEquals(PinReport.FALSE_NEGATIVE, run(s, zapBetweenWalkAndRead(s)), s.mappings().describe());
    }

    /** MAPCOUNT_REWALK under another reading, with the pin held, through the same scenario code. */
    private static ZapVsMkcleanScenario reading(ZapMarker marker, Reading reading) {
        Config config = Designs.MAPCOUNT_REWALK.toBuilder()
                .set(Memory.ZAP_MARKER, marker)
                .set(MapcountPinTracking.REWALK_READING, reading)
                .build();
        return new ZapVsMkcleanScenario(config, 1) {
        };
    }

    @Test
    void smallBiasTakesPlainReferencesForAPinUntilTheZapDropsOne() {
        ZapVsMkcleanScenario before = new ZapVsMkclean.PinBiasSmall(0);
        assertEquals(PinReport.FALSE_POSITIVE, run(before, script(before)
                .step(MKCLEAN, Interleaving.END)
                .step(ZAP, Interleaving.END)), before.mappings().describe());
        ZapVsMkcleanScenario after = new ZapVsMkclean.PinBiasSmall(0);
        assertEquals(PinReport.UNPINNED_SEEN, run(after, script(after)
                .step(ZAP, Interleaving.END)
                .step(MKCLEAN, Interleaving.END)), after.mappings().describe());
    }

    @Test
    void recountErrsTowardsPinnedWhenTheZapComesBetweenTheReadAndTheCount() {
        // Released pin: page_mapcount() read as 2 (A and B), then A is zapped, the second walk counts 1: 2 > 1.
        ZapVsMkcleanScenario s = new ZapVsMkclean.MapcountRecount(0);
        assertEquals(PinReport.FALSE_POSITIVE, run(s, script(s)
                .step(MKCLEAN, READ_AFTER_WALK)
                .step(ZAP, Interleaving.END)
                .step(MKCLEAN, Interleaving.END)), s.mappings().describe());
    }

    @Test
    void withoutARaceEveryDesignAnswersRight() {
        for (int pins = 0; pins <= 1; pins++) {
            ZapVsMkcleanScenario[] all = {new ZapVsMkclean.PinBias(pins), new ZapVsMkclean.PinBiasSmall(pins),
                new ZapVsMkclean.MapcountOneWalk(pins), new ZapVsMkclean.MapcountRewalk(pins),
                new ZapVsMkclean.MapcountRewalkAsWritten(pins), new ZapVsMkclean.MapcountRecount(pins)};
            for (ZapVsMkcleanScenario s : all) {
                PinReport expected = pins == 1 ? PinReport.PINNED_SEEN : PinReport.UNPINNED_SEEN;
                assertEquals(expected, run(s, script(s).step(ZAP, Interleaving.END).step(MKCLEAN, Interleaving.END)),
                        s.getClass().getSimpleName() + " p=" + pins + ": " + s.mappings().describe());
            }
        }
    }
}
