package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.IntField;
import org.gupstress.model.kernel.RefArray;



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
    private static final IntField NEXT_PFN = IntField.of(MethodHandles.lookup(), MemMap.class, "nextPfn");

    /** {@code mem_map}: published with a store-release, looked up with a load-acquire ({@link RefArray}). */
    private final Folio[] pages = new Folio[MAX_PFNS];
    /** The next free pfn, taken with a fully ordered fetch-add. pfn 0 is never a valid page: pte 0 means none. */
    @SuppressWarnings("unused") // via NEXT_PFN
    private int nextPfn = 1;

    public MemMap(World world) {
        this.world = world;
        SharedStructure.created(this, pages);
    }

    /**
     * {@code folio_alloc()}: a new page-cache folio of {@code order} with one reference (the caller's).
     */
    public Folio alloc(int order) {
        int pfn = NEXT_PFN.fetchAdd(this, 1);
        Folio f = new Folio(world, pfn, order, null, 1);
        publish(pfn, f);
        return f;
    }

    /**
     * The {@code struct page} of a persistent-memory block (ZONE_DEVICE memory set up by
     * {@code memremap_pages()}): idle at the world's DAX idle refcount.
     */
    public Folio daxPage(PageMemory block, int idleRefcount) {
        int pfn = NEXT_PFN.fetchAdd(this, 1);
        Folio f = new Folio(world, pfn, 0, block, idleRefcount);
        publish(pfn, f);
        return f;
    }

    /** {@code pfn_folio()}: the folio at {@code pfn}, or null if no such page exists. */
    public Folio pfnFolio(long pfn) {
        return pfn > 0 && pfn < MAX_PFNS ? RefArray.loadAcquire(pages, (int) pfn) : null;
    }

    private void publish(int pfn, Folio f) {
        if (pfn >= MAX_PFNS) {
            throw new IllegalStateException("mem_map exhausted: a scenario world uses at most " + (MAX_PFNS - 1) + " pages");
        }
        RefArray.storeRelease(pages, pfn, f);
    }
}
