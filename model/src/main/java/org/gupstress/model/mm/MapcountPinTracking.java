package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * Where a DMA pin of a file-backed page is counted, and how {@code page_mkclean()} decides "is this page pinned?":
 * FOLL_PIN as merged, or the January 2019 proposals of seed 002 ({@code 002_aeb32416868b2a4f.txt}) to count pins
 * in {@code page->_mapcount}. Each scheme is a {@link PinPolicy}: the world's {@link Gup#PIN_POLICY} selects one
 * for all four operations, so that a pin is always taken, released and looked for the same way (FOLL_PIN is
 * {@link PinPolicy#FOLL_PIN}; a pin-aware writeback finds the scheme's pins through {@link WritebackPins#PIN_AWARE}):
 *
 * <table>
 *   <caption>The schemes</caption>
 *   <tr><th>{@link Scheme}</th><th>GUP</th><th>release</th><th>page_mkclean's decision</th></tr>
 *   <tr><td>FOLL_PIN</td><td>{@code pin_user_pages()}: {@code _refcount += GUP_PIN_COUNTING_BIAS}</td>
 *       <td>{@code unpin_user_page()}</td><td>{@code folio_mkclean()}, then {@code folio_maybe_dma_pinned()}</td></tr>
 *   <tr><td>MAPCOUNT_*</td><td>{@code get_user_pages()}; under the PTE lock also {@code atomic_inc(&page->_mapcount)}
 *       and {@code SetPageDMAPinned}</td><td>{@code atomic_dec(&page->_mapcount); put_page()}</td>
 *       <td>compare {@code page_mapcount()} with the PTEs an rmap walk finds; set or clear PageDMAPinned</td></tr>
 * </table>
 *
 * <p><b>The thread.</b> John Hubbard (2018-12-18) restated Jerome Glisse's idea: "this would use page->_mapcount to
 * store both the real mapcount, and the dma pinned count (simply added together), but only do so for file-backed
 * (non-anonymous) pages". Jerome's {@code page_mkclean()} counted the mappings during the walk ("rmap_walk need to
 * change to count mapping and return value in .mapcount") and decided with
 * {@code if ((page_mapcount(page) - real_mapcount) > 0) SetPageDMAPined(page); else ClearPageDMAPined(page);}
 * ({@link Scheme#MAPCOUNT_ONE_WALK}). Jan Kara (2018-12-19): "Why cannot rmap_walk_file() race with e.g.
 * zap_pte_range() which decrements page->_mapcount and thus the check we do in page_mkclean() is wrong?" Jerome's
 * answer of 2019-01-03 is {@link Scheme#MAPCOUNT_REWALK}; John Hubbard asked "what is providing synchronization
 * here?" and the thread ended there.
 *
 * <p><b>MAPCOUNT_REWALK as the mail writes it.</b>
 * <pre>
 *   mapcount1 = page_mapcount(page);
 *   rmap_walk(page, &amp;rwc);                 // page_mkclean_one counts into real_mapcount, clears markers
 *   if (PageDMAPined(page)) {
 *       if (mapcount1 == real_count) { ClearPageDMAPined(page); goto out; }   // "no zap pte race"
 *       VM_BUG_ON(mapcount1 &lt; real_count);
 *       mapcount2 = page_mapcount(page);
 *       if (mapcount2 &gt; real_count) goto out;                               // "Page is pin for sure."
 *       rc2 = real_mapcount; real_mapcount = 0;
 *       rwc.rmap_one = page_pin_one;
 *       rmap_walk(page, &amp;rwc);
 *       if (mapcount2 &lt;= (real_count + rc2)) ClearPageDMAPined(page);    // "Page is no longer pin"
 *   }
 * </pre>
 * together with "When clearing a write-able pte we set a special entry inside the page table [...] and change
 * page_mkclean_one() to clear to 0 those special entry" and "what you want is being able to count the number of zap
 * ptes that are racing with you. If there is none than you know you have a stable real mapcount value, if there is
 * you can account them in real mapcount and compare it to the mapcount value of the page."
 *
 * <p><b>Readings</b> where the mail is ambiguous, and the one this model takes by default (the most favourable to
 * the design):
 * <ol>
 *   <li>{@code real_count} is never declared; the only counter is {@code real_mapcount}. At the first two uses both
 *       readings give the first walk's count. At the last use they differ: see {@link Reading}. Default:
 *       {@link Reading#SIGN_CORRECTED}, "account them in real mapcount": the mappings the first walk counted minus
 *       the zaps that raced with it, the only reading under which the test can be right.</li>
 *   <li>What {@code page_pin_one} counts: the zap markers ("count the number of zap ptes that are racing with you"),
 *       without clearing them (the next {@code page_mkclean_one} does).</li>
 *   <li>Whether {@code page_mkclean_one} counts a marker as a mapping: no. It "clear[s] to 0 those special entry";
 *       counting them would also trip {@code VM_BUG_ON(mapcount1 < real_count)} after a zap that completed before
 *       {@code mapcount1} was read.</li>
 *   <li>Which zaps leave a marker: "When clearing a write-able pte" ({@link Memory.ZapMarker#WRITABLE}). But the
 *       zaps that matter are exactly those that hit a PTE the first walk already visited, and that walk has just
 *       write-protected it, so under the literal rule they leave none. The favourable reading is
 *       {@link Memory.ZapMarker#ANY}; the knob lives in {@link Memory#ZAP_MARKER}.</li>
 *   <li>GUP's back-off: "If GUP see a valid write-able PTE and the page has write back flag set then it must back
 *       of as if the PTE was not valid to force fault." Not modelled: {@code folio_clear_dirty_for_io()} (which
 *       calls {@code page_mkclean()}) runs before {@code folio_start_writeback()} sets PG_writeback, so during
 *       {@code page_mkclean()} of this writeback round the flag is clear and the back-off never triggers.</li>
 * </ol>
 *
 * <p><b>{@link Scheme#MAPCOUNT_RECOUNT}</b> is not from the thread: it is the variant the suite's findings point to
 * (clean first, then read {@code _mapcount}, then count the PTEs again), kept here so that the answer to seed 002's
 * question can say which ordering would have worked and be tested like the others.
 *
 * <p>Memory model: {@code _mapcount} is read with READ_ONCE ({@link Folio#folioMapcount()}); GUP's increment and
 * the zap's decrement happen under the PTE lock the walks take, so a walk's visit of a PTE orders it against them;
 * {@code put_user_page()}'s {@code atomic_dec()} is unordered (a void atomic) and races freely.
 */
public final class MapcountPinTracking {
    /**
     * Pins tracked in {@code _mapcount}: how they are taken ({@link #followPageGrabbed}) and looked for
     * ({@link #pageMkclean}). FOLL_PIN as merged (2020: pins in {@code _refcount} with
     * {@code GUP_PIN_COUNTING_BIAS}) is {@link PinPolicy#FOLL_PIN}.
     */
    public enum Scheme implements PinPolicy {
        /** Pins in {@code _mapcount}; pinned iff {@code page_mapcount()} read after one walk exceeds its count. */
        MAPCOUNT_ONE_WALK,
        /** Pins in {@code _mapcount}; Jerome Glisse's 2019-01-03 algorithm, read per {@link #REWALK_READING}. */
        MAPCOUNT_REWALK,
        /** Pins in {@code _mapcount}; clean all PTEs, read {@code page_mapcount()}, then count the PTEs again. */
        MAPCOUNT_RECOUNT;

        /**
         * Every {@code get_user_pages()} reference is a DMA pin (in 2019 GUP had no separate pin API: Jerome Glisse's
         * change is to {@code __get_user_pages()} itself).
         */
        @Override
        public boolean countsAsPin(Folio folio, int gupFlags) {
            return (gupFlags & GupFlags.FOLL_GET) != 0;
        }

        /**
         * Called by {@code follow_page_pte()} right after {@code try_grab_folio()}, with the PTE lock held: a
         * FOLL_GET reference of a (non-anonymous) folio is also counted in {@code _mapcount} and flagged, as John
         * Hubbard's restatement has it:
         * <pre>{@code get_page(page); if (!PageAnon) atomic_inc(page->_mapcount);}</pre>
         * and Jerome Glisse's "GUP increase mapcount [...] it also set a page flag (SetPageDMAPined(page))". Both
         * are void atomics: the PTE lock orders them before any later walker's visit of this PTE, which is Jan
         * Kara's "So the PTE lock provides enough synchronization."
         */
        @Override
        public void followPageGrabbed(Vma vma, Folio folio, int gupFlags) {
            if (!countsAsPin(folio, gupFlags)) {
                return;
            }
            folio.mapcount.inc();
            folio.flags.setBit(PG_DMA_PINNED);
        }

        /**
         * {@code page_mkclean()} of this scheme: write-protects and cleans every shared PTE of the locked
         * {@code folio} and answers "is it pinned?": PageDMAPinned as {@code page_mkclean()} leaves it, which is
         * what writeback would consult.
         *
         * @throws org.gupstress.model.kernel.sched.Hung if a lock of the walk is not had by the watchdog deadline
         */
        public MkcleanPolicy.Result pageMkclean(Folio folio) {
            World w = folio.world();
            if (!folio.folioTestLocked()) {
                w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!PageLocked(page)) in page_mkclean(" + folio + ")");
            }
            // "if (!page_mapped(page)) return 0;" and "if (!mapping) return 0;": the flag is left as it is.
            if (!folio.folioMapped() || folio.mapping() == null) {
                return new MkcleanPolicy.Result(0, pageDmaPinned(folio));
            }
            return switch (this) {
                case MAPCOUNT_ONE_WALK -> oneWalk(folio);
                case MAPCOUNT_REWALK -> rewalk(folio);
                case MAPCOUNT_RECOUNT -> recount(folio);
            };
        }
    }

    /** What {@code if (mapcount2 <= (real_count + rc2))} means; {@code rc2} is the first walk's count. */
    public enum Reading {
        /** "account them in real mapcount": {@code mapcount2 <= rc2 - markers}. The most favourable reading. */
        SIGN_CORRECTED,
        /**
         * {@code real_count} is {@code real_mapcount}, which now holds the markers: {@code mapcount2 <= markers +
         * rc2}.
         */
        AS_WRITTEN,
        /**
         * {@code real_count} names the first walk's count, as in its two earlier uses: {@code mapcount2 <= rc2 + rc2}.
         */
        FIRST_COUNT_TWICE
    }

    /** See {@link Reading}. */
    public static final Knob<Reading> REWALK_READING = Knob.of("pin_tracking.rewalk_reading", Reading.SIGN_CORRECTED,
            "how MAPCOUNT_REWALK's final test 'mapcount2 <= (real_count + rc2)' is read");

    /**
     * {@code PG_dmapinned}, the page flag Jerome Glisse's design adds ("SetPageDMAPined"): set by GUP, cleared only by
     * {@code page_mkclean()} when it decides the page is no longer pinned. A high bit, clear of {@link Folio}'s PG_*.
     */
    public static final int PG_DMA_PINNED = 16;

    /** MAPCOUNT_REWALK read {@code mapcount1}; the first walk has not started. */
    public static final SchedulePoint MKCLEAN_AFTER_MAPCOUNT1 = SchedulePoint.declare("page_mkclean.after_mapcount1",
            "MAPCOUNT_REWALK: mapcount1 = page_mapcount() read, first rmap walk not started");
    /** MAPCOUNT_REWALK and MAPCOUNT_RECOUNT read {@code _mapcount} after the cleaning walk; nothing decided yet. */
    public static final SchedulePoint MKCLEAN_AFTER_MAPCOUNT2 = SchedulePoint.declare("page_mkclean.after_mapcount2",
            "page_mapcount() read after the cleaning walk; the re-walk (if any) has not started");

    private MapcountPinTracking() {
    }

    /** The world's scheme, or null if pins are FOLL_PIN (or a design that is not about {@code _mapcount}). */
    private static Scheme scheme(World w) {
        return w.config().get(Gup.PIN_POLICY) instanceof Scheme scheme ? scheme : null;
    }

    // ----------------------------------------------------------------------------------------------------
    // GUP and release.

    /**
     * A DMA user takes one page for write through the slow path: {@code pin_user_pages(FOLL_WRITE)} under FOLL_PIN,
     * {@code get_user_pages(FOLL_WRITE)} under the MAPCOUNT schemes (whose extra accounting happens in
     * {@link Scheme#followPageGrabbed} under the PTE lock).
     *
     * @return the folio, or null if GUP failed
     * @throws org.gupstress.model.kernel.sched.Hung if a lock GUP needs is found deadlocked
     */
    public static Folio pinUserPage(Mm mm, long addr) {
        Folio[] pages = new Folio[1];
        int ret = scheme(mm.world()) == null
                ? Gup.pinUserPages(mm, addr, 1, GupFlags.FOLL_WRITE, pages)
                : Gup.getUserPages(mm, addr, 1, GupFlags.FOLL_WRITE, pages);
        return ret == 1 ? pages[0] : null;
    }

    /**
     * {@code pin_user_pages_fast(FOLL_WRITE)} for one page. Only FOLL_PIN: seed 002's design was only ever
     * written for {@code __get_user_pages()}.
     *
     * @return the folio, or null if GUP failed
     */
    public static Folio pinUserPageFast(Mm mm, long addr) {
        if (scheme(mm.world()) != null) {
            throw new UnsupportedOperationException("seed 002's _mapcount accounting has no GUP-fast variant");
        }
        Folio[] pages = new Folio[1];
        return Gup.pinUserPagesFast(mm, addr, 1, GupFlags.FOLL_WRITE, pages) == 1 ? pages[0] : null;
    }

    /**
     * Releases what {@link #pinUserPage} took: {@code unpin_user_page()} under FOLL_PIN; under the MAPCOUNT schemes
     * John Hubbard's {@code put_user_page()}: {@code if (!PageAnon) atomic_dec(&page->_mapcount); put_page(page);}
     * (the model has no anonymous folios; a truncated page-cache folio is not anonymous either). The flag stays
     * set: only {@code page_mkclean()} clears it.
     */
    public static void putUserPage(Folio folio) {
        if (scheme(folio.world()) == null) {
            Gup.unpinUserPage(folio);
            return;
        }
        folio.mapcount.dec();
        if (folio.mapcount.read() < -1) {
            folio.world().sanitizer().report(ViolationKind.MAPCOUNT_UNDERFLOW,
                    "put_user_page(" + folio + "): page_mapcount went to " + folio.folioMapcount());
        }
        Gup.putPage(folio);
    }

    /** {@code PageDMAPinned(page)}: READ_ONCE of the flag word. */
    public static boolean pageDmaPinned(Folio folio) {
        return folio.flags.testBit(PG_DMA_PINNED);
    }

    private static boolean setDmaPinned(Folio folio, boolean pinned) {
        if (pinned) {
            folio.flags.setBit(PG_DMA_PINNED);
        } else {
            folio.flags.clearBit(PG_DMA_PINNED);
        }
        return pinned;
    }

    // ----------------------------------------------------------------------------------------------------
    // page_mkclean() and its decision.

    /**
     * {@code page_mkclean()} of the world's scheme: write-protects and cleans every shared PTE of the locked
     * {@code folio} and answers "is it pinned?": under FOLL_PIN the pin-aware {@code folio_mkclean()}
     * ({@link WritebackPins#folioMkcleanPinAware}: write-protect every PTE, {@code smp_mb()},
     * {@code folio_maybe_dma_pinned()}, pairing with GUP-fast's {@code smp_mb__after_atomic()}); under a MAPCOUNT
     * scheme its walks ({@link Scheme#pageMkclean}).
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a lock of the walk is found deadlocked
     */
    public static MkcleanPolicy.Result pageMkclean(Folio folio) {
        Scheme scheme = scheme(folio.world());
        return scheme == null ? WritebackPins.folioMkcleanPinAware(folio) : scheme.pageMkclean(folio);
    }

    /**
     * Jerome Glisse, 2018-12-18 (as quoted by Jan Kara): one walk counting {@code real_mapcount}, then
     * {@code if ((page_mapcount(page) - real_mapcount) > 0) SetPageDMAPined(page); else ClearPageDMAPined(page);}.
     * A zap that decrements {@code _mapcount} between the walk's visit of its PTE and the read makes a pinned page
     * look unpinned: Jan Kara's objection.
     */
    private static MkcleanPolicy.Result oneWalk(Folio folio) {
        MkcleanCount count = new MkcleanCount();
        int cleaned = Rmap.folioMkclean(folio, count);
        int mapcount = folio.folioMapcount();
        return new MkcleanPolicy.Result(cleaned, setDmaPinned(folio, mapcount - count.realMapcount > 0));
    }

    /** Jerome Glisse, 2019-01-03: see the class comment for the code and the readings. */
    private static MkcleanPolicy.Result rewalk(Folio folio) {
        World w = folio.world();
        int mapcount1 = folio.folioMapcount();
        w.at(MKCLEAN_AFTER_MAPCOUNT1);
        MkcleanCount count = new MkcleanCount();
        int cleaned = Rmap.folioMkclean(folio, count);
        int realCount = count.realMapcount;
        if (!pageDmaPinned(folio)) {
            return new MkcleanPolicy.Result(cleaned, false);
        }
        if (mapcount1 == realCount) {
            // "Page is no longer pin, no zap pte race". But mapcount1 was read before the walk: a GUP that took
            // its reference (and _mapcount) under a PTE lock after that read and before the walk reached that PTE
            // is counted by the walk as a mapping and not at all in mapcount1.
            return new MkcleanPolicy.Result(cleaned, setDmaPinned(folio, false));
        }
        // "No new mapping of the page so mp1 < rc is illegal." (The folio lock keeps faults from mapping it.)
        if (mapcount1 < realCount) {
            w.sanitizer().report(ViolationKind.BUG, "VM_BUG_ON(mapcount1 < real_count) in page_mkclean(" + folio
                    + "): mapcount1 " + mapcount1 + ", real_count " + realCount);
        }
        int mapcount2 = folio.folioMapcount();
        w.at(MKCLEAN_AFTER_MAPCOUNT2);
        if (mapcount2 > realCount) {
            return new MkcleanPolicy.Result(cleaned, true); // "Page is pin for sure."
        }
        // "We had a race with zap pte we need to rewalk again."
        int rc2 = realCount;
        int markers = pagePinWalk(folio);
        boolean noLongerPinned = switch (w.config().get(REWALK_READING)) {
            case SIGN_CORRECTED -> mapcount2 <= rc2 - markers;
            case AS_WRITTEN -> mapcount2 <= markers + rc2;
            case FIRST_COUNT_TWICE -> mapcount2 <= rc2 + rc2;
        };
        if (noLongerPinned) {
            setDmaPinned(folio, false);
        }
        // "At this point the page pin flag reflect pin status of the page"
        return new MkcleanPolicy.Result(cleaned, pageDmaPinned(folio));
    }

    /**
     * The ordering the suite's findings point to: first write-protect every PTE (after which a GUP for write
     * must fault, and the fault needs the folio lock the caller holds), then read {@code _mapcount}, then count
     * the PTEs that still map the folio, each under its PTE lock. A PTE the second walk finds was not zapped by
     * the time of the read, so it is in the read; a pin taken under a PTE lock before the first walk's visit is
     * ordered before the read by that lock. Hence {@code mapcount - present >= pins held throughout}. Racing zaps
     * only push the difference up (false positives), and no marker is needed.
     */
    private static MkcleanPolicy.Result recount(Folio folio) {
        World w = folio.world();
        int cleaned = Rmap.folioMkclean(folio);
        int mapcount = folio.folioMapcount();
        w.at(MKCLEAN_AFTER_MAPCOUNT2);
        int present = presentWalk(folio);
        return new MkcleanPolicy.Result(cleaned, setDmaPinned(folio, mapcount > present));
    }

    /**
     * Jerome Glisse's {@code page_mkclean_one()} additions, inside the PTE lock of the clean: count a PTE that maps
     * the folio into {@code real_mapcount}; clear a zap marker to 0. Used by one walking thread only.
     */
    private static final class MkcleanCount implements Rmap.MkcleanVisitor {
        int realMapcount;

        @Override
        public void visit(Folio folio, PageTable pt, int i, long pte) {
            if (Pte.ptePresent(pte) && Pte.ptePfn(pte) == folio.pfn()) {
                realMapcount++;
            } else if (Pte.isPteMarker(pte)) {
                pt.setPteAt(i, 0L);
            }
        }
    }

    /**
     * The re-walk with {@code rwc.rmap_one = page_pin_one}: counts the zap markers left since the first walk,
     * each under its PTE lock, over the shared VMAs still in {@code i_mmap} ({@code rwc} keeps
     * {@code invalid_mkclean_vma}). A VMA that munmap() has unlinked in the meantime is not visited: its marker is
     * gone with it.
     */
    private static int pagePinWalk(Folio folio) {
        return walkCounting(folio, true);
    }

    /** MAPCOUNT_RECOUNT's second walk: PTEs that still map the folio, each under its PTE lock. */
    private static int presentWalk(Folio folio) {
        return walkCounting(folio, false);
    }

    private static int walkCounting(Folio folio, boolean markers) {
        int[] n = {0};
        Rmap.rmapWalkFile(folio, (f, vma, addr) -> {
            if (!vma.isShared()) {
                return true;
            }
            PageTable pt = vma.mm().pteTable(addr);
            int i = Mm.pteIndex(addr);
            pt.ptl().lock();
            try {
                long pte = pt.ptepGet(i);
                if (markers ? Pte.isPteMarker(pte) : Pte.ptePresent(pte) && Pte.ptePfn(pte) == f.pfn()) {
                    n[0]++;
                }
            } finally {
                pt.ptl().unlock();
            }
            return true;
        });
        return n[0];
    }
}
