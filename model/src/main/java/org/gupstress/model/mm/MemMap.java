package org.gupstress.model.mm;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;


/**
 * {@code mem_map} / {@code pfn_to_page()}: every folio of the world by page frame number, page-cache memory and
 * FSDAX pages alike. Lookups are lock-free (GUP-fast turns a PTE's pfn into a folio without locks), so slots are
 * published with release and read with acquire. A freed folio stays in its slot (the oracle needs it); the model
 * never reuses page-cache pfns, so a stale PTE or pin always leads back to the freed folio and is caught.
 */
public final class MemMap {
    /** Plenty for the few folios a scenario uses; a world that needs more is a scenario bug. */
    private static final int MAX_PFNS = 64;

    private final World world;
    private final AtomicReferenceArray<Folio> pages = new AtomicReferenceArray<>(MAX_PFNS);
    private final AtomicInteger nextPfn = new AtomicInteger(1); // pfn 0 is never a valid page: pte 0 means none

    public MemMap(World world) {
        this.world = world;
    }

    /**
     * {@code folio_alloc()}: a new page-cache folio of {@code order} with one reference (the caller's).
     */
    public Folio alloc(int order) {
        int pfn = nextPfn.getAndIncrement();
        Folio f = new Folio(world, pfn, order, null, 1);
        publish(pfn, f);
        return f;
    }

    /**
     * The {@code struct page} of a persistent-memory block (ZONE_DEVICE memory set up by
     * {@code memremap_pages()}): idle at the world's DAX idle refcount.
     */
    public Folio daxPage(PageMemory block, int idleRefcount) {
        int pfn = nextPfn.getAndIncrement();
        Folio f = new Folio(world, pfn, 0, block, idleRefcount);
        publish(pfn, f);
        return f;
    }

    /** {@code pfn_folio()}: the folio at {@code pfn}, or null if no such page exists. */
    public Folio pfnFolio(long pfn) {
        return pfn > 0 && pfn < MAX_PFNS ? pages.get((int) pfn) : null;
    }

    private void publish(int pfn, Folio f) {
        if (pfn >= MAX_PFNS) {
            throw new IllegalStateException("mem_map exhausted: a scenario world uses at most " + (MAX_PFNS - 1) + " pages");
        }
        pages.set(pfn, f);
    }
}
