package org.gupstress.stress.zap;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.MapcountPinTracking;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;

/**
 * Family B's world: file I1 of one page on an ext4-like filesystem, mapped shared and writable by two processes
 * (VMA A in mm A, VMA B in mm B, both at address 0, both write-faulted: two writable dirty PTEs, a dirty folio),
 * and writeback's page-cache reference (taken by its dirty-tag lookup, dropped after {@code page_mkclean()}).
 * {@code i_mmap} lists A before B, so every rmap walk visits A first.
 *
 * <p>The pin history is part of the world: one DMA pin taken through A with the design's GUP
 * ({@link MapcountPinTracking#pinUserPage}) and still {@link PinHistory#HELD}, or already
 * {@link PinHistory#RELEASED} (under the MAPCOUNT schemes that leaves PageDMAPinned set: only
 * {@code page_mkclean()} clears it), or {@link PinHistory#NEVER} taken.
 *
 * <p>Two processes rather than two VMAs of one: their PTEs live in different page tables with different PTE
 * locks, as for any file shared between processes, so a zap of A holding A's PTE lock never blocks the walk's
 * visit of B.
 */
final class TwoMappings {
    /** The page of I1 both VMAs map, and the address each maps it at. */
    static final long ADDR = 0;
    /** What I1's page holds on storage. */
    static final long D0 = 0xD0;

    /** Whether the folio carries a DMA pin when the actors start. */
    enum PinHistory {
        /** Never pinned: PageDMAPinned clear. */
        NEVER,
        /** Pinned through A and released again: no pin, but PageDMAPinned still set under the MAPCOUNT schemes. */
        RELEASED,
        /** Pinned through A, pin still held. */
        HELD
    }

    final World world;
    final Inode inode;
    final Mm mmA;
    final Vma vmaA;
    final Mm mmB;
    final Vma vmaB;
    final Folio folio;
    final PinHistory history;
    private final boolean inMapcount;
    private final int bias;

    TwoMappings(Config config, PinHistory history) {
        this.world = new World(config);
        this.history = history;
        SuperBlock sb = SuperBlock.mount(world, "ext4", 2, false);
        inode = sb.createFile("I1", 1, D0);
        File file = FileTable.open(inode);
        int rwShared = Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED;
        mmA = world.newMm("mmA");
        vmaA = Mmap.mmap(mmA, file, ADDR, 1, 0, rwShared, "vmaA");
        mmB = world.newMm("mmB");
        vmaB = Mmap.mmap(mmB, file, ADDR, 1, 0, rwShared, "vmaB");
        writeFault(mmA, vmaA);
        writeFault(mmB, vmaB);
        folio = inode.mapping().xaLoad(0);
        inMapcount = config.get(Gup.PIN_POLICY) instanceof MapcountPinTracking.Scheme;
        bias = config.get(Folio.GUP_PIN_COUNTING_BIAS);
        if (history != PinHistory.NEVER) {
            Folio pinned = MapcountPinTracking.pinUserPage(mmA, ADDR);
            if (pinned != folio) {
                throw new IllegalStateException("setup: GUP through vmaA returned " + pinned + ", not " + folio);
            }
            if (history == PinHistory.RELEASED) {
                MapcountPinTracking.putUserPage(folio);
            }
        }
        folio.folioGet(); // writeback's reference from filemap_get_folios_tag(); mkclean() drops it
        if (!world.sanitizer().clean()) {
            throw new IllegalStateException("setup: " + world.sanitizer());
        }
    }

