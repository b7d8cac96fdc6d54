package org.gupstress.stress.dax;

import org.gupstress.model.dax.Dax;
import org.gupstress.model.dax.DaxPin;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Gup;

/**
 * The knob settings of family C's designs, shared by the scenarios that run them. Each design is the kernel of its
 * time: its eviction wait ({@link Dax#EVICT_WAIT}), its DAX idle refcount ({@link DaxPage#IDLE_REFCOUNT}: 1-based
 * before v6.15, including Dan Williams' 2022 series; 0-based as merged), and what a pin holds
 * ({@link DaxPin.PinHolds}, as {@link Gup#PIN_POLICY}). The concrete test classes cite the sources and state the verdicts.
 *
 * <p>No design sets a watchdog deadline: a deadlock is detected when it closes and a slow or descheduled thread is
 * waited for, so a verdict never depends on time (see {@code org.gupstress.model.kernel.sched.Tasks}).
 */
final class DaxDesigns {
    /** Before 2022 (d2c997c0f145 era): evict waits for nothing; 1-based idle refcount. */
    static final Config NO_WAIT = Config.builder()
            .set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT)
            .set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ONE_BASED)
            .build();

    /** Dan Williams' v2 patch 05 (seed 003): evict takes IOLOCK + MMAPLOCK and waits; 1-based. */
    static final Config EVICT_BREAK_LAYOUTS_LOCKED = Config.builder()
            .set(Dax.EVICT_WAIT, Dax.EvictWait.BREAK_LAYOUTS_LOCKED)
            .set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ONE_BASED)
            .build();

    /** As merged around v6.15: dax_break_layout_final(), no locks; 0-based. */
    static final Config BREAK_LAYOUT_FINAL = Config.builder()
            .set(Dax.EVICT_WAIT, Dax.EvictWait.BREAK_LAYOUT_FINAL)
            .set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ZERO_BASED)
            .build();

    /**
     * Jan Kara / Jason Gunthorpe / Dave Chinner (seeds 003, 000): the pin holds an inode reference, so eviction can
     * only follow the last unpin and needs no wait of its own; on the 2022 kernel (1-based).
     */
    static final Config INODE_REF_PER_PIN = Config.builder()
            .set(Gup.PIN_POLICY, DaxPin.PinHolds.INODE_REFERENCE)
            .set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT)
            .set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ONE_BASED)
            .build();

    /**
     * Dan Williams (seed 003, 2022-09-23 and 09-29): the pin keeps the inode dirty, and the final
     * {@code write_inode_now()} waits for busy pages; evict itself waits for nothing; 1-based.
     */
    static final Config KEEP_INODE_DIRTY = Config.builder()
            .set(Gup.PIN_POLICY, DaxPin.PinHolds.INODE_DIRTY)
            .set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT)
            .set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ONE_BASED)
            .build();

    private DaxDesigns() {
    }
}
