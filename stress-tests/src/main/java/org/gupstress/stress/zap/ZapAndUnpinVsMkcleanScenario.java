package org.gupstress.stress.zap;

import java.util.concurrent.atomic.AtomicInteger;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Mmap;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.InitialState;
import org.gupstress.stress.Latency;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.gupstress.stress.zap.TwoMappings.PinHistory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * B2 on two CPUs: {@link ZapUnpinVsMkcleanScenario}'s three actors decomposed into two, so that {@code ./mvnw verify}
 * exercises the unpin race on this 2-core machine. Actor ZAP_AND_UNPIN does both releases, in an order that
 * alternates per sample (the state's constructor picks it); MKCLEAN races both.
 *
 * <pre>
 *   zap first (even samples)            unpin first (odd samples)          MKCLEAN
 *   munmap(A); put_user_page()          put_user_page(); munmap(A)         folio_lock; page_mkclean; decide
 * </pre>
 *
 * What the decomposition loses: the orders in which the unpin falls between two steps of the zap (its PTE clear
 * and decrement, its reference put, its unlink from {@code i_mmap}). For the forbidden outcome that loses nothing: a
 * FALSE_NEGATIVE needs the unpin to come after MKCLEAN's decision, so every zap step MKCLEAN can have seen precedes
 * the unpin, which is the zap-first order up to steps MKCLEAN never sees. For the acceptable and interesting
 * outcomes (their frequencies), the three-actor classes cover those orders where three CPUs exist.
 *
 * <p>Which order can lose a pin: a FALSE_NEGATIVE needs the pin held until the decision is made, so the unpin must
 * come after it; with the unpin first, the zap comes later still, MKCLEAN decides alone, and no design can fail.
 * The zap-first samples carry B1's race plus an unpin that starts as soon as munmap returns; the unpin-first
 * samples measure Jerome Glisse's claim that a racing {@code put_user_page()} only ever errs towards "pinned".
 * Outcomes and grades as in {@link ZapUnpinVsMkcleanScenario}.
 *
 * <p>What munmap() does after the unlink, and why the model spends time there ({@link #MUNMAP_TAIL}): the re-walk's
 * FALSE_NEGATIVE needs munmap to unlink A from {@code i_mmap} before the re-walk takes {@code i_mmap_rwsem}, and the
 * unpin to come only after the decision, that is after the re-walk of B. In the kernel the unpin cannot follow the
 * unlink at once: {@code unmap_region()} (mm/mmap.c as of seed 002; {@code vms_clear_ptes()} in mm/vma.c today)
 * unlinks the VMA in {@code free_pgtables()} &rarr; {@code unlink_file_vma()}, then frees the page tables
 * ({@code free_pgd_range()}) and calls {@code tlb_finish_mmu()}, which does the TLB flush that {@code zap_pte_range()}
 * deferred (on x86 bare metal an IPI to every CPU of {@code mm_cpumask()}, waited for) and frees the pages it gathered;
 * then {@code do_munmap()} runs {@code remove_vma_list()} ({@code vm_ops->close}, {@code fput()},
 * {@code vm_area_free()}), drops {@code mmap_sem} and returns to user space, and the unpin is a further system call.
 * The model has no mmu_gather ({@link org.gupstress.model.mm.Tlb}: zap's batched flush is not modelled) and reaches
 * the unpin a few hundred nanoseconds after the unlink, where the kernel needs microseconds; the two-actor re-walk race
 * was then witnessed about once per million samples. The scenario's schedule spends a random 0 to
 * {@link #MUNMAP_TAIL_SPINS} {@code Thread.onSpinWait()} (up to about 5 us) at {@link Mmap#MUNMAP_BEFORE_FPUT} for
 * that work; every other point keeps the stress default, and {@code explore} and the scripts replace the schedule.
 */
@InitialState.Count(2)
@Scenario(family = "B", id = "zap-and-unpin-vs-mkclean",
        title = "munmap then put_user_page (or the reverse) vs page_mkclean's 'is it pinned?', two actors (seed 002)",
        outcomes = PinReport.class)
@GenerateTests
public abstract class ZapAndUnpinVsMkcleanScenario {
    private static final AtomicInteger STATES = new AtomicInteger();

    /**
     * The upper bound of munmap()'s work after the unlink, in {@code Thread.onSpinWait()} calls: about 5 us on the
     * AMD EPYC the suite was tuned on (as {@code GupVsWriteback}'s device latency); a TLB shootdown that waits for
     * another CPU's acknowledgement alone takes microseconds.
     */
    static final int MUNMAP_TAIL_SPINS = Latency.ABOUT_5_US;

    /**
     * Honest widening (see the class comment): {@code free_pgd_range()}, {@code tlb_finish_mmu()} and
     * {@code remove_vma_list()} between the unlink and munmap()'s return, which the model does not have.
     */
    private static final Schedule MUNMAP_TAIL = Latency.at(Mmap.MUNMAP_BEFORE_FPUT, MUNMAP_TAIL_SPINS);

    private final TwoMappings w;
    private final UnpinClock clock = new UnpinClock();
    private final boolean zapFirst;
    private boolean zapHung;
    private Boolean pinned;

    protected ZapAndUnpinVsMkcleanScenario(Config config, boolean zapFirst) {
        this.w = new TwoMappings(config, PinHistory.HELD);
        w.world.tasks().fork("zapAndUnpin");
        w.world.tasks().fork("mkclean");
        w.world.useSchedule(MUNMAP_TAIL);
        this.zapFirst = zapFirst;
    }

    /** The order for the next JCStress state: zap first, unpin first, zap first, ... */
    static boolean alternateOrder() {
        return InitialState.next(STATES, 2) == 0;
    }

    World world() {
        return w.world;
    }

    TwoMappings mappings() {
        return w;
    }

    @Actor
    public void zapAndUnpin() {
        try (Task me = w.world.tasks().start("zapAndUnpin")) {
            if (zapFirst) {
                zapHung = !w.zapA();
                unpin();
            } else {
                unpin();
                zapHung = !w.zapA();
            }
        }
    }

    private void unpin() {
        clock.unpinStarts();
        w.unpin();
        clock.unpinDone();
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

    // The grades are B2's (the @Grade of PinReport): the same outcomes, the same race.

    /**
     * PIN_BIAS ({@link Designs#PIN_BIAS}): SAFE. The unpin removes the bias in one fully ordered put; the zap removes
     * one reference.
     */
    @Design(value = "PIN_BIAS", expected = Expected.SAFE,
            source = "FOLL_PIN as merged: mm/gup.c try_grab_folio(), gup_put_folio(); include/linux/mm.h folio_maybe_dma_pinned()")
    public abstract static class PinBias extends ZapAndUnpinVsMkcleanScenario {
        public PinBias() {
            this(alternateOrder());
        }

        PinBias(boolean zapFirst) {
            super(Designs.PIN_BIAS, zapFirst);
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
    public abstract static class PinBiasSmall extends ZapAndUnpinVsMkcleanScenario {
        public PinBiasSmall() {
            this(alternateOrder());
        }

        PinBiasSmall(boolean zapFirst) {
            super(Designs.PIN_BIAS_SMALL, zapFirst);
        }
    }

    /**
     * MAPCOUNT_ONE_WALK ({@link Designs#MAPCOUNT_ONE_WALK}): BROKEN by the zap as in B1; the unpin is a second
     * decrement the walk cannot see, which only errs towards "unpinned" once the pin is really going.
     */
    @Design(value = "MAPCOUNT_ONE_WALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): John Hubbard 2018-12-18 put_user_page() with atomic_dec(&page->_mapcount); Jerome Glisse 2018-12-18 page_mkclean(); Jan Kara 2018-12-19")
    public abstract static class MapcountOneWalk extends ZapAndUnpinVsMkcleanScenario {
        public MapcountOneWalk() {
            this(alternateOrder());
        }

        MapcountOneWalk(boolean zapFirst) {
            super(Designs.MAPCOUNT_ONE_WALK, zapFirst);
        }
    }

    /**
     * MAPCOUNT_REWALK ({@link Designs#MAPCOUNT_REWALK}): left open in seed 002, BROKEN here. Jerome Glisse: "It can
     * still race with put_user_page() but this is fine ie it means that a racing put_user_page() will not be taken
     * into account and that page will still be consider pin for this round". The pin is lost when the zap of A lands
     * after the first walk visited A and before {@code mapcount2} is read, munmap unlinks A before the re-walk (so its
     * marker is never counted), and the unpin comes after the decision: explore reaches it within 2 preemptions and
     * {@code ZapUnpinVsMkcleanTest#decompositionZapFirstReachesTheRewalkFalseNegative} scripts it; the design is BROKEN
     * under every reading in B1's zap-vs-mkclean and in gup-vs-mkclean too. Witnessed in smoke (one fork each,
     * JDK 25 forks, the rewalk helper's runs under the CPU lock, 2 CPUs): without munmap's post-unlink work
     * ({@link #MUNMAP_TAIL}) 8 in 1,066,797 samples (7.5e-6) alone, and in whole-suite runs 1 in 1,227,565, 1 in
     * about 770,000 and 0 in 848,685 (about 1e-6: a {@code --strict} smoke would fail on chance about one run in
     * three, so it was declared OPEN); with it FALSE_NEGATIVE 27 in 824,109, 28 in 713,517, 16 in 927,533, 14 in
     * 821,037 and 30 in 583,469 (1.7e-5 to 5.1e-5, in every fork of five runs), first after 43,828 to 318,741
     * samples.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in PinReport says:
     * <ul>
     *   <li>{@code FALSE_POSITIVE}: Pin released before page_mkclean began, reported pinned: Jerome Glisse 'a racing put_user_page() will not be taken into account'.</li>
     *   <li>{@code FALSE_NEGATIVE}: BUG: pin held throughout, reported unpinned: the zap's marker vanished with munmap's unlink before the re-walk.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_REWALK", expected = Expected.BROKEN,
            source = "seed 002 (002_aeb32416868b2a4f.txt): Jerome Glisse 2019-01-03 'It can still race with put_user_page() but this is fine'; reading: every zap leaves a marker, final test mapcount2 <= rc2 - markers")
    public abstract static class MapcountRewalk extends ZapAndUnpinVsMkcleanScenario {
        public MapcountRewalk() {
            this(alternateOrder());
        }

        MapcountRewalk(boolean zapFirst) {
            super(Designs.MAPCOUNT_REWALK, zapFirst);
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
    public abstract static class MapcountRewalkAsWritten extends ZapAndUnpinVsMkcleanScenario {
        public MapcountRewalkAsWritten() {
            this(alternateOrder());
        }

        MapcountRewalkAsWritten(boolean zapFirst) {
            super(Designs.MAPCOUNT_REWALK_AS_WRITTEN, zapFirst);
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
    public abstract static class MapcountRecount extends ZapAndUnpinVsMkcleanScenario {
        public MapcountRecount() {
            this(alternateOrder());
        }

        MapcountRecount(boolean zapFirst) {
            super(Designs.MAPCOUNT_RECOUNT, zapFirst);
        }
    }
}
