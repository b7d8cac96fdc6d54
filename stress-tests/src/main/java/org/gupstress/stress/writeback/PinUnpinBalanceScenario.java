package org.gupstress.stress.writeback;

import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Rendezvous;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * FOLL_PIN accounting under concurrency, and the mixed release of seed 004 ("block, fs: convert Direct IO to
 * FOLL_PIN", John Hubbard, 2022): once Direct IO pins its pages, every completion path must release them with
 * {@code unpin_user_page()}; but the same bio code also carries pages that were never pinned (ITER_BVEC and
 * ITER_KVEC iterators take plain {@code get_page()} references), and those must still be released with
 * {@code put_page()}. "All of those callers need to be audited and changed"; a caller that is not, or is changed
 * too far, unbalances the counts.
 *
 * <p>Two threads issue I/O on the same small folio of a shared file mapping. Each issues two bios: a pinned one
 * ({@code pin_user_pages_fast()}: {@code _refcount += GUP_PIN_COUNTING_BIAS}, {@code nr_foll_pin_acquired++}) and a
 * referenced one ({@code get_user_pages_fast()}: {@code _refcount += 1}), in opposite orders, and completes each
 * with the design's release. While a thread holds its pin it checks, twice, that {@code folio_maybe_dma_pinned()}
 * says so (what writeback and {@code folio_try_share_anon_rmap()} rely on: false negatives are not allowed).
 *
 * <pre>
 *   IO_A                                     IO_B
 *   pinned bio: pin; check; ...; check;      referenced bio: get; ...; release
 *               release                      pinned bio: pin; check; ...; check; release
 *   referenced bio: get; ...; release
 *   arbiter: _refcount back to its base? nr_foll_pin_acquired == nr_foll_pin_released? no underflow?
 * </pre>
 *
 * <p>The JCStress test runs the release the kernel ended with (by origin) under a real race: two threads pinning,
 * referencing and releasing one folio concurrently must leave every count balanced and every held pin visible.
 * Seed 004's unbalanced releases ({@link Release#PUT_PAGE}, {@link Release#UNPIN}) are deterministic, every sample
 * ends badly whatever the interleaving (bug rate 1.0), so they are JUnit tests ({@code PinUnpinBalanceTest}), not
 * JCStress designs: a JCStress test that can only produce its bug tests no concurrency.
 */
@Scenario(family = "A", id = "pin-accounting",
        title = "Concurrent pin/unpin and get/put on one folio; seed 004's mixed release",
        outcomes = PinUnpinBalanceScenario.Balance.class)
@GenerateTests
public abstract class PinUnpinBalanceScenario {
    /** How the counts ended. Checked in this order (the first that applies). */
    public enum Balance {
        /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
        @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
        UNEXPECTED,
        /**
         * A thread holding a pin saw {@code folio_maybe_dma_pinned()} false while {@code _refcount} was not negative:
         * another release took its bias.
         */
        @Grade(kind = FORBIDDEN, desc = "A held pin looked unpinned: with balanced releases nothing removes another thread's bias.")
        PIN_INVISIBLE,
        /** {@code _refcount} went below zero. */
        @Grade(kind = FORBIDDEN, desc = "_refcount went negative: every put matches its get.")
        REFCOUNT_UNDERFLOW,
        /** At quiescence {@code nr_foll_pin_acquired != nr_foll_pin_released}, or {@code _refcount} is not back to its base. */
        @Grade(kind = FORBIDDEN, desc = "The counts did not return to their base: every unpin matches its pin.")
        PIN_IMBALANCE,
        /** Every count is back where it started. */
        @Grade(kind = OK, desc = "_refcount back to base and nr_foll_pin_acquired == nr_foll_pin_released.")
        BALANCED
    }

    /**
     * How the completion path releases a bio's pages ({@code bio_release_pages()} and its predecessors). The two
     * wrong releases are deterministic bugs, shown by {@code PinUnpinBalanceTest} (JUnit), not JCStress designs.
     */
    enum Release {
        /** By how they were grabbed: {@code unpin_user_page()} for pinned, {@code put_page()} for referenced. */
        BY_ORIGIN,
        /**
         * Every page with {@code put_page()}: a completion path not yet converted to FOLL_PIN (seed 004: the
         * conversion "cannot be done in just one patchset"). Every sample: each pin leaves
         * {@code GUP_PIN_COUNTING_BIAS - 1} behind (the folio looks pinned forever) and {@code nr_foll_pin_released}
         * never moves, the imbalance seed 004's author watched in /proc/vmstat (PIN_IMBALANCE).
         */
        PUT_PAGE,
        /**
         * Every page with {@code unpin_user_page()}: the conversion applied to pages that were only referenced
         * (ITER_BVEC/ITER_KVEC), the reason seed 004 patch 3 asserts that "key paths use iovecs, and nothing else".
         * Every sample: each such release removes a bias it never added; if the other thread holds a pin then, its
         * pin no longer shows (PIN_INVISIBLE), otherwise {@code _refcount} goes negative at once
         * (REFCOUNT_UNDERFLOW).
         */
        UNPIN
    }

    /** A bio holds its pages (pinned or referenced); its I/O has not completed. */
    public static final SchedulePoint BIO_PAGES_HELD = SchedulePoint.declare("bio.pages_held",
            "the bio holds its page (FOLL_PIN or FOLL_GET); the completion has not released it yet");

    private final SharedFileMapping fs;
    private final Release release;
    private final Rendezvous start = new Rendezvous();
    /** {@code _refcount} before any I/O: page cache, PTE, and the fixture's lookup reference. */
    private final int baseRefcount;
    /** Written by IO_A only. */
    private boolean invisibleA;
    /** Written by IO_B only. */
    private boolean invisibleB;
    /** Written by either actor when GUP failed (it cannot here); read by the arbiter. */
    private volatile boolean gupFailed;

    PinUnpinBalanceScenario(Config config, Release release) {
        World world = new World(config);
        world.tasks().fork("ioA");
        world.tasks().fork("ioB");
        this.fs = new SharedFileMapping(world, false, 0);
        this.release = release;
        this.baseRefcount = fs.folio.folioRefCount();
    }

    /** A direct-I/O bio of user pages, then a bio of kernel (bvec) pages. */
    @Actor
    public void ioA() {
        try (Task me = fs.world.tasks().start("ioA")) {
            start.arrive();
            invisibleA = pinnedBio();
            referencedBio();
        }
    }

    /** The other order. */
    @Actor
    public void ioB() {
        try (Task me = fs.world.tasks().start("ioB")) {
            start.arrive();
            referencedBio();
            invisibleB = pinnedBio();
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /**
     * {@code pin_user_pages_fast()} for one page, the pinned check while it is held, and the completion.
     *
     * @return true if {@code folio_maybe_dma_pinned()} said false while the pin was held
     */
    private boolean pinnedBio() {
        Folio[] pages = new Folio[1];
        if (Gup.pinUserPagesFast(fs.mm, SharedFileMapping.ADDR, 1, GupFlags.FOLL_WRITE, pages) != 1) {
            gupFailed = true;
            return false;
        }
        boolean invisible = looksUnpinned(pages[0]);
        fs.world.at(BIO_PAGES_HELD);
        invisible |= looksUnpinned(pages[0]);
        if (release == Release.PUT_PAGE) {
            Gup.putPage(pages[0]);
        } else {
            Gup.unpinUserPage(pages[0]);
        }
        return invisible;
    }

    /**
     * The pin holder's check: {@code folio_maybe_dma_pinned()} says no although we hold a pin. Only counted while
     * {@code _refcount} is not negative: after an underflow every pin looks unpinned, and that sample is
     * REFCOUNT_UNDERFLOW, not a pin hidden by a balanced-looking count.
     */
    private static boolean looksUnpinned(Folio folio) {
        return !folio.folioMaybeDmaPinned() && folio.folioRefCount() >= 0;
    }

    /** {@code get_user_pages_fast()} for one page (a plain reference, as a bvec page holds) and the completion. */
    private void referencedBio() {
        Folio[] pages = new Folio[1];
        if (Gup.getUserPagesFast(fs.mm, SharedFileMapping.ADDR, 1, GupFlags.FOLL_WRITE, pages) != 1) {
            gupFailed = true;
            return;
        }
        fs.world.at(BIO_PAGES_HELD);
        if (release == Release.UNPIN) {
            Gup.unpinUserPage(pages[0]);
        } else {
            Gup.putPage(pages[0]);
        }
    }

    /** Public for the JUnit scripts; call once, after both actors finished. */
    public Balance classify() {
        Sanitizer san = fs.world.sanitizer();
        boolean underflow = san.has(ViolationKind.REFCOUNT_UNDERFLOW);
        boolean balanced = Gup.checkPinsBalanced(fs.world) && fs.folio.folioRefCount() == baseRefcount;
        for (ViolationKind k : ViolationKind.values()) {
            // checkPinsBalanced() records PIN_IMBALANCE itself; a negative count may look like a freed folio's.
            boolean explained = k == ViolationKind.PIN_IMBALANCE || k == ViolationKind.REFCOUNT_UNDERFLOW
                    || (underflow && k == ViolationKind.USE_AFTER_FREE);
            if (san.has(k) && !explained) {
                return unexpected("violation " + k);
            }
        }
        if (gupFailed) {
            return unexpected("GUP failed");
        }
        if (invisibleA || invisibleB) {
            return Balance.PIN_INVISIBLE;
        }
        if (underflow) {
            return Balance.REFCOUNT_UNDERFLOW;
        }
        return balanced ? Balance.BALANCED : Balance.PIN_IMBALANCE;
    }

    private Balance unexpected(String why) {
        Unexpected.print(getClass(), fs.world, why);
        return Balance.UNEXPECTED;
    }

    /** For the JUnit scripts. */
    public World world() {
        return fs.world;
    }

    /**
     * The completion knows how each bio's pages were grabbed and releases them that way: what the Direct IO
     * conversion ended with (the bio flags BIO_PAGE_PINNED / BIO_PAGE_REFFED of David Howells's 2023 series;
     * seed 004's dio_w_*() wrappers were the interim). Expected SAFE: every pin adds and removes the same bias
     * and counts once each way; the other thread's plain references never touch the bias, so a held pin stays
     * visible.
     */
    @Design(value = "RELEASE_BY_ORIGIN", expected = Expected.SAFE,
            source = "seed 004 (John Hubbard 2022-02-25: \"callers need to be audited and changed so that they call "
                    + "unpin_user_page(), rather than put_page()\"); block/bio.c bio_release_page() with BIO_PAGE_PINNED")
    public abstract static class ReleaseByOrigin extends PinUnpinBalanceScenario {
        private static final Config CONFIG = Config.defaults();

        public ReleaseByOrigin() {
            super(CONFIG, Release.BY_ORIGIN);
        }
    }
}
