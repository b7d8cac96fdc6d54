package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/memremap.c: {@code memremap_pages()} / {@code memunmap_pages()}, {@code get_dev_pagemap()} /
 * {@code put_dev_pagemap()}, and the ZONE_DEVICE page's first reference and final put
 * ({@code zone_device_page_init()}, {@code free_zone_device_folio()}), each as the world's {@link PgmapRef} design
 * makes it.
 *
 * <p>The kernel's order in {@code memunmap_pages()} (torvalds/linux mm/memremap.c): {@code percpu_ref_kill()};
 * {@code percpu_ref_put_many()} of the bulk references; {@code wait_for_completion(&pgmap->done)};
 * {@code pageunmap_range()} ({@code arch_remove_memory()} frees the memmap, then {@code pgmap_array_delete()}:
 * store NULL and {@code synchronize_rcu()}). Waiting before the bulk put would hang; not waiting frees the memmap
 * under live references. The wait is a registered one: a wait nobody can end is {@code HUNG} (or {@code DEADLOCK})
 * the moment the last task that could end it returns.
 */
public final class Memremap {
    /** The design: who holds the pgmap, what memunmap waits for. Default: the merged per-page transition. */
    public static final Knob<PgmapRef> PGMAP_REF = Knob.of("pgmap.ref", PgmapRef.PER_PAGE_TRANSITION,
            "who holds a dev_pagemap reference and what memunmap_pages() waits for (seed 000)");

    /** After {@code percpu_ref_kill()} and before the bulk put and the wait. */
    public static final SchedulePoint MEMUNMAP_KILLED = SchedulePoint.declare("memunmap_pages.killed",
            "memunmap_pages(): the ref is dead, the drain has not begun");
    /** The pgmap's percpu_ref reached zero; its release has not completed {@code done} yet. */
    public static final SchedulePoint PGMAP_RELEASE = SchedulePoint.declare("dev_pagemap_percpu_release",
            "the put that took pgmap->ref to zero runs the release; complete(&pgmap->done) is next");
    /** After the sweep designs' wait for idle pages, before the drain. */
    public static final SchedulePoint MEMUNMAP_PAGES_IDLE = SchedulePoint.declare("memunmap_pages.pages_idle",
            "memunmap_pages(): every page was seen idle, the bulk references are not yet dropped");
    /** A fault's alive check returned true (for {@link PgmapRef#INTRINSIC_CHECK_OUTSIDE}: outside the section). */
    public static final SchedulePoint FOLIO_GET_ALIVE_CHECKED = SchedulePoint.declare("pgmap_folio_get.alive_checked",
            "a DAX fault saw the pgmap alive and has not yet taken its references");

    /** A put took the page's refcount to zero; the free path has not run yet. */
    public static final SchedulePoint FOLIO_PUT_ZERO = SchedulePoint.declare("folio_put.refcount_zero",
            "folio_put_testzero() returned true; free_zone_device_folio() is next");
    /** Dan's v3 pgmap_release_folios(): its folio_put() is done, the count is about to be read. */
    public static final SchedulePoint RELEASE_PUT_DONE = SchedulePoint.declare("pgmap_release_folios.put_done",
            "pgmap_release_folios() has put the folio and not yet read folio_ref_count()");

    private Memremap() {
    }

    /** The design of {@code world}. */
    public static PgmapRef design(World world) {
        return world.config().get(PGMAP_REF);
    }

    /**
     * {@code memremap_pages()}: {@code percpu_ref_init()} (release = {@code complete(&pgmap->done)}), the memmap of
     * {@code nrPages} idle pages, {@code xa_store_range(&pgmap_array)}, and, if the design has them,
     * {@code percpu_ref_get_many(nr_pages)}. Setup, before the world is shared.
     */
    public static DevPagemap memremapPages(World world, String name, int nrPages, long firstPfn) {
        DevPagemap pgmap = new DevPagemap(world, name, nrPages, firstPfn);
        if (design(world).bulkRefs()) {
            pgmap.ref.getMany(nrPages);
        }
        pgmap.setPublished(true);
        return pgmap;
    }

    /**
     * {@code get_dev_pagemap(pfn)}: {@code rcu_read_lock(); xa_load(); percpu_ref_tryget_live_rcu()}; false (NULL)
     * once the ref was killed or the pgmap unpublished.
     */
    public static boolean getDevPagemap(DevPagemap pgmap, String who) {
        int idx = pgmap.rcu.readLock(pgmap.world.schedule());
        try {
            if (!pgmap.published()) {
                return false;
            }
            pgmap.touch(who + " get_dev_pagemap");
            return pgmap.ref.trygetLive();
        } finally {
            pgmap.rcu.readUnlock(pgmap.world.schedule(), idx);
        }
    }

    /** {@code put_dev_pagemap(pgmap)}: {@code percpu_ref_put(&pgmap->ref)}. */
    public static void putDevPagemap(DevPagemap pgmap, String who) {
        pgmap.touch(who + " put_dev_pagemap");
        pgmap.ref.put();
    }

