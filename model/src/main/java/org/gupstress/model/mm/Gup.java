package org.gupstress.model.mm;

import static org.gupstress.model.mm.GupFlags.FOLL_GET;
import static org.gupstress.model.mm.GupFlags.FOLL_LONGTERM;
import static org.gupstress.model.mm.GupFlags.FOLL_PIN;
import static org.gupstress.model.mm.GupFlags.FOLL_TOUCH;
import static org.gupstress.model.mm.GupFlags.FOLL_WRITE;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.Errno;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/gup.c: {@code get_user_pages()}, {@code pin_user_pages()}, {@code pin_user_pages_fast()} and the unpin side.
 *
 * <p><b>Slow path</b> ({@link #getUserPages}, {@link #pinUserPages}): under {@code mmap_lock} read, find the VMA,
 * check it ({@code check_vma_flags()}, including {@code writable_file_mapping_allowed()}), then
 * {@code follow_page_pte()} takes the reference <em>under the PTE lock</em> with {@code try_grab_folio()};
 * a missing or read-only PTE is faulted in ({@code faultin_page()}) and the lookup retried. Because the
 * reference is taken under the PTE lock, {@code folio_mkclean()} (which write-protects under the same lock)
 * either sees it or makes GUP fault again: Jan Kara's argument in seed 002.
 *
 * <p><b>Fast path</b> ({@link #pinUserPagesFast}): no {@code mmap_lock}, no PTE lock; interrupts disabled
 * ({@code local_irq_save()}, {@link Mm#irqsDisabled}) for the whole walk. For each PTE: {@code ptep_get_lockless()},
 * checks, {@code try_grab_folio_fast()} (add-unless-zero, then the pin bias, then {@code smp_mb__after_atomic()}),
 * then the <em>re-check</em> that the PTE did not change, else back off. The unmap/clean side does the mirror image
 * (clear or write-protect the PTE; full barrier; look at the pins): store buffering, safe only with a full barrier
 * on both sides. {@link #PIN_BEFORE_PTE_RECHECK} is GUP's half; {@link #RECHECK_PTE} switches the re-check off.
 *
 * <p>Where the TLB flush is an IPI that waits for interrupts-off CPUs ({@link Tlb.FlushModel#IPI}, x86 bare metal),
 * a {@code ptep_clear_flush()} cannot return while a walker that read the old PTE is still in its section, so the
 * cleaner sees that walker's pin without any re-check: x86's own lockless GUP (arch/x86/mm/gup.c, from 2008 until
 * e585513b76f7 in 2017) took {@code get_page()} and never re-read the PTE. The generic GUP-fast re-reads it because it must also run where the
 * flush does not wait ({@link Tlb.FlushModel#BROADCAST}: arm64, POWER, x86 with INVLPGB or a paravirt flush).
 *
 * <p>Omitted: page-table freeing (page tables are never freed in the model, so neither the IPI nor RCU table
 * freeing protects a walk here), {@code mm->write_protect_seq} (no fork: its only writer is {@code copy_page_range()}
 * in mm/memory.c, and GUP-fast's {@code raw_seqcount_try_begin()}/{@code read_seqcount_retry()} pair in
 * {@code gup_fast()} would only ever read an even, unchanged count; {@code locking.SeqCount} is ready for the day a
 * fork scenario exists), PMD/PUD levels, the {@code page_folio()}
 * split re-check (no large-folio splitting).
 */
public final class Gup {
    /** Slow GUP took its reference under the PTE lock; the lock is still held. */
    public static final SchedulePoint FOLLOW_AFTER_GRAB = SchedulePoint.declare("gup.follow_page_pte.after_grab",
            "slow GUP grabbed its reference (FOLL_GET or FOLL_PIN) under the PTE lock, lock still held");
    /** Slow GUP has its reference and dropped the PTE lock; the folio is about to be returned to the caller. */
    public static final SchedulePoint SLOW_AFTER_FOLLOW = SchedulePoint.declare("gup.after_follow_page",
            "slow GUP holds its reference, PTE lock dropped");
    /** GUP-fast read the PTE locklessly and has not taken a reference yet. */
    public static final SchedulePoint FAST_AFTER_PTE_READ = SchedulePoint.declare("gup_fast.after_pte_read",
            "GUP-fast read the PTE with ptep_get_lockless(), no reference taken yet");
    /** The bufferable store of GUP-fast's pin (bias on a small folio, _pincount on a large one). */
    public static final SchedulePoint FAST_PIN_STORE = SchedulePoint.declare("gup_fast.pin_store",
            "the void atomic that makes folio_maybe_dma_pinned() true");
    /** GUP-fast took its reference and issued its barrier; the PTE is not yet re-read. */
    public static final SchedulePoint FAST_AFTER_PIN = SchedulePoint.declare("gup_fast.after_pin",
            "GUP-fast holds its reference (and did smp_mb__after_atomic), PTE not yet re-read");
    /** GUP-fast re-read the PTE and decided to keep its reference. */
    public static final SchedulePoint FAST_AFTER_RECHECK = SchedulePoint.declare("gup_fast.after_recheck",
            "GUP-fast re-read the PTE (or skipped the re-check) and keeps its reference");

    /**
     * {@code smp_mb__after_atomic()} at the end of {@code try_grab_folio_fast()}: "paired with a memory barrier in
     * folio_try_share_anon_rmap_*()", and in a pin-aware {@code folio_mkclean()} with the barrier between its
     * write-protect and its {@code folio_maybe_dma_pinned()} test. Without it the pin may still sit in the store
     * buffer when the PTE is re-read: GUP-fast keeps a pin on a PTE the cleaner already write-protected while the
     * cleaner saw no pin.
     */
    public static final BarrierSite PIN_BEFORE_PTE_RECHECK = BarrierSite.of("gup_fast.pin_before_pte_recheck",
            "smp_mb__after_atomic() in try_grab_folio_fast(), before the PTE re-check");

    /**
     * Whether {@code gup_fast_pte_range()} re-reads the PTE after taking its reference. The generic GUP-fast has done
     * so since it was introduced (2667f50e8b81, "mm: introduce a general RCU get_user_pages_fast()", Steve Capper,
     * 2014, v3.18: {@code if (unlikely(pte_val(pte) != pte_val(*ptep)))}), as powerpc's lockless GUP it was based on
     * did from 2008; x86's own GUP-fast never did, relying on the flush IPI ({@link Tlb.FlushModel#IPI}), until x86
     * moved to the generic code (e585513b76f7, "x86/mm/gup: Switch GUP to the generic get_user_page_fast()
     * implementation", 2017).
     */
    public static final Knob<Boolean> RECHECK_PTE = Knob.of("gup_fast.recheck_pte", true,
            "gup_fast_pte_range() compares the PTE again after try_grab_folio_fast() and backs off if it changed");

    /**
     * Jerome Glisse's back-off (seed 002, 2019-01-02/03): "If GUP see a valid write-able PTE and the page has write
     * back flag set then it must back of as if the PTE was not valid to force fault", after
     * {@code wait_on_page_writeback()}. Jan Kara answered that it is not needed, because slow GUP takes its
     * reference under the PTE lock that {@code page_mkclean()} also takes. Not in any merged kernel.
     */
    public static final Knob<Boolean> BACK_OFF_WRITEBACK = Knob.of("gup.back_off_writeback", false,
            "follow_page_pte() backs a pin off a page under writeback: wait for the write-out, then retry");

    /**
     * What a pin is and holds besides the reference count: {@link PinPolicy#FOLL_PIN} as merged, or a design that
     * was never merged ({@link PinPolicy}). Chosen once per world; GUP asks it in {@code follow_page_pte()},
     * {@code gup_fast_pte_range()} and {@code gup_put_folio()}.
     */
    public static final Knob<PinPolicy> PIN_POLICY = Knob.of("gup.pin_policy", PinPolicy.FOLL_PIN,
            "what a pin is and holds besides the folio's refcount: FOLL_PIN, or a design never merged");

    /** Slow GUP backed off a page under writeback (knob {@link #BACK_OFF_WRITEBACK}); it waits next. */
    public static final SchedulePoint SLOW_BACKED_OFF = SchedulePoint.declare("gup.backed_off_writeback",
            "slow GUP found PG_writeback on a writable PTE's page, dropped the PTE lock, about to wait and retry");

    /** {@link #followPagePte} result: a usable PTE, the folio is grabbed. */
    private static final int FOLLOW_OK = 0;
    /** {@link #followPagePte} result: no usable PTE, fault it in and retry. */
    private static final int FOLLOW_FAULT = 1;
    /** {@link #followPagePte} result: backed off a page under writeback; a plain reference to it is in the slot. */
    private static final int FOLLOW_BACK_OFF = 2;

    private Gup() {
    }

    // ----------------------------------------------------------------------------------------------------
    // Slow path.

    /**
     * {@code get_user_pages()}: references (FOLL_GET) or pins (FOLL_PIN, only through {@link #pinUserPages}) on
     * {@code nrPages} pages from {@code start}, faulting them in as needed. Takes {@code mmap_lock} read.
     *
     * @param pages receives the folios from index {@code offset}
     * @return the number of pages grabbed, or a negative errno if none was
     */
    public static int getUserPages(Mm mm, long start, int nrPages, int gupFlags, Folio[] pages, int offset) {
        if ((gupFlags & FOLL_PIN) != 0 && (gupFlags & FOLL_GET) != 0) {
            mm.world().sanitizer().report(ViolationKind.WARN, "WARN_ON_ONCE((gup_flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET))");
            return -Errno.EINVAL;
        }
        if ((gupFlags & (FOLL_PIN | FOLL_GET)) == 0) {
            gupFlags |= FOLL_GET;
        }
        mm.mmapLock().downRead();
        try {
            return getUserPagesLocked(mm, start, nrPages, gupFlags | FOLL_TOUCH, pages, offset);
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /** {@code get_user_pages(start, nrPages, gupFlags, pages)} with FOLL_GET: release with {@link #putPage}. */
    public static int getUserPages(Mm mm, long start, int nrPages, int gupFlags, Folio[] pages) {
        return getUserPages(mm, start, nrPages, (gupFlags & ~FOLL_PIN) | FOLL_GET, pages, 0);
    }

    /** {@code pin_user_pages()}: FOLL_PIN; release with {@link #unpinUserPage} and friends. */
    public static int pinUserPages(Mm mm, long start, int nrPages, int gupFlags, Folio[] pages) {
        if ((gupFlags & FOLL_GET) != 0) {
            mm.world().sanitizer().report(ViolationKind.WARN, "WARN_ON_ONCE(gup_flags & FOLL_GET) in pin_user_pages()");
            return -Errno.EINVAL;
        }
        return getUserPages(mm, start, nrPages, gupFlags | FOLL_PIN, pages, 0);
    }

    /** {@code __get_user_pages()}: the caller holds {@code mmap_lock} read. */
    private static int getUserPagesLocked(Mm mm, long start, int nrPages, int flags, Folio[] pages, int offset) {
        for (int i = 0; i < nrPages; i++) {
            long addr = start + i;
            Vma vma = mm.findVma(addr);
            if (vma == null) {
                return i == 0 ? -Errno.EFAULT : i;
            }
            int err = checkVmaFlags(vma, flags);
            if (err != 0) {
                return i == 0 ? err : i;
            }
            for (;;) {
                int ret = followPagePte(vma, addr, flags, pages, offset + i);
                if (ret == FOLLOW_OK) {
                    break;
                }
                if (ret < 0) {
                    return i == 0 ? ret : i;
                }
                if (ret == FOLLOW_BACK_OFF) {
                    // Seed 002: wait_on_page_writeback(), then look again; a write-protected PTE now faults.
                    Folio busy = pages[offset + i];
                    pages[offset + i] = null;
                    mm.world().at(SLOW_BACKED_OFF);
                    try {
                        Filemap.folioWaitWriteback(busy);
                    } finally {
                        busy.folioPut();
                    }
                    continue;
                }
                // faultin_page(): no usable PTE yet
                int fault = Memory.handleMmFault(vma, addr, (flags & FOLL_WRITE) != 0);
                if (fault != 0) {
                    return i == 0 ? -Errno.EFAULT : i;
                }
            }
            mm.world().at(SLOW_AFTER_FOLLOW);
        }
        return nrPages;
    }

    /**
     * {@code check_vma_flags()}: a write needs a writable VMA; FOLL_LONGTERM is refused on FSDAX
     * ({@code -EOPNOTSUPP}); a writable long-term pin of a file mapping that needs dirty tracking is refused
     * ({@code writable_file_mapping_allowed()}, 2023: {@code -EFAULT}).
     */
    static int checkVmaFlags(Vma vma, int flags) {
        if ((flags & FOLL_WRITE) != 0 && !vma.isWritable()) {
            return -Errno.EFAULT;
        }
        if ((flags & FOLL_LONGTERM) != 0 && vma.vmaIsFsdax()) {
            return -Errno.EOPNOTSUPP;
        }
        if (!writableFileMappingAllowed(vma, flags)) {
            return -Errno.EFAULT;
        }
        return 0;
    }

    /**
     * {@code writable_file_mapping_allowed()} (Lorenzo Stoakes, 2023): only FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE
     * is restricted, and allowed only if the mapping needs no dirty tracking. Its comment describes the lost write
     * it prevents: GUP write-faults the page, writeback cleans and write-protects it, the pin holder writes
     * without a fault, the data is never written back.
     */
    public static boolean writableFileMappingAllowed(Vma vma, int flags) {
        int restricted = FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE;
        if ((flags & restricted) != restricted) {
            return true;
        }
        return !vma.vmaNeedsDirtyTracking();
    }

    /**
     * {@code follow_page_pte()}: under the PTE lock, if the PTE is present (and writable for FOLL_WRITE),
     * grab the folio ({@code try_grab_folio()}) and, with FOLL_TOUCH and FOLL_WRITE, dirty it. With
     * {@link #BACK_OFF_WRITEBACK}, a FOLL_PIN that finds the page under writeback takes a plain reference instead
     * and backs off.
     *
     * @return {@link #FOLLOW_OK} with the folio in {@code pages[slot]}; {@link #FOLLOW_FAULT} if the PTE must be
     *         faulted in; {@link #FOLLOW_BACK_OFF} with a plain reference in {@code pages[slot]}; or a negative errno
     */
    private static int followPagePte(Vma vma, long addr, int flags, Folio[] pages, int slot) {
        World w = vma.mm().world();
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        pt.ptl().lock();
        try {
            long pte = pt.ptepGet(i);
            if (!Pte.ptePresent(pte)) {
                return FOLLOW_FAULT;
            }
            if ((flags & FOLL_WRITE) != 0 && !Pte.pteWrite(pte)) {
                return FOLLOW_FAULT;
            }
            Folio folio = w.memMap().pfnFolio(Pte.ptePfn(pte));
            PinPolicy pins = w.config().get(PIN_POLICY);
            if (w.config().get(BACK_OFF_WRITEBACK) && pins.countsAsPin(folio, flags)
                    && folio.folioTestWriteback()) {
                folio.folioGet(); // the waiter's reference: the PTE's keeps the folio alive only while we hold the lock
                pages[slot] = folio;
                return FOLLOW_BACK_OFF;
            }
            int err = tryGrabFolio(folio, 1, flags);
            if (err != 0) {
                return err;
            }
            pins.followPageGrabbed(vma, folio, flags); // nothing as merged; see PinPolicy
            if ((flags & FOLL_TOUCH) != 0 && (flags & FOLL_WRITE) != 0
                    && !Pte.pteDirty(pte) && !folio.folioTestDirty()) {
                PageWriteback.folioMarkDirty(folio);
            }
            pages[slot] = folio;
            w.at(FOLLOW_AFTER_GRAB);
            return FOLLOW_OK;
        } finally {
            pt.ptl().unlock();
        }
    }

    /**
     * {@code try_grab_folio()}: the slow path's reference, taken while a stable reference (the PTE's, under its
     * lock) exists. FOLL_GET: {@code _refcount += refs}. FOLL_PIN: large folio {@code _refcount += refs,
     * _pincount += refs}; small folio {@code _refcount += refs * GUP_PIN_COUNTING_BIAS}; then
     * {@code NR_FOLL_PIN_ACQUIRED += refs}. Void atomics: the PTE lock orders them.
     *
     * @return 0, or {@code -ENOMEM} (after a WARN) if the folio has no reference left
     */
    public static int tryGrabFolio(Folio folio, int refs, int flags) {
        World w = folio.world();
        if (folio.folioRefCount() <= 0) { // the message only for a WARN: no string per grab
            w.sanitizer().warnOn(true, "WARN_ON_ONCE(folio_ref_count(folio) <= 0) in try_grab_folio(" + folio + ")");
            return -Errno.ENOMEM;
        }
        if ((flags & FOLL_GET) != 0) {
            folio.folioRefAdd(refs);
        } else if ((flags & FOLL_PIN) != 0) {
            if (folio.folioTestLarge()) {
                folio.folioRefAdd(refs);
                folio.pincount.add(refs);
            } else {
                folio.folioRefAdd(refs * w.config().get(Folio.GUP_PIN_COUNTING_BIAS));
            }
            w.vmstat().pinAcquired(refs);
        }
        return 0;
    }

    // ----------------------------------------------------------------------------------------------------
    // Fast path.

    /**
     * {@code pin_user_pages_fast()}: GUP-fast for as many pages as it can, then the slow path for the rest.
     *
     * @return the number of pages pinned, or a negative errno if none was
     */
    public static int pinUserPagesFast(Mm mm, long start, int nrPages, int gupFlags, Folio[] pages) {
        if ((gupFlags & FOLL_GET) != 0) {
            mm.world().sanitizer().report(ViolationKind.WARN, "WARN_ON_ONCE(gup_flags & FOLL_GET) in pin_user_pages_fast()");
            return -Errno.EINVAL;
        }
        return gupFastFallback(mm, start, nrPages, gupFlags | FOLL_PIN, pages);
    }

    /** {@code get_user_pages_fast()}: FOLL_GET; release with {@link #putPage}. */
    public static int getUserPagesFast(Mm mm, long start, int nrPages, int gupFlags, Folio[] pages) {
        return gupFastFallback(mm, start, nrPages, (gupFlags & ~FOLL_PIN) | FOLL_GET, pages);
    }

    /**
     * {@code gup_fast()}: the lockless walk alone, without the slow-path fallback: what {@code gup_fast_fallback()}
     * tries first, and what {@code get_user_pages_fast_only()} exposes. Stops at the first PTE it cannot use.
     * {@code gupFlags} must contain FOLL_GET or FOLL_PIN.
     *
     * @return the number of pages grabbed from {@code start} (0 if the first one needs the slow path)
     */
    public static int gupFast(Mm mm, long start, int nrPages, int gupFlags, Folio[] pages) {
        World w = mm.world();
        int nr = 0;
        // local_irq_save(): holds off the TLB-flush IPI (Tlb.FlushModel.IPI) until the walk is over.
        mm.irqsDisabled().localIrqSave(w.schedule());
        try {
            while (nr < nrPages && gupFastPteRange(mm, start + nr, gupFlags, pages, nr)) {
                nr++;
            }
        } finally {
            mm.irqsDisabled().localIrqRestore(w.schedule());
        }
        return nr;
    }

    /** {@code gup_fast_fallback()}. */
    private static int gupFastFallback(Mm mm, long start, int nrPages, int flags, Folio[] pages) {
        int nr = gupFast(mm, start, nrPages, flags, pages);
        if (nr == nrPages) {
            return nr;
        }
        int ret = getUserPages(mm, start + nr, nrPages - nr, flags, pages, nr);
        if (ret < 0) {
            return nr > 0 ? nr : ret;
        }
        return nr + ret;
    }

    /**
     * One iteration of {@code gup_fast_pte_range()}: no lock is held. Returns true with a reference in
     * {@code pages[slot]}, or false to fall back to the slow path.
     */
    private static boolean gupFastPteRange(Mm mm, long addr, int flags, Folio[] pages, int slot) {
        World w = mm.world();
        long pte = mm.ptepGetLockless(addr);
        w.at(FAST_AFTER_PTE_READ);
        if (!Pte.ptePresent(pte)) {
            return false;
        }
        if ((flags & FOLL_WRITE) != 0 && !Pte.pteWrite(pte)) {
            return false;
        }
        if (Pte.pteDevmap(pte) && (flags & FOLL_LONGTERM) != 0) {
            return false;
        }
        if (w.config().get(PIN_POLICY).gupFastMustFallBack(pte, flags)) {
            return false; // a design that needs the VMA: the slow path (never, as merged)
        }
        Folio folio = w.memMap().pfnFolio(Pte.ptePfn(pte));
        if (folio == null || !tryGrabFolioFast(folio, 1, flags)) {
            return false;
        }
        w.at(FAST_AFTER_PIN);
        if (w.config().get(RECHECK_PTE) && pte != mm.ptepGetLockless(addr)) {
            // A CPU sees its own buffered stores: make the pin visible to our own put (scripted runs only).
            w.schedule().drainStoreBuffer();
            gupPutFolio(folio, 1, flags);
            return false;
        }
        w.at(FAST_AFTER_RECHECK);
        if (!gupFastFolioAllowed(folio, flags)) {
            w.schedule().drainStoreBuffer();
            gupPutFolio(folio, 1, flags);
            return false;
        }
        pages[slot] = folio;
        return true;
    }

    /**
     * {@code try_grab_folio_fast()}: {@code folio_ref_try_add()} (add-unless-zero, fully ordered on success: the
     * folio may be in the middle of being freed), then for FOLL_PIN the pin itself as a void atomic
     * (bias - 1 on a small folio, {@code _pincount} on a large one) and {@code smp_mb__after_atomic()} at
     * {@link #PIN_BEFORE_PTE_RECHECK}, then {@code NR_FOLL_PIN_ACQUIRED}. The pin is a
     * {@linkplain org.gupstress.model.kernel.sched.Schedule#store bufferable store}: nothing but that barrier keeps
     * the PTE re-check from passing it.
     */
    static boolean tryGrabFolioFast(Folio folio, int refs, int flags) {
        World w = folio.world();
        if ((flags & (FOLL_GET | FOLL_PIN)) == 0) {
            return false;
        }
        if (!folio.folioRefTryAdd(refs)) {
            return false;
        }
        if ((flags & FOLL_PIN) == 0) {
            return true;
        }
        if ((flags & FOLL_LONGTERM) != 0 && folio.isDax()) {
            folio.folioPutRefs(refs); // !folio_is_longterm_pinnable(): fall back to the slow path, which refuses
            return false;
        }
        if (folio.folioTestLarge()) {
            folio.pincount.add(refs, w.schedule(), FAST_PIN_STORE);
        } else {
            int bias = w.config().get(Folio.GUP_PIN_COUNTING_BIAS);
            folio.refcount.add(refs * (bias - 1), w.schedule(), FAST_PIN_STORE);
        }
        w.smpMbAfterAtomic(PIN_BEFORE_PTE_RECHECK);
        // node_stat_mod_folio(NR_FOLL_PIN_ACQUIRED) comes after the barrier, as in mm/gup.c, and is per-CPU with no
        // LOCK prefix (VmStat): any LOCKed instruction between the pin and the PTE re-check would be a full barrier
        // on x86, drain the pin out of the store buffer and hide what a weakened PIN_BEFORE_PTE_RECHECK allows.
        w.vmstat().pinAcquired(refs);
        return true;
    }

    /**
     * {@code gup_fast_folio_allowed()}: a writable long-term pin may not be taken on a file-backed folio without
     * the slow path's VMA check; the mapping is read once (READ_ONCE) because truncation may clear it.
     */
    private static boolean gupFastFolioAllowed(Folio folio, int flags) {
        int rejectFileBacked = FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE;
        if ((flags & rejectFileBacked) != rejectFileBacked) {
            return true;
        }
        AddressSpace mapping = folio.mapping();
        if (mapping == null) {
            return false; // truncated under us: let the slow path sort it out
        }
        // Anonymous and shmem folios would be allowed here; the model maps only regular files, whose folios are not.
        return false;
    }

    // ----------------------------------------------------------------------------------------------------
    // Release.

    /**
     * {@code gup_put_folio()}: drop a FOLL_GET reference, or a FOLL_PIN ({@code NR_FOLL_PIN_RELEASED += refs};
     * large: {@code _pincount -= refs}; small: {@code refs * GUP_PIN_COUNTING_BIAS} off {@code _refcount}).
     */
    public static void gupPutFolio(Folio folio, int refs, int flags) {
        World w = folio.world();
        Runnable afterPut = (flags & FOLL_PIN) != 0 ? w.config().get(PIN_POLICY).unpinning(folio) : null;
        if ((flags & FOLL_PIN) != 0) {
            w.vmstat().pinReleased(refs);
            if (folio.folioTestLarge()) {
                // atomic_sub(refs, &folio->_pincount): void and unordered, as in mm/gup.c; the fully ordered
                // folio_put_refs() below orders it before anything that follows. The read is the oracle's only.
                folio.pincount.sub(refs);
                int now = folio.pincount.read();
                if (now < 0) {
                    w.sanitizer().report(ViolationKind.PIN_IMBALANCE,
                            "_pincount of " + folio + " went to " + now + " in gup_put_folio()");
                }
            } else {
                refs *= w.config().get(Folio.GUP_PIN_COUNTING_BIAS);
            }
        }
        folio.folioPutRefs(refs);
        if (afterPut != null) {
            afterPut.run(); // nothing as merged; see PinPolicy#unpinning
        }
    }

    /** {@code unpin_user_page()}: release one FOLL_PIN. */
    public static void unpinUserPage(Folio folio) {
        gupPutFolio(folio, 1, FOLL_PIN);
    }

    /** {@code unpin_user_pages()}. */
    public static void unpinUserPages(Folio[] pages, int nrPages) {
        for (int i = 0; i < nrPages; i++) {
            unpinUserPage(pages[i]);
        }
    }

    /**
     * {@code unpin_user_pages_dirty_lock()}: for each page, if {@code makeDirty} and it is not dirty yet, lock
     * it, {@code folio_mark_dirty()}, unlock; then unpin. Its comment: a racing
     * {@code folio_clear_dirty_for_io()} is benign either way (seen dirty: written now; seen clean: redirtied,
     * written next cycle).
     */
    public static void unpinUserPagesDirtyLock(Folio[] pages, int nrPages, boolean makeDirty) {
        for (int i = 0; i < nrPages; i++) {
            Folio folio = pages[i];
            if (makeDirty && !folio.folioTestDirty()) {
                Filemap.folioLock(folio);
                try {
                    PageWriteback.folioMarkDirty(folio);
                } finally {
                    Filemap.folioUnlock(folio);
                }
            }
            unpinUserPage(folio);
        }
    }

    /** {@code put_page()}: release a FOLL_GET reference (or any plain reference). */
    public static void putPage(Folio folio) {
        folio.folioPut();
    }

    /** {@code set_page_dirty_lock()}: what GUP users did before FOLL_PIN, before {@code put_page()}. */
    public static void setPageDirtyLock(Folio folio) {
        Filemap.folioLock(folio);
        try {
            PageWriteback.folioMarkDirty(folio);
        } finally {
            Filemap.folioUnlock(folio);
        }
    }

    /**
     * The pin-accounting oracle at quiescence: {@code nr_foll_pin_acquired == nr_foll_pin_released} when no pin
     * is meant to be outstanding; records PIN_IMBALANCE otherwise.
     *
     * @return true if balanced
     */
    public static boolean checkPinsBalanced(World w) {
        int acq = w.vmstat().nrFollPinAcquired();
        int rel = w.vmstat().nrFollPinReleased();
        if (acq != rel) {
            w.sanitizer().report(ViolationKind.PIN_IMBALANCE,
                    "nr_foll_pin_acquired " + acq + " != nr_foll_pin_released " + rel);
            return false;
        }
        return true;
    }
}
