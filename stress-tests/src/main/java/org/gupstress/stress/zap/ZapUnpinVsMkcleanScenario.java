package org.gupstress.stress.zap;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.gupstress.stress.zap.TwoMappings.PinHistory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B2 with three actors, for machines with at least three CPUs (JCStress 0.16 schedules no test with more actors
 * than CPUs, so on two cores these classes are listed but never run; {@link ZapAndUnpinVsMkcleanScenario} is the
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
@GenerateTests
public abstract class ZapUnpinVsMkcleanScenario {
    private final TwoMappings w;
    private final UnpinClock clock = new UnpinClock();
    private boolean zapHung;
    private Boolean pinned;

    protected ZapUnpinVsMkcleanScenario(Config config) {
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

    /**
     * PIN_BIAS ({@link Designs#PIN_BIAS}): SAFE. The unpin removes the bias in one fully ordered put; the zap removes
     * one reference.
     */
    @Design(value = "PIN_BIAS", expected = Expected.SAFE,
            source = "FOLL_PIN as merged: mm/gup.c try_grab_folio(), gup_put_folio(); include/linux/mm.h folio_maybe_dma_pinned()")
    public abstract static class PinBias extends ZapUnpinVsMkcleanScenario {
        public PinBias() {
            super(Designs.PIN_BIAS);
        }
    }

    /**
     * PIN_BIAS_SMALL ({@link Designs#PIN_BIAS_SMALL}): SAFE for false negatives; false positives after the unpin until
     * the zap drops its reference.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: four plain references reach the small bias.</li>
     * </ul>
     */
    @Design(value = "PIN_BIAS_SMALL", expected = Expected.SAFE,
            source = "FOLL_PIN as merged with GUP_PIN_COUNTING_BIAS = 4; include/linux/mm.h: folio_maybe_dma_pinned() 'false positives are OK'")
    public abstract static class PinBiasSmall extends ZapUnpinVsMkcleanScenario {
        public PinBiasSmall() {
            super(Designs.PIN_BIAS_SMALL);
        }
    }

    /**
     * MAPCOUNT_ONE_WALK ({@link Designs#MAPCOUNT_ONE_WALK}): BROKEN by the zap as in B1; the unpin is a second
     * decrement the walk cannot see, which only errs towards "unpinned" once the pin is really going.
     */
    @Design(value = "MAPCOUNT_ONE_WALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): John Hubbard 2018-12-18 put_user_page() with atomic_dec(&page->_mapcount); Jerome Glisse 2018-12-18 page_mkclean(); Jan Kara 2018-12-19")
    public abstract static class MapcountOneWalk extends ZapUnpinVsMkcleanScenario {
        public MapcountOneWalk() {
            super(Designs.MAPCOUNT_ONE_WALK);
        }
    }

    /**
     * MAPCOUNT_REWALK ({@link Designs#MAPCOUNT_REWALK}): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress). Jerome Glisse: "It can still race with
     * put_user_page() but this is fine ie it means that a racing put_user_page() will not be taken into account and
     * that page will still be consider pin for this round".
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: Jerome Glisse 'a racing put_user_page() will not be taken into account'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: the zap's marker vanished with munmap's unlink before the re-walk.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_REWALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03 'It can still race with put_user_page() but this is fine'; reading: every zap leaves a marker, final test mapcount2 <= rc2 - markers")
    public abstract static class MapcountRewalk extends ZapUnpinVsMkcleanScenario {
        public MapcountRewalk() {
            super(Designs.MAPCOUNT_REWALK);
        }
    }

    /**
     * MAPCOUNT_REWALK_AS_WRITTEN ({@link Designs#MAPCOUNT_REWALK_AS_WRITTEN}): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress), read literally.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: Jerome Glisse 'a racing put_user_page() will not be taken into account'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: 'mapcount2 &lt;= (real_count + rc2)' holds after any racing zap.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_REWALK_AS_WRITTEN", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03, literally: markers only for write-able PTEs, 'if (mapcount2 <= (real_count + rc2))' with real_count = real_mapcount")
    public abstract static class MapcountRewalkAsWritten extends ZapUnpinVsMkcleanScenario {
        public MapcountRewalkAsWritten() {
            super(Designs.MAPCOUNT_REWALK_AS_WRITTEN);
        }
    }

    /**
     * MAPCOUNT_RECOUNT ({@link Designs#MAPCOUNT_RECOUNT}): SAFE. A racing unpin lowers the read; if it lowers it below
     * the pins, the pin was not held throughout.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: the zap landed between the read and the second count.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_RECOUNT", expected = Expected.SAFE,
            source = "this suite, from seed 002: pins in _mapcount (John Hubbard 2018-12-18); read page_mapcount() after the write-protecting walk (Jan Kara 2018-12-19), then count the PTEs again")
    public abstract static class MapcountRecount extends ZapUnpinVsMkcleanScenario {
        public MapcountRecount() {
            super(Designs.MAPCOUNT_RECOUNT);
        }
    }
}
