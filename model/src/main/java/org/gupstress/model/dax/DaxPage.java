package org.gupstress.model.dax;

import org.gupstress.model.World;
import org.gupstress.model.design.Knob;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.mm.Folio;

/**
 * The reference count of a FSDAX page ({@code struct page} of a persistent-memory block, ZONE_DEVICE), and what
 * "idle" means for it. Two regimes existed:
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

    private DaxPage() {
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
     * Called by {@link Folio#folioPutRefs} after a DAX page's refcount dropped to {@code now} with a fully ordered
     * RMW (the full barrier {@code wake_up_var()} needs). Wakes the layout breaker when the page became idle:
     * {@code free_zone_device_folio()} at 0, or {@code put_devmap_managed_page_refs()} at 1. A 1-based page
     * reaching 0 lost the reference it rests on: a refcount underflow.
     */
    public static void afterPut(Folio page, int now) {
        int idle = idleRefcount(page);
        if (now == idle) {
            page.world().wakeUpVar(page);
        } else if (now < idle) {
            page.world().sanitizer().report(ViolationKind.REFCOUNT_UNDERFLOW,
                    "DAX " + page + " dropped below its idle refcount " + idle + " to " + now
                            + " (a 0-based put on a 1-based page?)");
        }
    }
}
