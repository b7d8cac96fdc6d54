package org.gupstress.model.mm;

import org.gupstress.model.World;
import org.gupstress.model.design.Knob;
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
 * (the merged order, or the check first, a design that loses to GUP-fast), and {@link #tryToMergeOnePage} reduced
 * to what the race needs (folio lock, write-protect, {@code folio_set_stable_node()}). Not modelled: the stable and
 * unstable trees, {@code replace_page()}, {@code break_ksm()} and the unshare fault, {@code mm_tlb_flush_pending()}
 * (the model has no TLB: a PTE change is visible to the next access at once), mmu notifiers, and
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
            if (!Pte.pteWrite(pte) && !Pte.pteDirty(pte)) {
                return 0; // already read-only and clean: nothing for GUP to write through
            }
            if (checkFirst && !countsMatch(folio, swapped)) {
                return -Errno.EBUSY;
            }
            if (checkFirst) {
                w.at(WP_AFTER_CHECK);
            }
            long entry = pt.ptepGetAndClear(i); // ptep_clear_flush(): the model's TLB flush is the clear itself
            w.at(WP_AFTER_CLEAR);
            if (!checkFirst && !countsMatch(folio, swapped)) {
                pt.setPteAt(i, entry); // restore: GUP (or a fault in flight) holds a reference
                return -Errno.EBUSY;
            }
            if (Pte.pteDirty(entry)) {
                PageWriteback.folioMarkDirty(folio);
            }
            pt.setPteAt(i, Pte.pteMkclean(Pte.pteWrprotect(entry)));
            return 0;
        } finally {
            pt.ptl().unlock();
        }
    }

    /** {@code folio_mapcount(folio) + 1 + swapped == folio_ref_count(folio)}; both are READ_ONCE. */
    private static boolean countsMatch(Folio folio, int swapped) {
        return folio.folioMapcount() + 1 + swapped == folio.folioRefCount();
    }

    /**
     * {@code try_to_merge_one_page()} for the first page of a new KSM page (the stable node's first rmap item):
     * {@code folio_trylock()}, {@code write_protect_page()}, {@code folio_set_stable_node()}, unlock. The caller
     * (ksmd) holds a reference to the folio ({@code get_mergeable_page()}).
     *
     * @return 0 if the folio is now a KSM page, or a negative errno (locked by someone else, not mapped, or the
     *         check failed)
     */
    public static int tryToMergeOnePage(Vma vma, Folio folio, long addr) {
        if (!Filemap.folioTrylock(folio)) {
            return -Errno.EFAULT;
        }
        try {
            int err = writeProtectPage(vma, folio, addr);
            if (err == 0) {
                folio.folioSetKsm();
            }
            return err;
        } finally {
            Filemap.folioUnlock(folio);
        }
    }
}
