package org.gupstress.stress.zap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.VerdictGrades;
import org.gupstress.stress.Witness;
import org.gupstress.stress.zap.TwoMappings.PinHistory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B2 with three actors, for machines with at least three CPUs (JCStress 0.16 schedules no test with more actors
 * than CPUs, so on two cores these classes are listed but never run; {@link ZapAndUnpinVsMkclean} is the
 * decomposition that runs there). B1's world with the pin held (p = 1), and a third actor that releases it:
 *
 * <pre>
 *   ZAP                      UNPIN                              MKCLEAN
 *   munmap(A): clear or      put_user_page(): atomic_dec(       folio_lock; page_mkclean + decision;
 *   mark A's PTE, _mapcount--  &amp;page->_mapcount); put_page      folio_unlock
 *                            (PIN_BIAS: unpin_user_page)
 * </pre>
 *
 * A "not pinned" answer is only wrong if the pin was held for the whole decision, and a "pinned" answer only if the
 * pin was gone before {@code page_mkclean()} began; {@link UnpinClock} tells which. Jerome Glisse (2019-01-03) on
 * the unpin: "It can still race with put_user_page() but this is fine ie it means that a racing put_user_page()
 * will not be taken into account and that page will still be consider pin for this round, even thought the last
 * pin might just have been drop." So FALSE_POSITIVE is interesting, FALSE_NEGATIVE is forbidden where the design
 * claims safety, and MAPCOUNT_UNDERFLOW (two decrements meeting one count) is forbidden everywhere.
 */
@Scenario(family = "B", id = "zap-unpin-vs-mkclean",
        title = "munmap and put_user_page vs page_mkclean's 'is it pinned?', three actors (seed 002)",
        outcomes = PinReport.class)
public abstract class ZapUnpinVsMkclean {
    private final TwoMappings w;
    private final UnpinClock clock = new UnpinClock();
    private boolean zapHung;
    private Boolean pinned;

    protected ZapUnpinVsMkclean(Config config) {
        this.w = new TwoMappings(config, PinHistory.HELD);
        w.world.tasks().fork("zap");
        w.world.tasks().fork("unpin");
        w.world.tasks().fork("mkclean");
    }

    World world() {
        return w.world;
    }

    TwoMappings mappings() {
        return w;
    }

    @Actor
    public void zap() {
        try (Task me = w.world.tasks().start("zap")) {
            zapHung = !w.zapA();
        }
    }

    @Actor
    public void unpin() {
        try (Task me = w.world.tasks().start("unpin")) {
            clock.unpinStarts();
            w.unpin();
            clock.unpinDone();
        }
    }

    @Actor
    public void mkclean() {
        try (Task me = w.world.tasks().start("mkclean")) {
            clock.mkcleanStarts();
            pinned = w.mkclean(clock::mkcleanDecided);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), w.classify(pinned, zapHung, clock.heldThroughout(), clock.goneBeforeStart(),
                zapHung ? 2 : 1, 0));
    }

    /** The grades of every SAFE design of this scenario: its bugs are FORBIDDEN. */
    @VerdictGrades(Expected.SAFE)
    @Outcome(id = "PINNED_SEEN", expect = ACCEPTABLE, desc = "Reported pinned while the pin was held for at least part of page_mkclean.")
    @Outcome(id = "UNPINNED_SEEN", expect = ACCEPTABLE, desc = "Reported unpinned; the unpin had started before the decision.")
    @Outcome(id = "FALSE_POSITIVE", expect = ACCEPTABLE_INTERESTING, desc = "Pin released before page_mkclean began, reported pinned: harmless, written again next round.")
    @Outcome(id = "FALSE_NEGATIVE", expect = FORBIDDEN, desc = "Pin held throughout, reported unpinned: writeback would treat a DMA target as idle.")
    @Outcome(id = "MAPCOUNT_UNDERFLOW", expect = FORBIDDEN, desc = "page_mapcount() went below zero: zap and put_user_page() decremented more than was counted.")
    @Outcome(id = "HUNG", expect = FORBIDDEN, desc = "A deadlock or a waiter nobody can wake was detected: no wait here can last, so a bug in the model (a STALL is an ERROR, never this).")
    @Outcome(id = "MODEL_VIOLATION", expect = FORBIDDEN, desc = "Another model oracle fired or the quiescent counts are off: a bug in the model or test.")
    @Outcome(expect = FORBIDDEN, desc = "Unclassified outcome: a bug in the test.")
    static final class SafeGrades {
        private SafeGrades() {
        }
    }

    /** The grades of every BROKEN design of this scenario: its bugs are ACCEPTABLE_INTERESTING, described "BUG:". */
    @VerdictGrades(Expected.BROKEN)
    @Outcome(id = "PINNED_SEEN", expect = ACCEPTABLE, desc = "Reported pinned while the pin was held for at least part of page_mkclean.")
    @Outcome(id = "UNPINNED_SEEN", expect = ACCEPTABLE, desc = "Reported unpinned; the unpin had started before the decision.")
    @Outcome(id = "FALSE_POSITIVE", expect = ACCEPTABLE_INTERESTING, desc = "Pin released before page_mkclean began, reported pinned: harmless, written again next round.")
    @Outcome(id = "FALSE_NEGATIVE", expect = ACCEPTABLE_INTERESTING, desc = "BUG: pin held throughout, reported unpinned: the zap decremented _mapcount between the walk and the read (Jan Kara, seed 002).")
    @Outcome(id = "MAPCOUNT_UNDERFLOW", expect = FORBIDDEN, desc = "page_mapcount() went below zero: zap and put_user_page() decremented more than was counted.")
    @Outcome(id = "HUNG", expect = FORBIDDEN, desc = "A deadlock or a waiter nobody can wake was detected: no wait here can last, so a bug in the model (a STALL is an ERROR, never this).")
    @Outcome(id = "MODEL_VIOLATION", expect = FORBIDDEN, desc = "Another model oracle fired or the quiescent counts are off: a bug in the model or test.")
    @Outcome(expect = FORBIDDEN, desc = "Unclassified outcome: a bug in the test.")
    static final class BrokenGrades {
        private BrokenGrades() {
        }
    }

    /**
     * PIN_BIAS ({@link Designs#PIN_BIAS}): SAFE. The unpin removes the bias in one fully ordered put; the zap removes
     * one reference.
     */
    @JCStressTest
    @State
    @Design(value = "PIN_BIAS", expected = Expected.SAFE,
            source = "FOLL_PIN as merged: mm/gup.c try_grab_folio(), gup_put_folio(); include/linux/mm.h folio_maybe_dma_pinned()")
    @JCStressMeta(SafeGrades.class)
    public static class PinBias extends ZapUnpinVsMkclean {
        public PinBias() {
            super(Designs.PIN_BIAS);
        }

        @Override
        @Actor
        public void zap() {
            super.zap();
        }

        @Override
        @Actor
        public void unpin() {
            super.unpin();
        }

        @Override
        @Actor
        public void mkclean() {
            super.mkclean();
        }

        @Override
        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }

    /**
     * PIN_BIAS_SMALL ({@link Designs#PIN_BIAS_SMALL}): SAFE for false negatives; false positives after the unpin until
     * the zap drops its reference.
     *
     * <p>Its outcomes, where they mean more here than the scenario's SafeGrades say:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: four plain references reach the small bias.</li>
     * </ul>
     */
    @JCStressTest
    @State
    @Design(value = "PIN_BIAS_SMALL", expected = Expected.SAFE,
            source = "FOLL_PIN as merged with GUP_PIN_COUNTING_BIAS = 4; include/linux/mm.h: folio_maybe_dma_pinned() 'false positives are OK'")
    @JCStressMeta(SafeGrades.class)
    public static class PinBiasSmall extends ZapUnpinVsMkclean {
        public PinBiasSmall() {
            super(Designs.PIN_BIAS_SMALL);
        }

        @Override
        @Actor
        public void zap() {
            super.zap();
        }

        @Override
        @Actor
        public void unpin() {
            super.unpin();
        }

        @Override
        @Actor
        public void mkclean() {
            super.mkclean();
        }

        @Override
        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }

    /**
     * MAPCOUNT_ONE_WALK ({@link Designs#MAPCOUNT_ONE_WALK}): BROKEN by the zap as in B1; the unpin is a second
     * decrement the walk cannot see, which only errs towards "unpinned" once the pin is really going.
     */
    @JCStressTest
    @State
    @Design(value = "MAPCOUNT_ONE_WALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): John Hubbard 2018-12-18 put_user_page() with atomic_dec(&page->_mapcount); Jerome Glisse 2018-12-18 page_mkclean(); Jan Kara 2018-12-19")
    @JCStressMeta(BrokenGrades.class)
    public static class MapcountOneWalk extends ZapUnpinVsMkclean {
        public MapcountOneWalk() {
            super(Designs.MAPCOUNT_ONE_WALK);
        }

        @Override
        @Actor
        public void zap() {
            super.zap();
        }

        @Override
        @Actor
        public void unpin() {
            super.unpin();
        }

        @Override
        @Actor
        public void mkclean() {
            super.mkclean();
        }

        @Override
        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }

    /**
     * MAPCOUNT_REWALK ({@link Designs#MAPCOUNT_REWALK}): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress). Jerome Glisse: "It can still race with
     * put_user_page() but this is fine ie it means that a racing put_user_page() will not be taken into account and
     * that page will still be consider pin for this round".
     *
     * <p>Its outcomes, where they mean more here than the scenario's BrokenGrades say:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: Jerome Glisse 'a racing put_user_page() will not be taken into account'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: the zap's marker vanished with munmap's unlink before the re-walk.</li>
     * </ul>
     */
    @JCStressTest
    @State
    @Design(value = "MAPCOUNT_REWALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03 'It can still race with put_user_page() but this is fine'; reading: every zap leaves a marker, final test mapcount2 <= rc2 - markers")
    @JCStressMeta(BrokenGrades.class)
    public static class MapcountRewalk extends ZapUnpinVsMkclean {
        public MapcountRewalk() {
            super(Designs.MAPCOUNT_REWALK);
        }

        @Override
        @Actor
        public void zap() {
            super.zap();
        }

        @Override
        @Actor
        public void unpin() {
            super.unpin();
        }

        @Override
        @Actor
        public void mkclean() {
            super.mkclean();
        }

        @Override
        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }

    /**
     * MAPCOUNT_REWALK_AS_WRITTEN ({@link Designs#MAPCOUNT_REWALK_AS_WRITTEN}): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress), read literally.
     *
     * <p>Its outcomes, where they mean more here than the scenario's BrokenGrades say:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: Jerome Glisse 'a racing put_user_page() will not be taken into account'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: 'mapcount2 &lt;= (real_count + rc2)' holds after any racing zap.</li>
     * </ul>
     */
    @JCStressTest
    @State
    @Design(value = "MAPCOUNT_REWALK_AS_WRITTEN", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03, literally: markers only for write-able PTEs, 'if (mapcount2 <= (real_count + rc2))' with real_count = real_mapcount")
    @JCStressMeta(BrokenGrades.class)
    public static class MapcountRewalkAsWritten extends ZapUnpinVsMkclean {
        public MapcountRewalkAsWritten() {
            super(Designs.MAPCOUNT_REWALK_AS_WRITTEN);
        }

        @Override
        @Actor
        public void zap() {
            super.zap();
        }

        @Override
        @Actor
        public void unpin() {
            super.unpin();
        }

        @Override
        @Actor
        public void mkclean() {
            super.mkclean();
        }

        @Override
        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }

    /**
     * MAPCOUNT_RECOUNT ({@link Designs#MAPCOUNT_RECOUNT}): SAFE. A racing unpin lowers the read; if it lowers it below
     * the pins, the pin was not held throughout.
     *
     * <p>Its outcomes, where they mean more here than the scenario's SafeGrades say:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: the zap landed between the read and the second count.</li>
     * </ul>
     */
    @JCStressTest
    @State
    @Design(value = "MAPCOUNT_RECOUNT", expected = Expected.SAFE,
            source = "this suite, from seed 002: pins in _mapcount (John Hubbard 2018-12-18); read page_mapcount() after the write-protecting walk (Jan Kara 2018-12-19), then count the PTEs again")
    @JCStressMeta(SafeGrades.class)
    public static class MapcountRecount extends ZapUnpinVsMkclean {
        public MapcountRecount() {
            super(Designs.MAPCOUNT_RECOUNT);
        }

        @Override
        @Actor
        public void zap() {
            super.zap();
        }

        @Override
        @Actor
        public void unpin() {
            super.unpin();
        }

        @Override
        @Actor
        public void mkclean() {
            super.mkclean();
        }

        @Override
        @Arbiter
        public void arbiter(L_Result r) {
            super.arbiter(r);
        }
    }
}
