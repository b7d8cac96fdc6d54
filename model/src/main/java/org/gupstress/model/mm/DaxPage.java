package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * A FSDAX page as mm sees it (mm/memremap.c, include/linux/dax.h): the reference count of the {@code struct page} of
 * a persistent-memory block (ZONE_DEVICE), what "idle" and "busy" mean for it, whether a PTE that maps it holds a
 * reference, and the deletion of its entry from {@code i_pages} that truncation does
 * ({@link #daxDeleteMappingEntry}). Faults, layout breaking and eviction of DAX files are the filesystems' business
 * (fs/dax.c, the {@code dax} package); mm never calls them. Two regimes existed:
 *
 * <ul>
 *   <li>{@link RefcountBase#ONE_BASED} (before v6.15): an idle DAX page rests at refcount 1; mappings did not hold
 *       references; {@code put_devmap_managed_page_refs()} woke waiters on the 2 &rarr; 1 transition;
 *       {@code dax_page_idle(page) = page_ref_count(page) == 1};</li>
 *   <li>{@link RefcountBase#ZERO_BASED} (Alistair Popple, "fs/dax: properly refcount fs dax pages", merged around
 *       v6.15): an idle page is at 0; every PTE/PMD that maps it holds a real reference;
 *       {@code free_zone_device_folio()} does only {@code wake_up_var(&folio->page)};
 *       {@code dax_page_is_idle(page) = page_ref_count(page) == 0}.</li>
 * </ul>
 *
 * The model wakes on {@code folio} itself (the kernel's {@code &folio->page} and {@code &page->_refcount} are
 * just different keys for the same hashed queue lookup).
 */
public final class DaxPage {
    /** Which idle refcount DAX pages use. */
    public enum RefcountBase {
        /** Idle at 1; the mapping holds no reference (pre-v6.15, and Dan Williams' 2022 series). */
        ONE_BASED,
        /** Idle at 0; mappings and pins hold real references (as merged around v6.15). */
        ZERO_BASED
    }

    public static final Knob<RefcountBase> IDLE_REFCOUNT = Knob.of("dax.idle_refcount", RefcountBase.ZERO_BASED,
            "refcount of an idle FSDAX page: 1 (dax_page_idle) or 0 (dax_page_is_idle)");

    /**
     * How the put that may make a DAX page idle is ordered before the lockless {@code waitqueue_active()} check of
     * the {@code wake_up_var()} that follows it. The waiter ({@code ___wait_var_event()}) queues itself, issues a
     * full barrier ({@code set_current_state()}) and reads the refcount; the waker writes the refcount and reads
     * the queue: store buffering. Without a full barrier between the waker's store and its load, both can read
     * the old value: the waker sees no waiter and skips the wake-up, the waiter sees a busy page and sleeps, and
     * nobody ever wakes it.
     */
    public enum PutOrdering {
        /**
         * A value-returning RMW, fully ordered, and a wake-up when it returns the idle count: the kernel before
         * v6.15 ({@code put_devmap_managed_page_refs()}: {@code if (page_ref_sub_return(page, refs) == 1)
         * wake_up_var(&page->_refcount)}) and after ({@code folio_put_testzero()} &rarr;
         * {@code free_zone_device_folio()} &rarr; {@code wake_up_var(&folio->page)}).
         */
        SUB_RETURN,
        /**
         * {@code atomic_sub()} (void, unordered), then {@code smp_mb__after_atomic()} at {@link #PUT_BEFORE_WAKE},
         * then {@code wake_up_var()} unconditionally (the void RMW cannot tell whether it reached idle; the waiter
         * re-checks): the pattern {@code wake_up_var()}'s documentation prescribes for a void atomic.
         */
        SUB_THEN_BARRIER
    }

    public static final Knob<PutOrdering> PUT_ORDERING = Knob.of("dax.put_ordering", PutOrdering.SUB_RETURN,
            "how the put of a DAX page is ordered before the wake_up_var() of its idle waiters");

    /**
     * {@code smp_mb__after_atomic()} between the void {@code atomic_sub()} of a DAX page's refcount and
     * {@code wake_up_var()} ({@link PutOrdering#SUB_THEN_BARRIER} only). Pairs with the full barrier of
     * {@code set_current_state()} in {@code ___wait_var_event()}: either the waker sees the waiter queued, or the
     * waiter sees the new refcount. Weakened, the waiter may sleep forever (a lost wake-up).
     */
    public static final BarrierSite PUT_BEFORE_WAKE = BarrierSite.of("dax_page_put.before_wake_up_var",
            "smp_mb__after_atomic() between atomic_sub(&page->_refcount) and wake_up_var(page)");

    /** A put of a DAX page's references is about to change the refcount (either ordering). */
    public static final SchedulePoint PUT_BEFORE_STORE = SchedulePoint.declare("dax_page_put.before_store",
            "about to drop references of a DAX page (the put that may make it idle)");
    /** The void {@code atomic_sub()} of {@link PutOrdering#SUB_THEN_BARRIER}: a store the CPU may buffer. */
    public static final SchedulePoint PUT_STORE = SchedulePoint.declare("dax_page_put.refcount_store",
            "void atomic_sub() of a DAX page's _refcount (bufferable store)");

    /**
     * The WARN that truncation of a busy DAX page printed in {@code dax_disassociate_entry()} from d2c997c0f145 ("fs,
     * dax: use page->mapping to warn if truncate collides with a busy page", 2018) until Alistair Popple's series
     * (v6.15) reduced that function to {@code dax_folio_put()}: a 1-based regime only.
     */
    public static final String WARN_BUSY_TRUNCATE = "WARN_ON_ONCE(trunc && page_ref_count(page) > 1)";

    private DaxPage() {
    }

    /**
     * True if {@code sanitizer} recorded that truncation met a busy DAX page ({@link #daxDeleteMappingEntry}): the
     * model's {@link ViolationKind#BUSY_DAX_TRUNCATE} oracle, in either regime (the kernel's WARN exists only in the
     * 1-based one).
     */
    public static boolean truncatedBusyPage(Sanitizer sanitizer) {
        return sanitizer.has(ViolationKind.BUSY_DAX_TRUNCATE);
    }

    /** The refcount an idle DAX page rests at in this world: 0 or 1. */
    public static int idleRefcount(World world) {
        return world.config().get(IDLE_REFCOUNT) == RefcountBase.ONE_BASED ? 1 : 0;
    }

    /** The refcount {@code page} rests at when idle. */
    public static int idleRefcount(Folio page) {
        return idleRefcount(page.world());
    }

    /**
     * {@code dax_page_is_idle()} (0-based) / {@code dax_page_idle()} (1-based): no pin, no GUP reference (and, 0-based,
     * no mapping) holds the page.
     */
    public static boolean daxPageIsIdle(Folio page) {
        return page.folioRefCount() == idleRefcount(page);
    }

    /**
     * The put of {@code refs} references of a DAX page ({@link Folio#folioPutRefs} delegates here, passing the
     * page's {@code _refcount}), ordered before the wake-up of idle waiters as {@link #PUT_ORDERING} says. A DAX
     * page is never freed to the page allocator.
     */
    public static void putRefs(Folio page, Atomic refcount, int refs) {
        World w = page.world();
        w.at(PUT_BEFORE_STORE);
        switch (w.config().get(PUT_ORDERING)) {
            case SUB_RETURN -> afterPut(page, refcount.subReturn(refs));
            case SUB_THEN_BARRIER -> {
                // atomic_sub(refs, &page->_refcount): no barrier of its own, its store may sit in the store buffer.
                refcount.add(-refs, w.schedule(), PUT_STORE);
                // smp_mb__after_atomic(): the store is visible before wake_up_var() reads waitqueue_active().
                w.smpMbAfterAtomic(PUT_BEFORE_WAKE);
                w.wakeUpVar(page);
            }
        }
    }

    /**
     * Called by {@link #putRefs} after a DAX page's refcount dropped to {@code now} with a fully ordered RMW (the
     * full barrier {@code wake_up_var()} needs). Wakes the layout breaker when the page became idle:
     * {@code free_zone_device_folio()} at 0, or {@code put_devmap_managed_page_refs()} at 1. A 1-based page
     * reaching 0 lost the reference it rests on: a refcount underflow.
     */
    static void afterPut(Folio page, int now) {
        int idle = idleRefcount(page);
        if (now == idle) {
            page.world().wakeUpVar(page);
        } else if (now < idle) {
            page.world().sanitizer().report(ViolationKind.REFCOUNT_UNDERFLOW,
                    "DAX " + page + " dropped below its idle refcount " + idle + " to " + now
                            + " (a 0-based put on a 1-based page?)");
        }
    }

    /**
     * Under the 1-based regime a DAX PTE holds no page reference (only pins and GUP references count): before v6.15
     * a DAX PTE was {@code pte_devmap()}, which is {@code pte_special()} on x86, and {@code zap_pte_range()}'s
     * {@code vm_normal_page()} found no page to put.
     */
    public static boolean mappingHoldsNoReference(Folio page) {
        return page.world().config().get(DaxPage.IDLE_REFCOUNT) == DaxPage.RefcountBase.ONE_BASED;
    }


    /**
     * {@code dax_delete_mapping_entry()} (fs/dax.c, declared in include/linux/dax.h for mm/truncate.c's
     * {@code truncate_folio_batch_exceptionals()}, the one place where mm calls DAX by name; the model keeps it
     * here, with the page it judges, so that mm needs nothing from the filesystems)
     * &rarr; {@code dax_disassociate_entry(entry, mapping, trunc=true)}: forget the
     * page of {@code index}. A page that is busy here is about to have its block freed under whoever holds it: the
     * model records {@link ViolationKind#BUSY_DAX_TRUNCATE}. The kernel WARNed only in the 1-based regime
     * ({@link #WARN_BUSY_TRUNCATE}, d2c997c0f145, recorded as a WARN too); since Popple's series
     * {@code dax_disassociate_entry()} is {@code dax_folio_put(folio)} and says nothing.
     */
    public static void daxDeleteMappingEntry(AddressSpace mapping, long index) {
        World w = mapping.world();
        mapping.iPagesLock().lock();
        try {
            Folio page = mapping.xaLoad(index);
            if (page == null) {
                return;
            }
            if (daxPageBusy(page)) {
                if (mappingHoldsNoReference(page)) {
                    w.sanitizer().report(ViolationKind.WARN, WARN_BUSY_TRUNCATE + " in dax_disassociate_entry():"
                            + " truncate met a busy " + page + " (d2c997c0f145)");
                }
                w.sanitizer().report(ViolationKind.BUSY_DAX_TRUNCATE, "truncate_inode_pages() removed the entry of "
                        + page + " while it is held (refcount " + page.folioRefCount() + ", mapcount "
                        + page.folioMapcount() + ")");
            }
            page.setMapping(null);
            mapping.xaStore(index, null);
        } finally {
            mapping.iPagesLock().unlock();
        }
    }

    /**
     * What {@code truncate_folio_batch_exceptionals()} (mm/truncate.c) does with a DAX entry it finds. In the 1-based
     * regime it deletes it ({@link #daxDeleteMappingEntry}). Since Popple's series the filesystem must have removed
     * every entry with {@code dax_break_layout()} first, under a lock that keeps new ones out, so one found here
     * WARNs ({@code WARN_ON_ONCE(1)}: "File systems should already have called dax_break_layout_entry() to remove all
     * DAX entries ... Therefore we shouldn't find any here") and is deleted "so truncate_pagecache() doesn't loop
     * forever".
     */
    static void truncateDaxEntry(AddressSpace mapping, long index) {
        World w = mapping.world();
        if (idleRefcount(w) == 0 && mapping.xaLoad(index) != null) {
            w.sanitizer().report(ViolationKind.WARN, "WARN_ON_ONCE(1) in truncate_folio_batch_exceptionals(): DAX entry "
                    + index + " of " + mapping.host().name() + " left by the filesystem (no dax_break_layout() first)");
        }
        daxDeleteMappingEntry(mapping, index);
    }

    /**
     * Busy: something other than the page's mappings holds it. 0-based: {@code refcount - mapcount != 0}
     * ({@code dax_busy_page()}); 1-based: {@code refcount > 1}.
     */
    public static boolean daxPageBusy(Folio page) {
        if (mappingHoldsNoReference(page)) {
            return page.folioRefCount() > DaxPage.idleRefcount(page);
        }
        return page.folioRefCount() - page.folioMapcount() != 0;
    }

}
