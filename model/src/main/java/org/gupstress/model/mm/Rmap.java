package org.gupstress.model.mm;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/rmap.c for file folios: the reverse-map walk over {@code mapping->i_mmap} and {@code folio_mkclean()}.
 *
 * <p>{@code folio_mkclean()} write-protects and cleans every shared PTE that maps the folio, each under its PTE
 * lock, so that the next userspace write faults and the filesystem hears of it ({@code page_mkwrite}). It never
 * looks at {@code folio_maybe_dma_pinned()}: a pin holder writes through its own kernel mapping and never faults,
 * which is the whole trouble with get_user_pages() (LWN 753027).
 *
 * <p>Oracle: after the walk, a PTE that still maps the folio writable, with no write fault since the clean
 * began, records WRITABLE_AFTER_MKCLEAN.
 */
public final class Rmap {
    /** An rmap walk is about to take i_mmap_rwsem and visit the VMAs. */
    public static final SchedulePoint WALK_BEFORE = SchedulePoint.declare("rmap_walk_file.before",
            "about to walk mapping->i_mmap under i_mmap_rwsem");
    /** page_vma_mkclean_one() write-protected one PTE; its PTE lock is still held. */
    public static final SchedulePoint MKCLEAN_AFTER_WRPROTECT = SchedulePoint.declare("page_vma_mkclean_one.after_wrprotect",
            "one PTE write-protected and cleaned, PTE lock still held");
    /** rmap_walk_file() visited one VMA (its PTE lock, if the visitor took it, is released); i_mmap_rwsem held. */
    public static final SchedulePoint WALK_AFTER_VMA = SchedulePoint.declare("rmap_walk_file.after_vma",
            "one VMA of i_mmap visited, i_mmap_rwsem still held for read");
    /** folio_mkclean() finished its walk. */
    public static final SchedulePoint MKCLEAN_AFTER_WALK = SchedulePoint.declare("folio_mkclean.after_walk",
            "every shared PTE of the folio visited");

    private Rmap() {
    }

    /** {@code rmap_one} of {@code struct rmap_walk_control}: return false to stop the walk. */
    @FunctionalInterface
    public interface RmapOne {
        boolean visit(Folio folio, Vma vma, long addr);
    }

    /**
     * What a design's {@code page_mkclean_one()} does besides cleaning, in the same PTE-lock critical section:
     * seed 002's {@code rmap_walk_control.mapcount} ("rmap_walk need to change to count mapping and return value
     * in .mapcount"). Called with the PTE lock of {@code pt} held and the entry {@code pte} as found, before the
     * clean; it may rewrite a non-present entry (a zap marker) with {@link PageTable#setPteAt}.
     */
    @FunctionalInterface
    public interface MkcleanVisitor {
        void visit(Folio folio, PageTable pt, int i, long pte);
    }

    /**
     * {@code rmap_walk_file()}: calls {@code one} for every VMA of {@code folio->mapping->i_mmap} that maps
     * {@code folio->index}, under {@code i_mmap_rwsem} read. Does nothing if the folio has no mapping.
     */
    public static void rmapWalkFile(Folio folio, RmapOne one) {
        AddressSpace mapping = folio.mapping();
        if (mapping == null) {
            return;
        }
        long index = folio.index();
        folio.world().at(WALK_BEFORE);
        mapping.iMmapRwsem().downRead();
        try {
            for (Vma vma : mapping.iMmap()) {
                long addr = vma.vmaAddress(index);
                if (addr >= 0 && !one.visit(folio, vma, addr)) {
                    break;
                }
                folio.world().at(WALK_AFTER_VMA);
            }
        } finally {
            mapping.iMmapRwsem().upRead();
        }
    }

    /**
     * {@code folio_mkclean()}: the folio is locked. Write-protects and cleans every shared PTE that maps it.
     *
     * @return the number of PTEs that were dirty or writable ({@code cleaned})
     */
    public static int folioMkclean(Folio folio) {
        return folioMkclean(folio, null, null);
    }

    /**
     * {@code folio_mkclean()} with a design's extra work in each {@code page_mkclean_one()} (seed 002: count the
     * PTEs that map the folio, clear zap markers).
     *
     * @return the number of PTEs that were dirty or writable ({@code cleaned})
     */
    public static int folioMkclean(Folio folio, MkcleanVisitor visitor) {
        return folioMkclean(folio, visitor, null);
    }

