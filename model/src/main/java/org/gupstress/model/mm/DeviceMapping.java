package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.IntField;
import org.gupstress.model.kernel.RefField;


import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * One user mapping of one ZONE_DEVICE page: its PTE, the DAX mapping entry that the fault associates with the page
 * ({@code dax_associate_entry()}, fs/dax.c) and the file's inode reference count (the arbiter of
 * {@link PgmapRef#INODE_ARBITER}); and the operations on it: the DAX fault, the zap, GUP-fast and unpin.
 *
 * <p>Simplified: fs/dax.c's entry association is modeled here, next to the PTE, because this family has no
 * filesystem (a world of this family is one device, one mapping); and GUP is GUP-fast only. GUP-fast reads the PTE,
 * grabs the page, re-checks the PTE, all with interrupts off ({@code local_irq_save()}); the zap's TLB flush waits
 * for such sections (the IPI, or {@code synchronize_rcu()} with MMU_GATHER_RCU_TABLE_FREE; kernel-protocols.md
 * section 2): the model uses the world's RCU for both.
 *
 * <p>Memory effects: the PTE is read with {@code ptep_get()} (READ_ONCE), set with {@code set_pte_at()} (WRITE_ONCE)
 * and cleared with {@code ptep_get_and_clear()} (an {@code xchg()} on x86: arch/x86/include/asm/pgtable_64.h
 * {@code native_ptep_get_and_clear()}), through {@link RefField}.
 */
public final class DeviceMapping {
    /** After {@code dax_insert_pfn()} published the PTE. */
    public static final SchedulePoint FAULT_MAPPED = SchedulePoint.declare("dax_fault.mapped",
            "a DAX fault mapped the page and left its read-side section");

    private final DevPagemap pgmap;
    private final ZoneDevicePage page;
    private final String name;
    /** The PTE: the page it maps, or null. */
    private ZoneDevicePage pte;
    private static final RefField<ZoneDevicePage> PTE =
            RefField.of(MethodHandles.lookup(), DeviceMapping.class, "pte", ZoneDevicePage.class);
    /** {@code inode->i_count}: 1 for the open file that maps it; pins add theirs under INODE_ARBITER. */
    private int inodeRefs = 1;
    private static final IntField INODE_REFS = IntField.of(MethodHandles.lookup(), DeviceMapping.class, "inodeRefs");

    /** A mapping of {@code pgmap}'s page {@code index}, not yet faulted. Setup, before the world is shared. */
    public DeviceMapping(DevPagemap pgmap, int index, String name) {
        this.pgmap = pgmap;
        this.page = pgmap.page(index);
        this.name = name;
        pgmap.mappings.add(this);
        System.identityHashCode(this); // wait_var_event(&inode->i_count) waits on this: see WaitVar.varWaitqueue
        SharedStructure.created(this);
    }

    public ZoneDevicePage page() {
        return page;
    }

    /** True if the PTE maps the page. */
    public boolean mapped() {
        return PTE.readOnce(this) != null;
    }

    /** The inode's reference count (for reports). */
    public int inodeRefs() {
        return INODE_REFS.readOnce(this);
    }

    private World world() {
        return pgmap.world;
    }

    /**
     * The DAX fault: inside {@code dax_read_lock()}, {@code dax_alive()} (the check a design may move out of the
     * section), the entry association and the page's first reference as the design takes them, then the PTE.
     *
     * @return false for {@code VM_FAULT_SIGBUS} (device dead)
     */
    public boolean daxFault(String who) {
        PgmapRef design = Memremap.design(world());
        boolean outside = design.transition() == PgmapRef.Transition.ALIVE_FLAG_OUTSIDE;
        if (outside) {
            if (!pgmap.daxAlive()) {
                return false;
            }
            world().at(Memremap.FOLIO_GET_ALIVE_CHECKED);
        }
        int idx = pgmap.daxSrcu.readLock(world().schedule());
        try {
            if (!outside) {
                if (!pgmap.daxAlive()) {
                    return false;
                }
                world().at(Memremap.FOLIO_GET_ALIVE_CHECKED);
            }
            // dax_associate_entry(): Dan v1/v2 take get_dev_pagemap_many() here; a dead pgmap is SIGBUS.
            if (design.entryHoldsPgmap() && !Memremap.getDevPagemap(pgmap, who + " dax_associate_entry")) {
                return false;
            }
            if (design.mappingHoldsPage() && !Memremap.pageFirstRef(page, who + " dax fault")) {
                return false;
            }
            page.touch(who + " dax_insert_pfn");
            PTE.writeOnce(this, page);
        } finally {
            pgmap.daxSrcu.readUnlock(world().schedule(), idx);
        }
        world().at(FAULT_MAPPED);
        return true;
    }

    /**
     * Unmaps the page (zap_pte_range() or unmap_mapping_pages()), flushes the TLB (waits for GUP-fast), then drops what
     * the mapping held: the page reference, and with it the entry's pgmap reference ({@code dax_disassociate_entry}).
     */
    public void zap(String who) {
        ZoneDevicePage p = PTE.xchg(this, null);
        if (p == null) {
            return;
        }
        pgmap.rcu.synchronize(world().watchdog(), world().schedule(), who + " tlb flush");
        PgmapRef design = Memremap.design(world());
        if (design.mappingHoldsPage()) {
            Memremap.pageReleaseRef(p, who + " zap");
        }
        if (design.entryHoldsPgmap()) {
            Memremap.putDevPagemap(pgmap, who + " dax_disassociate_entry");
        }
    }

    /**
     * GUP-fast of the mapped page ({@code gup_fast_pte_range()}): with interrupts off, read the PTE; before 2025
     * {@code get_dev_pagemap()} for the walk; grab the page ({@code try_grab_folio}, or a plain inc where an idle
     * mapped page has no reference to try on: the pre-v6.15 1-based FS_DAX count); re-check the PTE. Under
     * INODE_ARBITER the pin also takes an inode reference.
     *
     * @return the page, with a reference (and an inode reference) the caller must drop with {@link #unpin}; or null
     */
    public ZoneDevicePage gupFast(String who) {
        PgmapRef design = Memremap.design(world());
        boolean walkRef = false;
        boolean inodeRef = false;
        ZoneDevicePage got = null;
        int idx = pgmap.rcu.readLock(world().schedule());
        try {
            ZoneDevicePage p = PTE.readOnce(this);
            if (p == null) {
                return null;
            }
            if (design.gupGetsPgmap()) {
                if (!Memremap.getDevPagemap(pgmap, who + " gup")) {
                    return null;
                }
                walkRef = true;
            }
            if (design.pinHoldsInode()) {
                INODE_REFS.addReturn(this, 1);
                inodeRef = true;
            }
            boolean grabbed = design.mappingHoldsPage() ? p.folioTryGet(who + " gup") : p.folioRefInc(who + " gup") > 0;
            if (grabbed && PTE.readOnce(this) != p) {
                Memremap.folioPut(p, who + " gup (pte changed)");
                grabbed = false;
            }
            if (grabbed) {
                got = p;
            }
        } finally {
            if (walkRef) {
                Memremap.putDevPagemap(pgmap, who + " gup");
            }
            if (inodeRef && got == null) {
                iput();
            }
            pgmap.rcu.readUnlock(world().schedule(), idx);
        }
        return got;
    }

    /** {@code unpin_user_page()}: the page put, and the pin's inode reference under INODE_ARBITER. */
    public void unpin(ZoneDevicePage p, String who) {
        Memremap.folioPut(p, who + " unpin");
        if (Memremap.design(world()).pinHoldsInode()) {
            iput();
        }
    }

    /** The open file's {@code iput()} (close after munmap). */
    public void iputMapping() {
        iput();
    }

    /**
     * {@code ihold()}: another reference on the mapped file's inode, taken by a caller that already holds one (a
     * second {@code open()} of the file while it is mapped). Drop it with {@link #iput}.
     */
    public void ihold() {
        INODE_REFS.addReturn(this, 1);
    }

    /** Unmount's wait for the inode's last reference (evict): a registered wait. */
    public void waitInodeUnused(String who) {
        world().waitVarEvent(this, () -> INODE_REFS.readOnce(this) == 0, name + " inode unused, in " + who);
    }

    /** {@code iput()}: drops an inode reference (the close of a file {@link #ihold} counted; a pin's). The last one
     *  wakes unmount. */
    public void iput() {
        if (INODE_REFS.addReturn(this, -1) == 0) {
            world().wakeUpVar(this);
        }
    }

    @Override
    public String toString() {
        return name + "{pte " + (PTE.readOnce(this) != null) + ", " + page + ", i_count " + INODE_REFS.readOnce(this) + "}";
    }
}