    /**
     * A page's first reference as the design takes it: {@code zone_device_page_init()} (0dc45ca1ce18), seed 000's
     * {@code pgmap_folio_get()}, Dan's v3 {@code pgmap_request_folios()}. The caller holds the DAX read-side
     * section and has seen the device alive ({@link DeviceMapping#daxFault}). False: refused ({@code VM_FAULT_SIGBUS}).
     */
    static boolean pageFirstRef(ZoneDevicePage page, String who) {
        DevPagemap pgmap = page.pgmap();
        switch (design(pgmap.world).transition()) {
            case NONE -> page.folioRefInc(who);
            case TRYGET_LIVE -> {
                // zone_device_page_init(): WARN_ON_ONCE(!percpu_ref_tryget_many(...)); a dead ref refuses the page.
                if (!pgmap.ref.trygetLive()) {
                    return false;
                }
                page.folioRefInc(who);
            }
            case TEST_THEN_ACT -> {
                // pgmap_request_folios(): WARN_ON_ONCE(percpu_ref_is_dying()); folio_ref_inc();
                // if (folio_ref_count(folio) == 1) take the pgmap: the count read is not the inc's result.
                pgmap.world.sanitizer().warnOn(pgmap.ref.isDying(), "WARN_ON_ONCE(percpu_ref_is_dying(&pgmap->ref))");
                page.folioRefInc(who);
                if (page.folioRefCount(who) == 1) {
                    refGet(pgmap, who);
                }
            }
            case ALIVE_FLAG_INSIDE, ALIVE_FLAG_OUTSIDE -> {
                // pgmap_folio_get(): the alive check licensed a plain percpu_ref_get().
                refGet(pgmap, who);
                page.folioRefInc(who);
            }
            default -> throw new AssertionError();
        }
        return true;
    }

    /**
     * The put of a reference taken by {@link #pageFirstRef} (a zapped mapping's): Dan's v3
     * {@code pgmap_release_folios()} tests the count after its put; every other design just puts.
     */
    static void pageReleaseRef(ZoneDevicePage page, String who) {
        if (design(page.pgmap().world).transition() == PgmapRef.Transition.TEST_THEN_ACT) {
            folioPut(page, who);
            page.pgmap().world.at(RELEASE_PUT_DONE);
            if (page.folioRefCount(who) == 0) {
                putDevPagemap(page.pgmap(), who + " pgmap_release_folios");
            }
        } else {
            folioPut(page, who);
        }
    }

    /** {@code folio_put()} of a ZONE_DEVICE page: the put to zero calls {@link #freeZoneDeviceFolio}. */
    static void folioPut(ZoneDevicePage page, String who) {
        if (page.folioPutTestzero(who) == 0) {
            page.pgmap().world.at(FOLIO_PUT_ZERO);
            freeZoneDeviceFolio(page, who);
        }
    }

    /**
     * {@code free_zone_device_folio()}: {@code pgmap->ops->folio_free()} (a pgmap touch); with a per-page pgmap
     * reference, {@code percpu_ref_put_many()}; and {@code wake_up_var(page)} for a sweep waiting for it idle (the
     * refcount RMW was fully ordered).
     */
    static void freeZoneDeviceFolio(ZoneDevicePage page, String who) {
        DevPagemap pgmap = page.pgmap();
        pgmap.touch(who + " free_zone_device_folio (pgmap->ops->folio_free)");
        switch (design(pgmap.world).transition()) {
            case TRYGET_LIVE, ALIVE_FLAG_INSIDE, ALIVE_FLAG_OUTSIDE -> putDevPagemap(pgmap, who + " free_zone_device_folio");
            default -> { } // NONE: no per-page reference; TEST_THEN_ACT: the put is pgmap_release_folios()'s
        }
        pgmap.world.wakeUpVar(page);
    }

    private static void refGet(DevPagemap pgmap, String who) {
        pgmap.touch(who + " percpu_ref_get(&pgmap->ref)");
        // A get on a ref whose release already ran (done completed) resurrects it behind memunmap_pages()'s back.
        if (pgmap.drainedOrReleased()) {
            pgmap.world.sanitizer().report(ViolationKind.REF_AFTER_DRAIN,
                    who + " took a reference on " + pgmap.name + " after memunmap_pages() drained it");
        }
        pgmap.ref.get();
    }

    /**
     * {@code memunmap_pages()}, in the kernel's order, with the sweep designs' unmap and idle wait between the kill
     * and the drain.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a wait can never end (UNMAP_HUNG)
     */
    public static void memunmapPages(DevPagemap pgmap) {
        World w = pgmap.world;
        PgmapRef design = design(w);
        String me = "memunmap_pages";
        pgmap.ref.kill();
        w.at(MEMUNMAP_KILLED);
        if (design.sweep() == PgmapRef.Sweep.UNMAP_THEN_WAIT) {
            for (DeviceMapping m : pgmap.mappings) {
                m.zap(me + " sweep");
            }
        }
        if (design.sweep() != PgmapRef.Sweep.NONE) {
            for (ZoneDevicePage p : pgmap.pages) {
                w.waitVarEvent(p, () -> p.folioRefCount(me + " sweep") == 0, "pfn " + p.pfn() + " idle, in " + me);
            }
            w.at(MEMUNMAP_PAGES_IDLE);
        }
        if (design.bulkRefs()) {
            pgmap.ref.putMany(pgmap.pages.length);
        }
        pgmap.done.waitForCompletion(w.watchdog(), w.schedule(), me);
        pgmap.noteDrained();
        // pageunmap_range(): arch_remove_memory() frees the memmap; then pgmap_array_delete() and synchronize_rcu().
        pgmap.noteMemmapFreed();
        pgmap.setPublished(false);
        pgmap.rcu.synchronize(w.watchdog(), w.schedule(), "pgmap_array_delete");
    }
}