    private static void writeFault(Mm mm, Vma vma) {
        mm.mmapLock().downRead();
        try {
            if (Memory.handleMmFault(vma, ADDR, true) != 0) {
                throw new IllegalStateException("setup: write fault on " + vma + " failed");
            }
        } finally {
            mm.mmapLock().upRead();
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // The actors' operations. Each returns normally whatever happens; a detected deadlock is reported, not thrown.

    /** {@code munmap()} of VMA A: zap its PTE under the PTE lock (leaving the design's marker), unlink it. */
    boolean zapA() {
        try {
            Mmap.munmap(mmA, vmaA);
            return true;
        } catch (Hung h) {
            return false;
        }
    }

    /**
     * A DMA user pins the page for write through VMA B, the design's way: the slow path under the PTE lock, or
     * GUP-fast with no lock at all.
     *
     * @return the pinned folio, or null if GUP failed or its wait was found deadlocked
     */
    Folio pinThroughB(boolean fast) {
        try {
            return fast ? MapcountPinTracking.pinUserPageFast(mmB, ADDR) : MapcountPinTracking.pinUserPage(mmB, ADDR);
        } catch (Hung h) {
            return null;
        }
    }

    /** B's PTE now (READ_ONCE). */
    long pteB() {
        return mmB.ptepGetLockless(ADDR);
    }

    /** The DMA user releases its pin the design's way ({@code unpin_user_page()} or {@code put_user_page()}). */
    void unpin() {
        MapcountPinTracking.putUserPage(folio);
    }

    /**
     * Writeback's part: {@code folio_lock()}, the design's {@code page_mkclean()} and its pinned decision,
     * {@code folio_unlock()}, and the put of writeback's reference.
     *
     * @param atDecision run right after the decision, before the unlock (the oracle's probe); may be null
     * @return the decision, or null if a wait was found deadlocked
     */
    Boolean mkclean(Runnable atDecision) {
        try {
            Filemap.folioLock(folio);
            try {
                boolean pinned = MapcountPinTracking.pageMkclean(folio).pinned();
                if (atDecision != null) {
                    atDecision.run();
                }
                return pinned;
            } finally {
                Filemap.folioUnlock(folio);
            }
        } catch (Hung h) {
            return null;
        } finally {
            folio.folioPut();
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // The oracle.

    /**
     * Classifies one sample at quiescence.
     *
     * @param pinned          the decision, or null if MKCLEAN hung
     * @param actorHung       another actor hung
     * @param heldThroughout  a pin was held from before {@code page_mkclean()} began until after it decided
     * @param goneBeforeStart no pin was held from before {@code page_mkclean()} began until it decided
     * @param mapped          how many PTEs map the folio at quiescence (B; A if not zapped)
     * @param pins            how many pins are held at quiescence
     */
    PinReport classify(Boolean pinned, boolean actorHung, boolean heldThroughout, boolean goneBeforeStart,
                       int mapped, int pins) {
        Sanitizer s = world.sanitizer();
        if (s.has(ViolationKind.MAPCOUNT_UNDERFLOW) || folio.folioMapcount() < 0) {
            return PinReport.MAPCOUNT_UNDERFLOW;
        }
        if (pinned == null || actorHung || s.has(ViolationKind.DEADLOCK) || s.has(ViolationKind.HUNG)) {
            return PinReport.HUNG;
        }
        if (!quiescentCountsAre(mapped, pins)) {
            return PinReport.MODEL_VIOLATION;
        }
        if (pinned) {
            return goneBeforeStart ? PinReport.FALSE_POSITIVE : PinReport.PINNED_SEEN;
        }
        return heldThroughout ? PinReport.FALSE_NEGATIVE : PinReport.UNPINNED_SEEN;
    }

    /**
     * True if no oracle fired and the folio's counts are what {@code mapped} PTEs and {@code pins} pins imply: the
     * page cache's reference, one reference and one {@code _mapcount} per PTE, and each pin the design's way.
     */
    boolean quiescentCountsAre(int mapped, int pins) {
        int expectedMapcount = mapped + (inMapcount ? pins : 0);
        int expectedRefcount = 1 + mapped + pins * (inMapcount ? 1 : bias);
        return world.sanitizer().clean() && folio.folioMapcount() == expectedMapcount
                && folio.folioRefCount() == expectedRefcount;
    }

    /** For failure messages: the folio's counts, flags and violations. */
    String describe() {
        return folio + ": mapcount " + folio.folioMapcount() + ", refcount " + folio.folioRefCount()
                + ", PageDMAPinned " + MapcountPinTracking.pageDmaPinned(folio) + "; " + world.sanitizer();
    }
}
