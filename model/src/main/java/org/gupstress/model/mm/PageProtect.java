package org.gupstress.model.mm;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.World;
import org.gupstress.model.design.Knob;
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
 * <p>Not merged: nothing in the merged model names this class; a scenario installs {@link #breakOnWrite} on a VMA
 * as the VMA's {@code vm_ops}, as a filesystem supporting the proposal would. Not modelled: fault-around
 * ({@code filemap_map_pages()} maps read-only, so it cannot spawn a writable copy; it trylocks the folio), mmu
 * notifiers and device page tables (Glisse: "device page tables are invisible"), truncate of a protected page.
 */
public final class PageProtect {
    /** What the protecting walk holds and what it does at each PTE. */
    public enum Walk {
        /**
         * Matthew Wilcox's answer: walk {@code i_mmap} (under {@code i_mmap_rwsem}, as {@code rmap_walk_file()}
         * always is) without the folio lock; each PTE as KSM does ({@link Ksm#writeProtectPage}). A write fault
         * that checked for the protection before it was set installs its writable PTE after the walk passed.
         */
        I_MMAP_WALK_UNLOCKED(false, true),
        /**
         * The folio lock across the walk and the write-protects, {@code i_mmap_rwsem} across the walk, and KSM's
         * clear, flush and refcount check at each PTE.
         */
        I_MMAP_WALK_LOCKED(true, true),
        /**
         * The folio lock across the walk, each PTE write-protected as {@code folio_mkclean()} does
         * ({@link Rmap#pageVmaMkcleanOne}: clear, flush, read-only), with no refcount check: a GUP reference taken
         * on the writable PTE before the walk reached it survives.
         */
        FOLIO_LOCKED_WALK(true, false);

        final boolean folioLock;
        final boolean perPteCheck;

        Walk(boolean folioLock, boolean perPteCheck) {
            this.folioLock = folioLock;
            this.perPteCheck = perPteCheck;
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

    /** One protected page-cache folio. */
    public static final class Protection {
        private final Folio folio;
        private final Atomic state = new Atomic(State.NONE.ordinal());

        /** A protection of {@code folio}; the caller holds a reference to the folio while it protects. */
        public Protection(Folio folio) {
            this.folio = folio;
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
     * Protect {@code p}'s folio: set it protected, then walk {@code i_mmap} and write-protect every PTE that maps
     * it, holding what the world's {@link #WALK} design holds. A per-PTE check that sees an extra reference (a
     * GUP pin, a fault in flight) fails the protection: the PTEs already write-protected stay so (the next write
     * faults), the state goes back to {@link State#NONE}.
     *
     * <p>Memory effects: the state is set with a fully ordered RMW before the walk, so a write fault that takes
     * the folio lock after the walker released it, or after it set the state, sees it.
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
            p.state.cmpxchg(State.NONE.ordinal(), State.PROTECTED.ordinal());
            w.at(PROTECT_BEFORE_WALK);
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
            if (busy[0]) {
                p.state.cmpxchg(State.PROTECTED.ordinal(), State.NONE.ordinal());
                return false;
            }
            return p.state() == State.PROTECTED;
        } finally {
            if (walk.folioLock) {
                Filemap.folioUnlock(folio);
            }
        }
    }

    /**
     * The VMA's {@code vm_ops} with the proposal's break hook: {@code page_mkwrite} (the folio is locked when the
     * filesystem's own {@code page_mkwrite} returns 0) breaks a protection of the folio before the fault makes the
     * PTE writable. Faults and {@code pfn_mkwrite} go straight to the filesystem.
     */
    public static VmOperations breakOnWrite(VmOperations fsOps, Protection p) {
        return new VmOperations() {
            @Override
            public int fault(VmFault vmf) {
                return fsOps.fault(vmf);
            }

            @Override
            public int pageMkwrite(VmFault vmf) {
                int ret = fsOps.pageMkwrite(vmf);
                if (ret == 0 && vmf.folio() == p.folio) {
                    p.state.cmpxchg(State.PROTECTED.ordinal(), State.BROKEN.ordinal());
                    vmf.folio().world().at(MKWRITE_AFTER_CHECK);
                }
                return ret;
            }

            @Override
            public int pfnMkwrite(VmFault vmf) {
                return fsOps.pfnMkwrite(vmf);
            }
        };
    }

    /**
     * The oracle's walk: the VMAs whose PTE maps {@code p}'s folio writable now. At quiescence, a protected folio
     * must have none (COPY_LEFT_WRITABLE, or MISSED_SPAWN if the VMA was faulted in during the walk).
     */
    public static List<Vma> writableMappings(Protection p) {
        List<Vma> writable = new ArrayList<>();
        Rmap.rmapWalkFile(p.folio, (f, vma, addr) -> {
            long pte = vma.mm().pteTable(addr).ptepGet(Mm.pteIndex(addr));
            if (Pte.ptePresent(pte) && Pte.ptePfn(pte) == f.pfn() && Pte.pteWrite(pte)) {
                writable.add(vma);
            }
            return true;
        });
        return writable;
    }
}
