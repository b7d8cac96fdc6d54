package org.gupstress.stress.zap;

import java.util.concurrent.atomic.AtomicInteger;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.InitialState;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.gupstress.stress.zap.TwoMappings.PinHistory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B1, zap vs page_mkclean: Jan Kara's question in seed 002 (2018-12-19), "Why cannot rmap_walk_file() race with
 * e.g. zap_pte_range() which decrements page->_mapcount and thus the check we do in page_mkclean() is wrong?"
 *
 * <pre>
 *   World: one page of file I1, mapped writable by VMA A (process A) and VMA B (process B);
 *          pinned once through A, the pin still held (p = 1) or already released (p = 0).
 *          Under the MAPCOUNT designs page_mapcount() = 2 + p.
 *
 *   ZAP (munmap of A)                         MKCLEAN (writeback: folio_lock, page_mkclean, decide)
 *   -----------------                         -----------------------------------------------------
 *                                             [MAPCOUNT_REWALK: mapcount1 = page_mapcount()]
 *                                             walk: visit A  -- PTE present, counted, write-protected
 *   lock A's PTE; clear it (or leave
 *     the design's marker); _mapcount--;
 *     unlock                                  walk: visit B  -- counted, write-protected
 *   unlink A from i_mmap                      decide from page_mapcount() and the count
 * </pre>
 *
 * Under MAPCOUNT_ONE_WALK a decrement that lands between the walk's visit of A and the read of
 * {@code page_mapcount()} makes the read one lower than the count assumes: with p = 1, {@code 2 - 2 = 0}, "not
 * pinned" (FALSE_NEGATIVE). Jerome Glisse's re-walk (MAPCOUNT_REWALK) tries to count such zaps through the markers
 * they leave; whether it can is what this scenario measures. Under PIN_BIAS the pin is in {@code _refcount}, which
 * the zap never decrements by more than its own PTE's reference.
 *
 * <p>p is a property of the sample: the no-argument constructor JCStress calls alternates p = 1, 0, 1, ... per
 * state, and the outcome names say which p it was (PINNED_SEEN and FALSE_NEGATIVE are p = 1 samples). JUnit tests
 * construct a given p.
 *
 * <p>Outcomes: PINNED_SEEN, UNPINNED_SEEN acceptable; FALSE_POSITIVE interesting; FALSE_NEGATIVE forbidden in SAFE
 * designs; MAPCOUNT_UNDERFLOW, MODEL_VIOLATION and HUNG forbidden (see {@link PinReport}).
 */
@InitialState.Count(2)
@Scenario(family = "B", id = "zap-vs-mkclean",
        title = "munmap of one of two shared mappings vs page_mkclean's 'is it pinned?' (seed 002)",
        outcomes = PinReport.class)
@GenerateTests
public abstract class ZapVsMkcleanScenario {
    private static final AtomicInteger STATES = new AtomicInteger();

    private final TwoMappings w;
    private boolean zapHung;
    private Boolean pinned;

    protected ZapVsMkcleanScenario(Config config, int pins) {
        this.w = new TwoMappings(config, pins == 1 ? PinHistory.HELD : PinHistory.RELEASED);
        w.world.tasks().fork("zap");
        w.world.tasks().fork("mkclean");
    }

