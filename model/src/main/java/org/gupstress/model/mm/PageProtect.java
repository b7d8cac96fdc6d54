package org.gupstress.model.mm;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Errno;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * Write-protecting every mapping of a page-cache folio so that it can be shared (KSM for file pages) or watched:
 * Jerome Glisse's "page exclusive access" proposal (seed 001, linux-mm 2020-10-07, never merged) and the question
 * it left open: "if you want to break the write prot you need to find all the copy first. If you intend to walk
 * page table then how do you synchronize to avoid more copy to spawn while you walk reverse mapping, we could
 * lock the struct page i guess." Matthew Wilcox: iterate over the mappings, "Or you use the i_mmap tree". The
 * kernel later shipped a cousin, {@code mapping_wrprotect_range()} (2025), whose first user (fb_defio) holds the
 * page lock from {@code page_mkwrite} until the PTE is dirty so that the walk cannot run in between.
 *
 * <p>A {@link Protection} is one protected page: {@link #protect} marks it protected ({@code PageProtected}), walks
 * {@code mapping->i_mmap} ({@link Rmap#rmapWalkFile}, under {@code i_mmap_rwsem} read) and write-protects every PTE
 * that maps it. A write fault breaks the protection in {@code page_mkwrite}, with the folio locked
 * ({@link #breakOnWrite}: Glisse's break hook "only in the write fault"); what breaking does to the protector's
 * copy (a new page cache page, every PTE of the alias updated) is reduced to the protection's state turning
 * {@link State#BROKEN}, after which the page is an ordinary page again. The designs differ in what the walk holds
 * and what it checks per PTE ({@link #WALK}).
 *
 * <p>{@link Walk#KSM_STABLE_LIST} is Glisse's own design: no walk of {@code i_mmap} but ksmd's stable node, the
 * list of rmap items through which ksmd found the page ({@link #stableTreeAppend}), and {@code PageProtected}
 * carried by {@code folio->mapping}, which points to the alias list ({@code struct pxa}) instead of the
 * {@code address_space} while the page is protected. Every path that finds the page through the page cache and
 * checks {@code folio->mapping} then sees a page that is not its own: the write fault has the break hook; truncate
 * does not (Matthew Wilcox, linux-mm 2020-10-08: "by putting that logic in the page fault path, you've missed the
 * truncate path. And maybe other places.").
 *
 * <p>Not merged: nothing in the merged model names this class; a scenario installs {@link #breakOnWrite} on a VMA
 * as the VMA's {@code vm_ops}, as a filesystem supporting the proposal would. Not modelled: fault-around
 * ({@code filemap_map_pages()} maps read-only, so it cannot spawn a writable copy; it trylocks the folio), mmu
 * notifiers and device page tables (Glisse: "device page tables are invisible"), the alias-aware page-cache
 * lookups Glisse's series would need in {@code filemap_fault()} (the model's, like the kernel's, retries a folio
 * whose {@code mapping} is not its own, so no scenario faults a new mapping of a {@link Walk#KSM_STABLE_LIST} page),
 * and the break's new page-cache page per alias (reduced to the one alias getting its folio back).
 */
public final class PageProtect {
    /** What the protecting walk holds and what it does at each PTE. */
    public enum Walk {
        /**
         * Matthew Wilcox's answer: walk {@code i_mmap} (under {@code i_mmap_rwsem}, as {@code rmap_walk_file()}
         * always is) without the folio lock; each PTE as KSM does ({@link Ksm#writeProtectPage}). A write fault
         * that checked for the protection before it was set installs its writable PTE after the walk passed.
         */
        I_MMAP_WALK_UNLOCKED(false, true, false),
        /**
         * The folio lock across the walk and the write-protects, {@code i_mmap_rwsem} across the walk, and KSM's
         * clear, flush and refcount check at each PTE.
         */
        I_MMAP_WALK_LOCKED(true, true, false),
        /**
         * The folio lock across the walk, each PTE write-protected as {@code folio_mkclean()} does
         * ({@link Rmap#pageVmaMkcleanOne}: clear, flush, read-only), with no refcount check: a GUP reference taken
         * on the writable PTE before the walk reached it survives.
         */
        FOLIO_LOCKED_WALK(true, false, false),
        /**
         * Jerome Glisse's alias list (seed 001: "KSM maintains a list for a reasons"): the folio lock (as
         * {@code try_to_merge_one_page()} takes it) across write-protecting each rmap item of the stable node with
         * KSM's check, then {@code folio->mapping} points to the alias list ({@code PageProtected}). The break hook
         * is only in the write fault ({@link #breakOnWrite}).
         */
        KSM_STABLE_LIST(true, true, true);

        final boolean folioLock;
        final boolean perPteCheck;
        final boolean stableList;

        Walk(boolean folioLock, boolean perPteCheck, boolean stableList) {
            this.folioLock = folioLock;
            this.perPteCheck = perPteCheck;
            this.stableList = stableList;
        }
    }

    /** The protecting walk's design. Never merged: the default is the reference's safe design. */
    public static final Knob<Walk> WALK = Knob.of("page_protect.walk", Walk.I_MMAP_WALK_LOCKED,
            "protect a page-cache folio: the locks the i_mmap walk holds and its per-PTE check");

    /** protect() set PageProtected and is about to walk i_mmap (folio locked if the design locks it). */
    public static final SchedulePoint PROTECT_BEFORE_WALK = SchedulePoint.declare("page_protect.before_walk",
            "PageProtected set, i_mmap walk not started");
    /** The break hook in page_mkwrite has run (and broken a protection it found); the folio is locked. */
    public static final SchedulePoint MKWRITE_AFTER_CHECK = SchedulePoint.declare("page_protect.mkwrite_after_check",
            "page_mkwrite's break hook ran; the writable PTE is not yet installed");

    /** The life of one protection. */
    public enum State {
        /** Not protected (never, or the walk failed and undid it). */
        NONE,
        /** Every PTE write-protected, as far as the walk knows. */
        PROTECTED,
        /** A write fault broke the protection: the page is an ordinary page again. */
        BROKEN
    }

    /** {@code struct ksm_rmap_item}: one place ksmd found the page, {@code (mm, address)} through its VMA. */
    public record RmapItem(Vma vma, long address) {
    }

    /**
     * One protected page-cache folio: its alias {@code (mapping, index)} (Glisse's {@code page_alias}) and, for
     * {@link Walk#KSM_STABLE_LIST}, the stable node's list of rmap items.
     */
    public static final class Protection {
        private final Folio folio;
        private final AddressSpace mapping;
        private final long index;
        private final Atomic state = new Atomic(State.NONE.ordinal());
        /** Built by {@link #stableTreeAppend} before the protection is shared with other threads; then read-only. */
        private final List<RmapItem> rmapItems = new ArrayList<>();

        /**
         * A protection of {@code folio}, a page-cache folio at its {@code (mapping, index)} now; the caller holds a
         * reference to the folio while it protects.
         */
        public Protection(Folio folio) {
            this.folio = folio;
            this.mapping = folio.mapping();
            this.index = folio.index();
        }

        public Folio folio() {
            return folio;
        }

        /** The state now (READ_ONCE). */
        public State state() {
            return State.values()[state.read()];
        }
    }

    private PageProtect() {
    }

    /**
     * {@code stable_tree_append()}: ksmd found {@code p}'s page at {@code address} of {@code vma} while scanning
     * and adds the rmap item to the stable node's list. Call before the protection is shared with other threads.
     */
    public static void stableTreeAppend(Protection p, Vma vma, long address) {
        p.rmapItems.add(new RmapItem(vma, address));
    }

    /**
     * Protect {@code p}'s folio: set it protected, then find every PTE that maps it (the {@code i_mmap} walk, or
     * the stable node's rmap items) and write-protect it, holding what the world's {@link #WALK} design holds. A
     * per-PTE check that sees an extra reference (a GUP pin, a fault in flight) fails the protection: the PTEs
     * already write-protected stay so (the next write faults), the state goes back to {@link State#NONE}. A folio
     * no longer at its {@code (mapping, index)} (truncated) is not protected: {@code rmap_walk_file()} needs a
     * {@code mapping}, which the folio lock keeps. {@link Walk#KSM_STABLE_LIST} fails on an rmap item that no
     * longer maps the page, as {@code try_to_merge_one_page()} does, and on success points {@code folio->mapping}
     * at the alias list.
     *
     * <p>Memory effects: the state is set with a fully ordered RMW before the walk, so a write fault that takes
     * the folio lock after the walker released it, or after it set the state, sees it. {@code folio->mapping} is
     * written under the folio lock ({@code WRITE_ONCE}).
     *
     * @return true if the folio is protected when the walk ends
     * @throws org.gupstress.model.kernel.sched.Hung if the folio lock is found deadlocked
     */
    public static boolean protect(Protection p) {
        Folio folio = p.folio;
        World w = folio.world();
        Walk walk = w.config().get(WALK);
        if (walk.folioLock) {
            Filemap.folioLock(folio);
        }
        try {
            if (folio.mapping() != p.mapping) {
                return false; // truncated
            }
            p.state.cmpxchg(State.NONE.ordinal(), State.PROTECTED.ordinal());
            w.at(PROTECT_BEFORE_WALK);
            boolean failed = walk.stableList ? !writeProtectRmapItems(p) : !writeProtectIMmap(folio, walk);
            if (failed) {
                p.state.cmpxchg(State.PROTECTED.ordinal(), State.NONE.ordinal());
                return false;
            }
            if (walk.stableList && p.state() == State.PROTECTED) {
                folio.setMapping(null); // PageProtected: folio->mapping = the pxa (the typed field holds null)
            }
            return p.state() == State.PROTECTED;
        } finally {
            if (walk.folioLock) {
                Filemap.folioUnlock(folio);
            }
        }
    }

    /** The i_mmap walk: false if the per-PTE check saw an extra reference. */
    private static boolean writeProtectIMmap(Folio folio, Walk walk) {
        boolean[] busy = {false};
        Rmap.rmapWalkFile(folio, (f, vma, addr) -> {
            if (walk.perPteCheck) {
                busy[0] = Ksm.writeProtectPage(vma, f, addr) == -Errno.EBUSY;
                return !busy[0];
            }
            if (Rmap.pageVmaMkcleanOne(f, vma, addr) > 0 && !f.folioTestDirty()) {
                PageWriteback.folioMarkDirty(f); // keep the PTE's dirtiness: writeback must still see it
            }
            return true;
        });
        return !busy[0];
    }

    /** The stable node's rmap items, each with KSM's check: false if one is busy or no longer maps the page. */
    private static boolean writeProtectRmapItems(Protection p) {
        for (RmapItem item : p.rmapItems) {
            if (Ksm.writeProtectPage(item.vma(), p.folio, item.address()) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The VMA's {@code vm_ops} with the proposal's break hook, first thing in {@code page_mkwrite} (the write
     * fault holds the folio lock): a protection of the folio is broken before the filesystem's
     * {@code page_mkwrite} (whose "truncated?" check would otherwise turn away a {@link Walk#KSM_STABLE_LIST}
     * page) and before the fault makes the PTE writable. Faults and {@code pfn_mkwrite} go straight to the
     * filesystem.
     */
    public static VmOperations breakOnWrite(VmOperations fsOps, Protection p) {
        return new VmOperations() {
            @Override
            public int fault(VmFault vmf) {
                return fsOps.fault(vmf);
            }

            @Override
            public int pageMkwrite(VmFault vmf) {
                if (vmf.folio() == p.folio) {
                    breakProtection(p);
                    vmf.folio().world().at(MKWRITE_AFTER_CHECK);
                }
                return fsOps.pageMkwrite(vmf);
            }

            @Override
            public int pfnMkwrite(VmFault vmf) {
                return fsOps.pfnMkwrite(vmf);
            }
        };
    }

    /**
     * Glisse's break, with the folio locked: the protection turns {@link State#BROKEN}; a
     * {@link Walk#KSM_STABLE_LIST} page gets its {@code mapping} back (the proposal puts a new page into the page
     * cache for each alias; with one alias the model gives it its folio back), and the folio unlock that follows
     * wakes whoever waits on the folio.
     */
    private static void breakProtection(Protection p) {
        boolean broke = p.state.cmpxchg(State.PROTECTED.ordinal(), State.BROKEN.ordinal()) == State.PROTECTED.ordinal();
        if (broke && p.folio.world().config().get(WALK).stableList) {
            p.folio.setMapping(p.mapping);
        }
    }

    /**
     * The oracle's walk: the VMAs of the alias's {@code i_mmap} whose PTE maps {@code p}'s folio writable now. At
     * quiescence, a protected folio must have none (COPY_LEFT_WRITABLE, or MISSED_SPAWN if the VMA was faulted in
     * during the walk). It looks by {@code (mapping, index)}, not through {@code folio->mapping}, which a
     * {@link Walk#KSM_STABLE_LIST} protection overloads.
     */
    public static List<Vma> writableMappings(Protection p) {
        List<Vma> writable = new ArrayList<>();
        p.mapping.iMmapRwsem().downRead();
        try {
            for (Vma vma : p.mapping.iMmap()) {
                long addr = vma.vmaAddress(p.index);
                long pte = addr < 0 ? 0 : vma.mm().pteTable(addr).ptepGet(Mm.pteIndex(addr));
                if (Pte.ptePresent(pte) && Pte.ptePfn(pte) == p.folio.pfn() && Pte.pteWrite(pte)) {
                    writable.add(vma);
                }
            }
        } finally {
            p.mapping.iMmapRwsem().upRead();
        }
        return writable;
    }
}