    /**
     * {@code folio_mkclean()} with a hook for a design that decides something once every PTE is write-protected
     * (a pin-aware writeback, {@link WritebackPins}): {@code afterWalk} runs right after the walk, or at once if
     * there is nothing to walk, and before the WRITABLE_AFTER_MKCLEAN oracle re-walks.
     *
     * @return the number of PTEs that were dirty or writable ({@code cleaned})
     */
    public static int folioMkclean(Folio folio, Runnable afterWalk) {
        return folioMkclean(folio, null, afterWalk);
    }

    /**
     * {@code folio_mkclean()} with both hooks; either may be null.
     *
     * @param visitor   runs inside each {@code page_mkclean_one()}, under the PTE lock
     * @param afterWalk runs after the walk (or at once if there is nothing to walk)
     * @return the number of PTEs that were dirty or writable ({@code cleaned})
     */
    public static int folioMkclean(Folio folio, MkcleanVisitor visitor, Runnable afterWalk) {
        World w = folio.world();
        if (!folio.folioTestLocked()) {
            w.sanitizer().report(ViolationKind.BUG, "BUG_ON(!folio_test_locked(folio)) in folio_mkclean(" + folio + ")");
        }
        if (!folio.folioMapped() || folio.mapping() == null) {
            if (afterWalk != null) {
                afterWalk.run();
            }
            return 0;
        }
        int writeFaultsBefore = folio.mkwriteCount.read();
        int[] cleaned = {0};
        rmapWalkFile(folio, (f, vma, addr) -> {
            if (vma.isShared()) { // invalid_mkclean_vma(): only shared mappings are cleaned
                cleaned[0] += pageVmaMkcleanOne(f, vma, addr, visitor);
            }
            return true;
        });
        w.at(MKCLEAN_AFTER_WALK);
        if (afterWalk != null) {
            afterWalk.run();
        }
        checkNoWritableMapping(folio, writeFaultsBefore);
        return cleaned[0];
    }

    /**
     * {@code page_vma_mkclean_one()}: under the PTE lock, if the PTE maps the folio and is dirty or writable,
     * {@code ptep_clear_flush()} (an exchange, relaxed on arm64, and a TLB flush, which is a full barrier), then
     * write-protect and clean it.
     *
     * @return 1 if the PTE was changed, else 0
     */
    public static int pageVmaMkcleanOne(Folio folio, Vma vma, long addr) {
        return pageVmaMkcleanOne(folio, vma, addr, null);
    }

    /** {@link #pageVmaMkcleanOne(Folio, Vma, long)} with a design's {@link MkcleanVisitor} (may be null). */
    public static int pageVmaMkcleanOne(Folio folio, Vma vma, long addr, MkcleanVisitor visitor) {
        World w = folio.world();
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        pt.ptl().lock();
        try {
            long pte = pt.ptepGet(i);
            if (visitor != null) {
                visitor.visit(folio, pt, i, pte);
            }
            if (!Pte.ptePresent(pte) || Pte.ptePfn(pte) != folio.pfn()) {
                return 0;
            }
            if (!Pte.pteDirty(pte) && !Pte.pteWrite(pte)) {
                return 0;
            }
            long entry = vma.mm().ptepClearFlush(addr, "page_vma_mkclean_one()");
            pt.setPteAt(i, Pte.pteMkclean(Pte.pteWrprotect(entry)));
            w.at(MKCLEAN_AFTER_WRPROTECT);
            return 1;
        } finally {
            pt.ptl().unlock();
        }
    }

    /** The WRITABLE_AFTER_MKCLEAN oracle: no PTE may map the folio writable unless a write fault came since. */
    private static void checkNoWritableMapping(Folio folio, int writeFaultsBefore) {
        rmapWalkFile(folio, (f, vma, addr) -> {
            long pte = vma.mm().pteTable(addr).ptepGet(Mm.pteIndex(addr));
            if (vma.isShared() && Pte.ptePresent(pte) && Pte.ptePfn(pte) == f.pfn() && Pte.pteWrite(pte)
                    && f.mkwriteCount.read() == writeFaultsBefore) {
                f.world().sanitizer().report(ViolationKind.WRITABLE_AFTER_MKCLEAN,
                        vma + " still maps " + f + " writable after folio_mkclean() with no write fault since");
            }
            return true;
        });
    }
}