    /** p for the next JCStress state: 1, 0, 1, 0, ... */
    static int alternatePins() {
        return InitialState.next(STATES, 2) == 0 ? 1 : 0;
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
    public void mkclean() {
        try (Task me = w.world.tasks().start("mkclean")) {
            pinned = w.mkclean(null);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        boolean held = w.history == PinHistory.HELD;
        int pins = held ? 1 : 0;
        r.r1 = Witness.sample(getClass(), w.classify(pinned, zapHung, held, !held, zapHung ? 2 : 1, pins));
    }

    /**
     * PIN_BIAS, FOLL_PIN as merged ({@link Designs#PIN_BIAS}): SAFE. The pin is 1024 in {@code _refcount}; the zap
     * drops one reference; {@code folio_maybe_dma_pinned()} cannot miss the pin and cannot see 1024 plain references
     * here.
     */
    @Design(value = "PIN_BIAS", expected = Expected.SAFE,
            source = "FOLL_PIN as merged: mm/gup.c try_grab_folio(), include/linux/mm.h folio_maybe_dma_pinned(); Documentation/core-api/pin_user_pages.rst")
    public abstract static class PinBias extends ZapVsMkcleanScenario {
        public PinBias() {
            this(alternatePins());
        }

        PinBias(int pins) {
            super(Designs.PIN_BIAS, pins);
        }
    }

    /**
     * PIN_BIAS_SMALL ({@link Designs#PIN_BIAS_SMALL}): SAFE for false negatives. With a bias of 4 an unpinned page
     * looks pinned until the zap drops its PTE's reference: FALSE_POSITIVE, interesting, expected.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code UNPINNED_SEEN}: Pin released earlier, reported unpinned (the zap had dropped its reference).</li>
     *   <li>{@code FALSE_POSITIVE}: No pin, reported pinned: four plain references reach the small bias.</li>
     * </ul>
     */
    @Design(value = "PIN_BIAS_SMALL", expected = Expected.SAFE,
            source = "FOLL_PIN as merged with GUP_PIN_COUNTING_BIAS = 4; include/linux/mm.h: folio_maybe_dma_pinned() 'false positives are OK'")
    public abstract static class PinBiasSmall extends ZapVsMkcleanScenario {
        public PinBiasSmall() {
            this(alternatePins());
        }

        PinBiasSmall(int pins) {
            super(Designs.PIN_BIAS_SMALL, pins);
        }
    }

    /**
     * MAPCOUNT_ONE_WALK ({@link Designs#MAPCOUNT_ONE_WALK}): BROKEN, the race Jan Kara asked about. The zap's
     * decrement between the walk's visit of A and the read of {@code page_mapcount()} hides the pin.
     */
    @Design(value = "MAPCOUNT_ONE_WALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): John Hubbard 2018-12-18 restatement; Jerome Glisse 2018-12-18 page_mkclean(); Jan Kara 2018-12-19 'Why cannot rmap_walk_file() race with e.g. zap_pte_range()'")
    public abstract static class MapcountOneWalk extends ZapVsMkcleanScenario {
        public MapcountOneWalk() {
            this(alternatePins());
        }

        MapcountOneWalk(int pins) {
            super(Designs.MAPCOUNT_ONE_WALK, pins);
        }
    }

    /**
     * MAPCOUNT_REWALK ({@link Designs#MAPCOUNT_REWALK}, the most favourable reading): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress). Its one gap
     * in this scenario: munmap unlinks A (and frees its page table, marker and all) after the zap, so a zap that
     * lands between the first walk's visit of A and {@code mapcount2} and whose unlink completes before the
     * re-walk leaves nothing to count. (Its other gap, a GUP before the first walk, is B3's:
     * {@link GupVsMkclean.MapcountRewalk}.)
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: No pin, reported pinned: Jerome Glisse 'Worst case is you report a page as pin while it has just been release'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: the zap's marker vanished with munmap's unlink before the re-walk.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_REWALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03 page_mkclean() with zap markers and page_pin_one re-walk; reading: every zap leaves a marker, final test mapcount2 <= rc2 - markers")
    public abstract static class MapcountRewalk extends ZapVsMkcleanScenario {
        public MapcountRewalk() {
            this(alternatePins());
        }

        MapcountRewalk(int pins) {
            super(Designs.MAPCOUNT_REWALK, pins);
        }
    }

    /**
     * MAPCOUNT_REWALK_AS_WRITTEN ({@link Designs#MAPCOUNT_REWALK_AS_WRITTEN}): left open in seed 002, BROKEN here (FALSE_NEGATIVE reached by this package's JUnit scripts and witnessed under stress), read literally.
     * The final test adds the markers instead of subtracting them, and the zaps that matter leave none (the first
     * walk has just write-protected their PTE), so any zap between the first walk's visit of A and
     * {@code mapcount2} clears the flag of a pinned page.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: No pin, reported pinned: Jerome Glisse 'Worst case is you report a page as pin while it has just been release'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: 'mapcount2 &lt;= (real_count + rc2)' holds after any racing zap.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_REWALK_AS_WRITTEN", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03, literally: markers only for write-able PTEs, 'if (mapcount2 <= (real_count + rc2))' with real_count = real_mapcount")
    public abstract static class MapcountRewalkAsWritten extends ZapVsMkcleanScenario {
        public MapcountRewalkAsWritten() {
            this(alternatePins());
        }

        MapcountRewalkAsWritten(int pins) {
            super(Designs.MAPCOUNT_REWALK_AS_WRITTEN, pins);
        }
    }

    /**
     * MAPCOUNT_RECOUNT ({@link Designs#MAPCOUNT_RECOUNT}): SAFE. {@code page_mapcount()} is read after the cleaning
     * walk and compared with a second count: a PTE the second walk finds was not yet zapped when the count was
     * read, so the difference never drops below the pins held.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: No pin, reported pinned: the zap landed between the read and the second count.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_RECOUNT", expected = Expected.SAFE,
            source = "this suite, from seed 002: pins in _mapcount (John Hubbard 2018-12-18); read page_mapcount() after the write-protecting walk (Jan Kara 2018-12-19), then count the PTEs again")
    public abstract static class MapcountRecount extends ZapVsMkcleanScenario {
        public MapcountRecount() {
            this(alternatePins());
        }

        MapcountRecount(int pins) {
            super(Designs.MAPCOUNT_RECOUNT, pins);
        }
    }
}
