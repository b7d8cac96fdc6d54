package org.gupstress.stress.writeback;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;


import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.ext4.Ext4;
import org.gupstress.model.kernel.Errno;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.MapcountPinTracking;
import org.gupstress.model.mm.PageWriteback;
import org.gupstress.model.mm.WritebackPins;
import org.gupstress.stress.Design;
import org.gupstress.stress.DesignGrade;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Latency;
import org.gupstress.stress.Rendezvous;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * "The trouble with get_user_pages()" (LWN 753027, LSF/MM 2018): a DMA that writes into a page of a file through
 * a GUP reference races the filesystem's writeback of that same page.
 *
 * <p>World ({@link SharedFileMapping}): file I1, one page, data D0, mapped shared and writable; userspace has
 * just written it, so the folio is dirty, its PTE writable, and ext4 holds a block reservation for it (the
 * buffers {@code page_mkwrite} attached). The mapping asks for stable pages (the device checksums blocks).
 *
 * <pre>
 *   DMA (an O_DIRECT read into the mmap)          WRITEBACK (then reclaim)
 *   grab the page for write (GUP, per design)     lock; folio_clear_dirty_for_io(): folio_mkclean()
 *     ... the device works ...                      write-protects the PTE, PG_dirty cleared
 *   device writes D1 through the pin             folio_start_writeback(); unlock
 *   release per design, dirtying the page         checksum D0; device copies the page; end writeback
 *                                                 reclaim: the folio is clean, drop its buffers
 *   arbiter: one more writeback cycle, then look at storage, folio and the model's violations
 * </pre>
 *
 * <p>What goes wrong (seed 004's "trouble"): the DMA's holder never faults, so the filesystem never hears of its
 * write. If writeback cleans and writes the page while the DMA holds it, and reclaim then drops the buffers of
 * the clean page, the DMA's final {@code set_page_dirty()} dirties a page ext4 holds no reservation for. The
 * next writeback meets a dirty page without buffers: before 2022 ext4 hit {@code BUG_ON} ("kernel BUG at
 * fs/ext4/inode.c:1899", John Hubbard's report of 2018; the syzbot process_vm_writev report of 2022); since
 * cc5095747edf it prints a warning ({@code ext4_warning_inode()}, not a WARN) and marks the page clean, "although
 * data will still be lost". Whether D1 is lost depends
 * on whether the device wrote before or after writeback copied the page (LOST_WRITE or
 * DIRTY_WITHOUT_RESERVATION); the page was dirtied without a reservation either way. If instead the DMA writes
 * while the page is under writeback, the device stores data that no longer matches the checksum computed at
 * submission: the page was not stable, although the mapping asked for stable pages, because a pin holder
 * bypasses {@code folio_wait_stable()} as surely as it bypasses {@code page_mkwrite}.
 *
 * <p>The device's latency is the window: the schedule spins a random 0..{@value #DEVICE_LATENCY_SPINS}
 * {@code Thread.onSpinWait()} at {@link DmaBuffer#BEFORE_TRANSFER}, between the grab and the transfer, so that the
 * transfer lands anywhere from before the clean to after the reclaim. Both actors start together
 * ({@link Rendezvous}).
 */
@Scenario(family = "A", id = "gup-vs-writeback",
        title = "DMA through a GUP reference or pin vs writeback and reclaim of the same file page",
        outcomes = GupVsWritebackScenario.Result.class)
@GenerateTests
public abstract class GupVsWritebackScenario {
    /** How the sample ended, judged after one more writeback cycle. Checked in this order (the first that applies). */
    public enum Result {
        /**
         * The writable long-term pin was refused ({@code -EFAULT}); nothing was written through it. Only
         * LONGTERM_REFUSED asks for such a pin; it grades this OK and the outcomes of a granted pin FORBIDDEN
         * ({@link DesignGrade}).
         */
        @Grade(kind = FORBIDDEN, desc = "GUP was refused: a short-term write pin or reference cannot be refused here.")
        PIN_REFUSED,
        /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
        @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
        UNEXPECTED,
        /**
         * After one more writeback cycle storage still lacks D1 and the folio is clean: the write is gone. Usually
         * because the folio was dirtied after reclaim dropped its buffers and ext4 could not write it (BUG before
         * cc5095747edf, a warning line and mark clean since).
         */
        @Grade(kind = BUG, desc = "D1 written after the write-out was lost: the page was dirtied after reclaim dropped its buffers, and ext4 could not write it.")
        LOST_WRITE,
        /**
         * D1 is on storage, but the DMA's release dirtied the folio after reclaim had dropped its buffers: the
         * path to ext4's BUG (before cc5095747edf; a warning line since), with no data lost this time only because the
         * DMA had written before writeback copied the page.
         */
        @Grade(kind = BUG, desc = "The release dirtied a page whose buffers reclaim dropped: the next writeback hit ext4's BUG_ON (a warning since cc5095747edf).")
        DIRTY_WITHOUT_RESERVATION,
        /** The first write-out stored data that does not match its checksum: the page changed under PG_writeback. */
        @Grade(kind = BUG, desc = "The DMA changed the page under PG_writeback: the stored checksum mismatches, pages were not stable.")
        WRITEBACK_UNSTABLE,
        /** D1 reached storage in the next cycle: the folio was dirty after the first. */
        @Grade(kind = OK, desc = "The page was dirty after the first write-out (kept dirty, or redirtied by the release); the next cycle wrote D1.")
        STILL_DIRTY,
        /** D1 reached storage in the first cycle and the folio ended clean. */
        @Grade(kind = OK, desc = "The DMA wrote before writeback copied the page; D1 stored in the first cycle.")
        PERSISTED
    }

    /** How the DMA grabs and releases the page. */
    enum DmaApi {
        /** Before FOLL_PIN: {@code get_user_pages_fast()}, then {@code set_page_dirty_lock(); put_page()}. */
        GET_PAGE,
        /** As merged: {@code pin_user_pages_fast()}, then {@code unpin_user_pages_dirty_lock(.., true)}. */
        PIN_FAST,
        /**
         * Seed 002's scheme ({@link MapcountPinTracking}): {@code get_user_pages()}, which also counts the reference
         * in {@code _mapcount} under the PTE lock, then {@code set_page_dirty_lock(); put_user_page()}.
         */
        GET_PAGE_MAPCOUNT,
        /** A long-term writable pin: {@code pin_user_pages_fast(FOLL_LONGTERM)}. */
        PIN_LONGTERM
    }

    /**
     * The upper bound of the device latency, in {@code Thread.onSpinWait()} calls: 200 took 5 µs on the AMD EPYC it
     * was tuned on, about the length of one writeback cycle of the model once compiled.
     */
    static final int DEVICE_LATENCY_SPINS = 200;

    /** Random device latency at {@link DmaBuffer#BEFORE_TRANSFER}; every other point as the stress default. */
    private static final Schedule DEVICE_LATENCY = Latency.at(DmaBuffer.BEFORE_TRANSFER, DEVICE_LATENCY_SPINS);

    private final SharedFileMapping fs;
    private final DmaApi api;
    private final Rendezvous start = new Rendezvous();
    private final Folio[] pages = new Folio[1];
    /** The DMA's GUP result; 1 when it holds the page. Written by the DMA actor, read by the arbiter. */
    private int grabbed;
    /** Set by an actor released from a detected deadlock or hang. */
    private boolean hung;

    GupVsWritebackScenario(Config config, DmaApi api) {
        World world = new World(config);
        world.tasks().fork("dma");
        world.tasks().fork("writeback");
        world.useSchedule(DEVICE_LATENCY);
        this.fs = new SharedFileMapping(world, true, 0);
        this.api = api;
    }

    /** The O_DIRECT read: grab the page for write, let the device write D1, complete (release per design). */
    @Actor
    public void dma() {
        try (Task me = fs.world.tasks().start("dma")) {
            start.arrive();
            try {
                grabbed = grab();
                if (grabbed != 1) {
                    return;
                }
                // The device's transfer: between DmaBuffer.BEFORE_TRANSFER and DmaBuffer.TRANSFER_DONE.
                DmaBuffer.map("O_DIRECT read", pages[0]).write(SharedFileMapping.D1);
                release();
            } catch (Hung h) {
                hung = true;
            }
        }
    }

    /**
     * One writeback cycle of the folio ({@code write_cache_pages()} for one dirty folio), then reclaim's pass:
     * a clean folio not under writeback loses its buffers ({@code folio_trylock()};
     * {@code filemap_release_folio()}: {@code ext4_release_folio()}; unlock).
     */
    @Actor
    public void writeback() {
        try (Task me = fs.world.tasks().start("writeback")) {
            start.arrive();
            try {
                PageWriteback.writeOneFolio(fs.folio);
                if (Filemap.folioTrylock(fs.folio)) {
                    try {
                        Ext4.releaseFolio(fs.folio);
                    } finally {
                        Filemap.folioUnlock(fs.folio);
                    }
                }
            } catch (Hung h) {
                hung = true;
            }
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    private int grab() {
        int write = GupFlags.FOLL_WRITE;
        return switch (api) {
            case GET_PAGE -> Gup.getUserPagesFast(fs.mm, SharedFileMapping.ADDR, 1, write, pages);
            case PIN_FAST -> Gup.pinUserPagesFast(fs.mm, SharedFileMapping.ADDR, 1, write, pages);
            case GET_PAGE_MAPCOUNT -> {
                pages[0] = MapcountPinTracking.pinUserPage(fs.mm, SharedFileMapping.ADDR);
                yield pages[0] != null ? 1 : -Errno.EFAULT;
            }
            case PIN_LONGTERM -> Gup.pinUserPagesFast(fs.mm, SharedFileMapping.ADDR, 1, write | GupFlags.FOLL_LONGTERM, pages);
        };
    }

    private void release() {
        if (api == DmaApi.GET_PAGE) {
            Gup.setPageDirtyLock(pages[0]); // bio_check_pages_dirty() / set_page_dirty_lock() of the 2018 callers
            Gup.putPage(pages[0]);
        } else if (api == DmaApi.GET_PAGE_MAPCOUNT) {
            Gup.setPageDirtyLock(pages[0]); // put_user_pages_dirty_lock() of the 2019 series
            MapcountPinTracking.putUserPage(pages[0]);
        } else {
            Gup.unpinUserPagesDirtyLock(pages, 1, true);
        }
    }

    /**
     * Runs the next writeback cycle and classifies. Called once per sample, after both actors finished (the
     * arbiter, or a JUnit script after its threads joined).
     */
    public Result classify() {
        Sanitizer san = fs.world.sanitizer();
        if (hung) {
            return unexpected("an actor hung");
        }
        if (grabbed != 1) {
            boolean refusedCleanly = grabbed == -Errno.EFAULT && san.clean() && !fs.folio.folioMaybeDmaPinned();
            return refusedCleanly ? Result.PIN_REFUSED : unexpected("GUP returned " + grabbed);
        }
        boolean dirtyAfterFirstCycle = fs.folio.folioTestDirty();
        boolean stableFirstCycle = fs.block.checksumMatches();
        try {
            PageWriteback.writeOneFolio(fs.folio);
        } catch (Hung h) {
            return unexpected("the arbiter's writeback hung");
        }
        boolean dirtied = san.has(ViolationKind.DIRTY_WITHOUT_RESERVATION);
        for (ViolationKind k : ViolationKind.values()) {
            boolean explained = k == ViolationKind.DIRTY_WITHOUT_RESERVATION
                    || (dirtied && (k == ViolationKind.BUG || k == ViolationKind.FS_WARNING));
            if (san.has(k) && !explained) {
                return unexpected("violation " + k);
            }
        }
        if (!fs.storageHolds(SharedFileMapping.D1)) {
            if (fs.folio.folioTestDirty()) {
                return unexpected("D1 not stored although the folio is still dirty, storage " + storageWords());
            }
            return Result.LOST_WRITE;
        }
        if (dirtied) {
            return Result.DIRTY_WITHOUT_RESERVATION;
        }
        if (!stableFirstCycle) {
            return Result.WRITEBACK_UNSTABLE;
        }
        return dirtyAfterFirstCycle ? Result.STILL_DIRTY : Result.PERSISTED;
    }

    private Result unexpected(String why) {
        Unexpected.print(getClass(), fs.world, why);
        return Result.UNEXPECTED;
    }

    private String storageWords() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            sb.append(i == 0 ? "" : ",").append(Long.toHexString(fs.block.readWord(i)));
        }
        return sb.toString();
    }

    /** For the JUnit scripts. */
    public World world() {
        return fs.world;
    }

    /**
     * {@code get_user_pages_fast()} + {@code set_page_dirty_lock()} + {@code put_page()}, with the ext4 of 2018
     * ({@code BUG_ON} in {@code ext4_writepage()}). Expected BROKEN: nothing tells writeback the page is held, so
     * it cleans it and reclaim drops its buffers while the DMA still holds it; the release then dirties a page
     * without buffers and the next writeback crashes. If the DMA wrote after the write-out, D1 is lost as well
     * (LOST_WRITE); if before, only the dirtying is wrong (DIRTY_WITHOUT_RESERVATION).
     */
    @Design(value = "GET_PAGE_LEGACY", expected = Expected.BROKEN,
            source = "John Hubbard, linux-mm 2018: \"kernel BUG at fs/ext4/inode.c:1899\" after GUP, DMA, "
                    + "try_to_unmap/drop_buffers, set_page_dirty_lock; LWN 753027; seed 004 (\"put_page()\" callers)")
    public abstract static class GetPageLegacy extends GupVsWritebackScenario {
        private static final Config CONFIG = Config.builder()
                .set(Ext4.NO_BUFFERS_POLICY, Ext4.NoBuffersPolicy.BUG)
                .build();

        public GetPageLegacy() {
            super(CONFIG, DmaApi.GET_PAGE);
        }
    }

    /**
     * FOLL_PIN as merged: {@code pin_user_pages_fast()} + {@code unpin_user_pages_dirty_lock()}, writeback that
     * never asks {@code folio_maybe_dma_pinned()}, and ext4 since cc5095747edf (ext4_warning_inode(), mark clean). Expected
     * BROKEN: pins are counted, but nobody in writeback reads the count ("what writeback should do with pinned
     * pages is a TODO"); the race of GET_PAGE_LEGACY now ends in a WARN and lost data instead of a crash.
     *
     * <p>A second way to LOST_WRITE shows here only: {@code unpin_user_pages_dirty_lock()} tests PG_dirty without
     * the folio lock and without a barrier after the writer's stores. A CPU writer (process_vm_writev(), the model's
     * DMA actor) can read PG_dirty set while its last stores to the page still sit in its store buffer, skip the
     * dirtying, and writeback then clears PG_dirty and copies the old data (observed with storage holding a torn
     * D1/D0 page). LKMM allows it (SB with one side unfenced); in the kernel the device reads the page long after
     * the clear, so it is unlikely to bite there. GET_PAGE_LEGACY cannot do it: set_page_dirty_lock() takes the
     * lock before it looks.
     *
     * <p>Its outcomes, where they mean more here than their @Grade in Result says:
     * <ul>
     *   <li>{@code PIN_REFUSED}: pin_user_pages_fast() of a short-term write pin cannot be refused here.</li>
     *   <li>{@code LOST_WRITE}: BUG: the unpin dirtied a page whose buffers reclaim dropped; ext4 WARNed, marked it clean, and D1 is lost.</li>
     *   <li>{@code DIRTY_WITHOUT_RESERVATION}: BUG: the unpin dirtied a page whose buffers reclaim dropped (ext4 WARNs); D1 had reached storage already.</li>
     *   <li>{@code WRITEBACK_UNSTABLE}: BUG: the pinned DMA changed the page under PG_writeback: current kernel behaviour, no stable pages for pins.</li>
     *   <li>{@code STILL_DIRTY}: The unpin redirtied the page after the first write-out; the next cycle wrote D1.</li>
     * </ul>
     */
    @Design(value = "FOLL_PIN_MERGED", expected = Expected.BROKEN,
            source = "Documentation/core-api/pin_user_pages.rst (writeback of pinned pages: \"a TODO\"); "
                    + "ext4 cc5095747edf (\"other file systems will not BUG (although data will still be lost)\"); seed 004")
    public abstract static class FollPinMerged extends GupVsWritebackScenario {
        private static final Config CONFIG = Config.defaults();

        public FollPinMerged() {
            super(CONFIG, DmaApi.PIN_FAST);
        }
    }

    /**
     * FOLL_PIN plus pin-aware writeback ({@link WritebackPins.Policy#BOUNCE_AND_REDIRTY}): after
     * {@code folio_mkclean()}, {@code smp_mb()}, {@code folio_maybe_dma_pinned()}; a pinned folio is written from a
     * bounce copy and left dirty, so its buffers stay. Expected SAFE: a pin taken before the clean is seen (the PTE
     * lock orders slow GUP, store buffering with full barriers orders GUP-fast); a pin taken after it must
     * write-fault, and the fault re-reserves the block and, on this stable-writes mapping, waits for the write-out.
     */
    @Design(value = "PIN_AWARE_WRITEBACK", expected = Expected.SAFE,
            source = "LWN 753027 (LSF/MM 2018): make writeback pin-aware, bounce or keep the page dirty; "
                    + "pin_user_pages.rst TODO; reference/kernel-protocols.md section 3")
    public abstract static class PinAwareWriteback extends GupVsWritebackScenario {
        private static final Config CONFIG = Config.builder()
                .set(PageWriteback.MKCLEAN_POLICY, WritebackPins.PIN_AWARE)
                .build();

        public PinAwareWriteback() {
            super(CONFIG, DmaApi.PIN_FAST);
        }
    }

    /**
     * The DMA asks for a long-term writable pin ({@code FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE}), as RDMA does.
     * Expected SAFE: {@code writable_file_mapping_allowed()} (2023) refuses it with {@code -EFAULT} because the
     * mapping needs dirty tracking, GUP-fast's {@code gup_fast_folio_allowed()} refuses file-backed folios for it
     * and falls back to the slow path that refuses; nothing is ever written through a pin, and every outcome but
     * PIN_REFUSED means the refusal failed.
     *
     * <p>The one design whose grades are not only those of its verdict: its {@link DesignGrade}s make PIN_REFUSED, which
     * no short-term GUP may return, its expected outcome, and STILL_DIRTY and PERSISTED, harmless where a pin is meant
     * to be granted, FORBIDDEN. The scenario's bugs stay FORBIDDEN as in every SAFE design; here each also means the
     * refusal failed:
     * <ul>
     *   <li>{@code LOST_WRITE}: the pin was granted and its write was lost.</li>
     *   <li>{@code DIRTY_WITHOUT_RESERVATION}: the pin was granted and led to a page dirtied without buffers.</li>
     *   <li>{@code WRITEBACK_UNSTABLE}: the pin was granted and changed the page under writeback.</li>
     * </ul>
     */
    @Design(value = "LONGTERM_REFUSED", expected = Expected.SAFE,
            source = "Lorenzo Stoakes 2023, 8ac268436e6d + a6e79df92e4a (\"disallow FOLL_LONGTERM GUP-(non)fast "
                    + "writing to file-backed mappings\"); mm/gup.c writable_file_mapping_allowed()")
    @DesignGrade(id = "PIN_REFUSED", kind = OK,
            desc = "The writable long-term pin failed cleanly with -EFAULT; the file page was never written by DMA.")
    @DesignGrade(id = "STILL_DIRTY", kind = FORBIDDEN,
            desc = "The writable long-term pin was granted: writable_file_mapping_allowed() failed to refuse it.")
    @DesignGrade(id = "PERSISTED", kind = FORBIDDEN,
            desc = "The writable long-term pin was granted: writable_file_mapping_allowed() failed to refuse it.")
    public abstract static class LongtermRefused extends GupVsWritebackScenario {
        private static final Config CONFIG = Config.defaults();

        public LongtermRefused() {
            super(CONFIG, DmaApi.PIN_LONGTERM);
        }
    }

    /**
     * Jerome Glisse's design of seed 002 as this race sees it ({@link MapcountPinTracking}, scheme
     * {@code MAPCOUNT_ONE_WALK}, the same code family B races against zap): a GUP reference of a file page also
     * counts in {@code _mapcount}, taken by slow GUP under the PTE lock; {@code page_mkclean()} counts the PTEs it
     * walks and treats the page as pinned if {@code page_mapcount() - real_mapcount > 0} (here: bounce and keep
     * dirty, like PIN_AWARE_WRITEBACK); and GUP backs off a page under writeback ("wait_on_page_writeback(page);
     * force slow path that will fault again").
     *
     * <p>Expected SAFE here, and the back-off does not contribute. The count is exact in this race: GUP's
     * increment and {@code page_mkclean()}'s write-protect happen under the same PTE lock, so either the walk
     * finds a writable PTE whose pin is already counted, or GUP finds a read-only PTE and faults, which it cannot
     * finish before writeback unlocks the page (Jan Kara's answer to [2]: "the PTE lock provides enough
     * synchronization"). Nothing unmaps concurrently; Jan Kara's question about a racing {@code zap_pte_range()}
     * is race family B. The back-off never triggers on this stable-writes mapping: a PTE becomes writable again
     * only through {@code page_mkwrite}, which waits in {@code folio_wait_stable()} until the write-out ended. On a
     * mapping without stable writes the back-off is what keeps a pin taken during the write-out from changing the
     * page under it (model test {@code GupBackOffTest}); that buys stable pages, not correct pin detection.
     *
     * <p>Its outcomes, where they mean more here than their @Grade in Result says:
     * <ul>
     *   <li>{@code PIN_REFUSED}: pin_user_pages() of a short-term write pin cannot be refused here.</li>
     *   <li>{@code LOST_WRITE}: A page counted pinned stays dirty until unpinned, so the next cycle always writes D1.</li>
     *   <li>{@code DIRTY_WITHOUT_RESERVATION}: A page counted pinned is kept dirty and keeps its buffers.</li>
     *   <li>{@code WRITEBACK_UNSTABLE}: A page counted pinned is written from a bounce copy; a later pin waits: pages are stable.</li>
     *   <li>{@code STILL_DIRTY}: page_mkclean() counted the pin, writeback bounced and kept the page dirty; the next cycle wrote D1.</li>
     * </ul>
     */
    @Design(value = "MAPCOUNT_GUP_BACKOFF", expected = Expected.SAFE,
            source = "seed 002 (Jerome Glisse 2019-01-03: GUP \"must back of as if the PTE was not valid to force "
                    + "fault\"; John Hubbard 2018-12-18 restating the _mapcount scheme; Jan Kara 2018-12-19 on the PTE lock)")
    public abstract static class MapcountGupBackoff extends GupVsWritebackScenario {
        private static final Config CONFIG = Config.builder()
                .set(Gup.PIN_POLICY, MapcountPinTracking.Scheme.MAPCOUNT_ONE_WALK)
                .set(Gup.BACK_OFF_WRITEBACK, true)
                .set(PageWriteback.MKCLEAN_POLICY, WritebackPins.PIN_AWARE)
                .build();

        public MapcountGupBackoff() {
            super(CONFIG, DmaApi.GET_PAGE_MAPCOUNT);
        }
    }
}
