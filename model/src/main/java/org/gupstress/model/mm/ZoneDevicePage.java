package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.IntField;


import org.gupstress.model.kernel.debug.ViolationKind;

/**
 * A ZONE_DEVICE {@code struct page} of a {@link DevPagemap}: its {@code _refcount} (idle at 0, see {@link PgmapRef})
 * and its {@code pgmap} pointer. Every access goes through the oracles: touching the page after its memmap was freed
 * is {@code PGMAP_UAF}; a reference that appears after the pgmap's drain is {@code REF_AFTER_DRAIN}.
 *
 * <p>Simplified: this family keeps ZONE_DEVICE pages apart from {@link Folio} (page-cache and FSDAX folios of
 * families A-C); the refcount transitions are those of {@code include/linux/mm.h} and {@code mm/memremap.c}.
 *
 * <p>Memory effects: refcount RMWs are fully ordered (the kernel's value-returning atomics).
 */
public final class ZoneDevicePage {
    private final DevPagemap pgmap;
    private final long pfn;
    private static final IntField REFCOUNT = IntField.of(MethodHandles.lookup(), ZoneDevicePage.class, "refcount");
    /** {@code page->_refcount}, through {@link #REFCOUNT}: READ_ONCE reads, fully ordered RMWs. */
    @SuppressWarnings("unused")
    private int refcount;

    ZoneDevicePage(DevPagemap pgmap, long pfn) {
        this.pgmap = pgmap;
        this.pfn = pfn;
        System.identityHashCode(this); // wait_var_event(page): see WaitVar.varWaitqueue
        SharedStructure.created(this);
    }

    /** {@code page_pgmap(page)}. */
    public DevPagemap pgmap() {
        return pgmap;
    }

    public long pfn() {
        return pfn;
    }

    /** {@code folio_ref_count()}. Reading it is a touch. */
    public int folioRefCount(String who) {
        touch(who);
        return REFCOUNT.readOnce(this);
    }

    /** The count, for arbiters and reports after the actors finished (not a touch). */
    public int refcountForReport() {
        return REFCOUNT.readOnce(this);
    }

    /** {@code folio_try_get()}: inc unless zero (GUP-fast, the page cache's speculative reference). */
    boolean folioTryGet(String who) {
        touch(who);
        for (;;) {
            int v = REFCOUNT.readOnce(this);
            if (v == 0) {
                return false;
            }
            if (REFCOUNT.cmpxchg(this, v, v + 1) == v) {
                checkDrain(who + " folio_try_get " + v + "->" + (v + 1));
                return true;
            }
        }
    }

    /** {@code folio_ref_inc()}: returns the new count. */
    int folioRefInc(String who) {
        touch(who);
        int v = REFCOUNT.addReturn(this, 1);
        checkDrain(who + " folio_ref_inc ->" + v);
        return v;
    }

    /** {@code folio_put_testzero()}: returns the new count (the caller frees at 0). */
    int folioPutTestzero(String who) {
        touch(who);
        int v = REFCOUNT.addReturn(this, -1);
        if (v < 0) {
            pgmap.world.sanitizer().report(ViolationKind.REFCOUNT_UNDERFLOW, who + ": page pfn " + pfn + " refcount " + v);
        }
        return v;
    }

    /**
     * {@code who} accesses the page: its {@code struct page} or, through it, the device memory (a CPU store through
     * the mapping, a DMA transfer to the pinned pfn). After memunmap_pages() freed the memmap this is PGMAP_UAF.
     */
    public void access(String who) {
        touch(who);
    }

    /** Oracle: {@code who} dereferences this {@code struct page}. */
    void touch(String who) {
        if (pgmap.memmapFreed()) {
            pgmap.world.sanitizer().report(ViolationKind.PGMAP_UAF,
                    who + " touched page pfn " + pfn + " after memunmap_pages() freed " + pgmap.name + "'s memmap");
        }
    }

    private void checkDrain(String what) {
        if (pgmap.drainedOrReleased()) {
            pgmap.world.sanitizer().report(ViolationKind.REF_AFTER_DRAIN,
                    what + " on pfn " + pfn + " after memunmap_pages() drained " + pgmap.name);
        }
    }

    @Override
    public String toString() {
        return "pfn " + pfn + " ref " + REFCOUNT.readOnce(this);
    }
}
