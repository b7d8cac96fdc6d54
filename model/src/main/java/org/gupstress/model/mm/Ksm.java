package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.Errno;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/ksm.c: what it takes to make a page shared and read-only while GUP may be taking references to it without
 * any lock. The heart is {@code write_protect_page()}: under the PTE lock it clears the PTE and flushes the TLB,
 * and only then compares {@code folio_mapcount() + 1 + swapped} with {@code folio_ref_count()} ("O_DIRECT can
 * happen right after the check. So we clear the pte and flush the tlb before the check"). GUP-fast takes its
 * reference first and re-reads the PTE second (mm/gup.c {@code gup_fast_pte_range()}): with both sides fully
 * ordered (the clear is an {@code xchg}, {@code folio_ref_try_add()} a value-returning atomic) at least one side
 * sees the other, so either the merge fails or GUP-fast drops its reference and takes the slow path, which
 * breaks COW on the write-protected page.
 *
 * <p>Modelled: {@link #writeProtectPage} with the order of its two steps as the knob {@link #WRITE_PROTECT_ORDER}
 * (the merged order, or the check first, a design that loses to GUP-fast) and whether it heeds
 * {@code mm_tlb_flush_pending()} ({@link #CHECK_TLB_FLUSH_PENDING}, with the one-entry {@link Tlb}), and
 * {@link #tryToMergeOnePage} with {@code pages_identical()} and {@code replace_page()}. A write to a KSM page
 * breaks the sharing through {@code do_wp_page()}'s copy ({@link Memory#userStore}); {@link #breakKsm} does it
 * without a write, by unshare faults ({@link Memory#handleMmFaultUnshare}). Not modelled: the stable and unstable
 * trees (the scenario hands ksmd its KSM page; the file-page proposal's stable node is {@link PageProtect}'s), mmu
 * notifiers, and
 * {@code PageAnonExclusive} ({@code folio_try_share_anon_rmap_pte()}: the model's anonymous folios have no
 * exclusive marker, so the refcount check is the only thing that sees a pin).
 */
public final class Ksm {
    /** Which of its two steps {@code write_protect_page()} does first. */
    public enum WriteProtectOrder {
        /** As merged: {@code ptep_clear_flush()}, then the refcount check, then the read-only PTE. */
        CLEAR_FLUSH_THEN_CHECK,
        /**
         * The refcount check with the PTE still writable, then the clear: GUP-fast can read the old PTE, take its
         * reference and re-read the unchanged PTE between the two.
         */
        CHECK_THEN_CLEAR
    }

    /** The order of {@code write_protect_page()}'s check and clear (the merged order by default). */
    public static final Knob<WriteProtectOrder> WRITE_PROTECT_ORDER = Knob.of("ksm.write_protect_order",
            WriteProtectOrder.CLEAR_FLUSH_THEN_CHECK,
            "write_protect_page(): clear+flush the PTE before or after comparing mapcount with refcount");

    /**
     * Whether {@code write_protect_page()} also write-protects (clears and flushes) a PTE that is already read-only
     * and clean when {@code mm_tlb_flush_pending()}: another thread changed it with a batched, not yet done TLB
     * flush, so a CPU may still hold a writable TLB entry for it. Missing before b3a81d0841a9 (2017).
     */
    public static final Knob<Boolean> CHECK_TLB_FLUSH_PENDING = Knob.of("ksm.check_tlb_flush_pending", true,
            "write_protect_page(): treat a clean read-only PTE as writable while mm_tlb_flush_pending()");

    /** try_to_merge_one_page() found the page identical to the KSM page and is about to replace_page(). */
    public static final SchedulePoint MERGE_AFTER_IDENTICAL = SchedulePoint.declare(
            "try_to_merge_one_page.after_pages_identical",
            "page write-protected and found identical to the KSM page; replace_page() next");

    /** write_protect_page() cleared and flushed the PTE; the PTE lock is held, the check is next. */
    public static final SchedulePoint WP_AFTER_CLEAR = SchedulePoint.declare("write_protect_page.after_clear_flush",
            "PTE cleared and TLB flushed, PTE lock held, refcount not yet compared");
    /** write_protect_page() compared the counts and found no extra reference; the PTE lock is held. */
    public static final SchedulePoint WP_AFTER_CHECK = SchedulePoint.declare("write_protect_page.after_check",
            "mapcount + 1 + swapped == refcount seen, PTE lock held, read-only PTE not yet set");

    private Ksm() {
    }

    /**
     * {@code write_protect_page()}: make the PTE at {@code addr} of {@code vma}, which maps {@code folio}, read-only
     * and clean, unless someone holds a reference that is neither a mapping, the caller's own (ksmd's from
     * {@code get_mergeable_page()}) nor the swap cache's. For a page-cache folio the page cache's reference plays
     * the swap cache's part ({@code swapped}): a file walk that uses this check ({@link PageProtect}) expects it.
     * The caller holds a reference to the folio (and, in ksmd, its lock).
     *
     * <p>Memory effects: the clear is {@code ptep_get_and_clear()}, an {@code xchg}, fully ordered; the refcount is
     * read after it; the restore and the read-only PTE are {@code set_pte_at()} under the PTE lock.
     *
     * @return 0 with the PTE read-only and clean; {@code -EFAULT} if the PTE does not map the folio; {@code -EBUSY}
     *         if an extra reference was seen (the PTE is restored as it was). The kernel returns {@code -EFAULT} for
     *         both; the model tells them apart for a file walk, which skips VMAs that do not map the page.
     */
    public static int writeProtectPage(Vma vma, Folio folio, long addr) {
        return writeProtectPage(vma, folio, addr, null);
    }

    /**
     * {@link #writeProtectPage(Vma, Folio, long)} that also returns the PTE it left ({@code *orig_pte}) in
     * {@code origPte[0]}, for {@link #replacePage} to check that nothing changed it since.
     */
    public static int writeProtectPage(Vma vma, Folio folio, long addr, long[] origPte) {
        World w = vma.mm().world();
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        int swapped = folio.mapping() != null ? 1 : 0;
        boolean checkFirst = w.config().get(WRITE_PROTECT_ORDER) == WriteProtectOrder.CHECK_THEN_CLEAR;
        pt.ptl().lock();
        try {
            long pte = pt.ptepGet(i);
            if (!Pte.ptePresent(pte) || Pte.ptePfn(pte) != folio.pfn()) {
                return -Errno.EFAULT; // page_vma_mapped_walk() found nothing
            }
            boolean tlbMayBeWritable = w.config().get(CHECK_TLB_FLUSH_PENDING) && vma.mm().mmTlbFlushPending();
            if (!Pte.pteWrite(pte) && !Pte.pteDirty(pte) && !tlbMayBeWritable) {
                setOrig(origPte, pte);
                return 0; // read-only and clean, and (as far as we look) no CPU can still write through it
            }
            if (checkFirst && !countsMatch(folio, swapped)) {
                return -Errno.EBUSY;
            }
            if (checkFirst) {
                w.at(WP_AFTER_CHECK);
            }
            long entry = vma.mm().ptepClearFlush(addr, "write_protect_page()");
            w.at(WP_AFTER_CLEAR);
            if (!checkFirst && !countsMatch(folio, swapped)) {
                pt.setPteAt(i, entry); // restore: GUP (or a fault in flight) holds a reference
                return -Errno.EBUSY;
            }
            if (Pte.pteDirty(entry)) {
                PageWriteback.folioMarkDirty(folio);
            }
            long ro = Pte.pteMkclean(Pte.pteWrprotect(entry));
            pt.setPteAt(i, ro);
            setOrig(origPte, ro);
            return 0;
        } finally {
            pt.ptl().unlock();
        }
    }

    private static void setOrig(long[] origPte, long pte) {
        if (origPte != null) {
            origPte[0] = pte;
        }
    }

    /** {@code folio_mapcount(folio) + 1 + swapped == folio_ref_count(folio)}; both are READ_ONCE. */
    private static boolean countsMatch(Folio folio, int swapped) {
        return folio.folioMapcount() + 1 + swapped == folio.folioRefCount();
    }

    /**
     * {@code try_to_merge_one_page(vma, page, kpage)}: {@code folio_trylock()}, {@code write_protect_page()}; then,
     * with no {@code kpage}, the page becomes the first page of a new KSM page ({@code folio_set_stable_node()});
     * with a {@code kpage}, if the two pages are identical ({@code pages_identical()}), {@code replace_page()} maps
     * the KSM page instead. The caller (ksmd) holds a reference to both ({@code get_mergeable_page()},
     * {@code ksm_get_folio()}).
     *
     * @return 0 if the page is now (or is now replaced by) a KSM page, or a negative errno
     */
    public static int tryToMergeOnePage(Vma vma, Folio page, long addr, Folio kpage) {
        if (!Filemap.folioTrylock(page)) {
            return -Errno.EFAULT;
        }
        try {
            long[] orig = new long[1];
            int err = writeProtectPage(vma, page, addr, orig);
            if (err != 0) {
                return err;
            }
            if (kpage == null) {
                page.folioSetKsm();
                return 0;
            }
            if (!pagesIdentical(page, kpage)) {
                return -Errno.EFAULT;
            }
            vma.mm().world().at(MERGE_AFTER_IDENTICAL);
            return replacePage(vma, page, kpage, addr, orig[0]);
        } finally {
            Filemap.folioUnlock(page);
        }
    }

    /** {@code pages_identical()}: {@code memcmp()} of the two pages' contents, word by word. */
    static boolean pagesIdentical(Folio a, Folio b) {
        for (int i = 0; i < Folio.PAGE_WORDS; i++) {
            if (a.readWord(i, "pages_identical") != b.readWord(i, "pages_identical")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code replace_page()}: under the PTE lock, if the PTE is still {@code origPte} (else {@code -EFAULT}: a
     * fault changed it since {@code write_protect_page()}), map {@code kpage} read-only instead of {@code page}:
     * take a reference and an rmap on the KSM page, {@code ptep_clear_flush()}, install the read-only PTE, drop
     * {@code page}'s rmap and its mapping's reference.
     */
    static int replacePage(Vma vma, Folio page, Folio kpage, long addr, long origPte) {
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        pt.ptl().lock();
        try {
            if (pt.ptepGet(i) != origPte) {
                return -Errno.EFAULT;
            }
            kpage.folioGet();
            kpage.folioAddRmap();
            vma.mm().ptepClearFlush(addr, "replace_page()");
            pt.setPteAt(i, Pte.pfnPte(kpage.pfn(), false, false, false));
            page.folioRemoveRmap();
        } finally {
            pt.ptl().unlock();
        }
        page.folioPut();
        return 0;
    }

    /**
     * {@code break_ksm(vma, addr, addr + 1, lock_vma)}: replace a KSM page mapped at {@code addr} by an exclusive
     * anonymous copy (MADV_UNMERGEABLE's {@code unmerge_ksm_pages()}, ksmd's {@code break_cow()}). Each round looks
     * under the PTE lock whether the PTE maps a KSM folio ({@code break_ksm_pmd_entry()}) and, if it does, raises an
     * unshare fault ({@code handle_mm_fault(FAULT_FLAG_UNSHARE | FAULT_FLAG_REMOTE)}); it loops "until we no longer
     * find a KSM page because handle_mm_fault() may back out if there's any difficulty". The caller holds
     * {@code mmap_lock}: for write from madvise(), which is what keeps ksmd (which merges under {@code mmap_lock}
     * read) from merging the page again meanwhile; for read in ksmd itself.
     *
     * @return 0, or the fault's {@code VM_FAULT_SIGBUS} / {@code VM_FAULT_SIGSEGV}
     */
    public static int breakKsm(Vma vma, long addr) {
        for (;;) {
            if (!ksmPageMapped(vma, addr)) {
                return 0;
            }
            int ret = Memory.handleMmFaultUnshare(vma, addr);
            if ((ret & (Memory.VM_FAULT_SIGBUS | Memory.VM_FAULT_SIGSEGV)) != 0) {
                return ret;
            }
        }
    }

    /** {@code break_ksm_pmd_entry()}: under the PTE lock, does the PTE at {@code addr} map a KSM folio? */
    static boolean ksmPageMapped(Vma vma, long addr) {
        PageTable pt = vma.mm().pteTable(addr);
        pt.ptl().lock();
        try {
            long pte = pt.ptepGet(Mm.pteIndex(addr));
            return Pte.ptePresent(pte) && vma.mm().world().memMap().pfnFolio(Pte.ptePfn(pte)).folioTestKsm();
        } finally {
            pt.ptl().unlock();
        }
    }
}
