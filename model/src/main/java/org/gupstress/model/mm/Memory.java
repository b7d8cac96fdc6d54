package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/memory.c: the page-fault handler for shared file mappings and the unmap side ({@code zap_pte_range()},
 * {@code unmap_mapping_range()}).
 *
 * <p>Faults return 0 or a {@code VM_FAULT_*} code. Kept: the write-notify protocol of shared writable file
 * mappings (PTEs start read-only, a write faults, {@code page_mkwrite} lets the filesystem reserve blocks, the PTE
 * becomes writable and dirty, the folio is marked dirty), the PTE-lock re-check after the sleeping part, the
 * reference a mapping holds. Simplified: no private (COW) file mappings, no anonymous memory, no huge pages,
 * no fault-around, no TLB (a cleared PTE is flushed at once).
 */
public final class Memory {
    public static final int VM_FAULT_SIGBUS = 1 << 1;
    public static final int VM_FAULT_SIGSEGV = 1 << 2;
    public static final int VM_FAULT_NOPAGE = 1 << 8;
    public static final int VM_FAULT_RETRY = 1 << 10;

    /** zap_pte_range() cleared the PTE; the folio's _mapcount is not yet decremented (Jan Kara's window, seed 002). */
    public static final SchedulePoint ZAP_AFTER_CLEAR_PTE = SchedulePoint.declare("zap_pte_range.after_clear_pte",
            "PTE cleared under the PTE lock, _mapcount not yet decremented");
    /** zap_pte_range() decremented _mapcount; the PTE lock is still held and the reference not yet dropped. */
    public static final SchedulePoint ZAP_AFTER_REMOVE_RMAP = SchedulePoint.declare("zap_pte_range.after_remove_rmap",
            "_mapcount decremented, PTE lock held, mapping's folio reference not yet dropped");
    /** zap_pte_range() released the PTE lock; the mapping's folio reference is not yet dropped. */
    public static final SchedulePoint ZAP_AFTER_UNLOCK = SchedulePoint.declare("zap_pte_range.after_unlock",
            "PTE cleared (or marked) and _mapcount decremented, PTE lock released, folio reference not yet dropped");
    /** A fault holds the folio lock and is about to install the PTE (finish_fault). */
    public static final SchedulePoint FAULT_BEFORE_SET_PTE = SchedulePoint.declare("fault.before_set_pte",
            "folio locked (page_mkwrite done for a write), PTE not yet installed");

    /**
     * Which cleared PTEs {@code zap_pte_range()} replaces with a marker instead of {@code pte_none()}. Only Jerome
     * Glisse's 2019-01-03 design does (seed 002): "When clearing a write-able pte we set a special entry inside the
     * page table (might need a new special swap type for this) and change page_mkclean_one() to clear to 0 those
     * special entry." {@link MapcountPinTracking} clears and counts the markers.
     */
    public enum ZapMarker {
        /** The kernel: a zapped PTE becomes {@code pte_none()}. */
        NONE,
        /** As the mail is written: only a PTE that was writable when zapped leaves a marker. */
        WRITABLE,
        /** The most favourable reading: every zapped present PTE of a file folio leaves a marker. */
        ANY
    }

    /** See {@link ZapMarker}. */
    public static final Knob<ZapMarker> ZAP_MARKER = Knob.of("zap_pte_range.marker", ZapMarker.NONE,
            "which cleared PTEs zap_pte_range() replaces with a marker for page_mkclean (seed 002)");

    private Memory() {
    }

    /**
     * {@code handle_mm_fault()} for a shared file or DAX mapping. The caller holds {@code mmap_lock} for read. A
     * missing PTE is faulted in through the VMA's {@code vm_ops->fault} ({@code do_fault()}); a DAX VMA's
     * {@code fault} installs the PTE itself.
     *
     * @return 0, or VM_FAULT_SIGBUS / VM_FAULT_SIGSEGV
     * @throws org.gupstress.model.kernel.sched.Hung if a lock it needs is found deadlocked
     */
    public static int handleMmFault(Vma vma, long addr, boolean write) {
        if (write && !vma.isWritable()) {
            return VM_FAULT_SIGSEGV;
        }
        VmFault vmf = new VmFault(vma, addr, write);
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        long pte = pt.ptepGet(i);
        if (vma.vmaIsAnonymous()) {
            return doAnonymousFault(vmf, pte);
        }
        if (!Pte.ptePresent(pte)) {
            return doFault(vmf);
        }
        if (write && !Pte.pteWrite(pte)) {
            return doWpPage(vmf, pte);
        }
        if (write) {
            // A spurious write fault on a writable PTE: mark it dirty under the PTE lock.
            pt.ptl().lock();
            try {
                if (pt.ptepGet(i) == pte) {
                    pt.setPteAt(i, Pte.pteMkdirty(pte));
                }
            } finally {
                pt.ptl().unlock();
            }
        }
        return 0;
    }

    /**
     * An anonymous VMA: a write to a missing PTE is {@code do_anonymous_page()}: a new zeroed folio, its rmap and a
     * writable dirty PTE, installed under the PTE lock unless someone else installed one first (the allocation's
     * reference becomes the mapping's). A present PTE: a spurious fault if it is writable, else
     * {@code do_wp_page()}. Read faults (the zero page) are not modelled and throw.
     */
    private static int doAnonymousFault(VmFault vmf, long pte) {
        Vma vma = vmf.vma();
        if (!vmf.write()) {
            throw new UnsupportedOperationException("anonymous read faults (the zero page) are not modelled");
        }
        if (Pte.ptePresent(pte)) {
            return Pte.pteWrite(pte) ? 0 : doAnonWpPage(vmf, pte, false);
        }
        World w = vma.mm().world();
        Folio folio = w.memMap().alloc(0);
        folio.fill(0, "do_anonymous_page");
        w.at(FAULT_BEFORE_SET_PTE);
        PageTable pt = vma.mm().pteTable(vmf.address());
        int i = Mm.pteIndex(vmf.address());
        pt.ptl().lock();
        try {
            if (!Pte.pteNone(pt.ptepGet(i))) {
                folio.folioPut();
                return 0;
            }
            folio.folioAddRmap(); // folio_add_new_anon_rmap()
            pt.setPteAt(i, Pte.pfnPte(folio.pfn(), true, true, false));
        } finally {
            pt.ptl().unlock();
        }
        return 0;
    }

    /**
     * {@code handle_mm_fault(vma, addr, FAULT_FLAG_UNSHARE)} on an anonymous VMA, the fault {@link Ksm#breakKsm}
     * and a read-only pin of a possibly shared page raise: a present read-only PTE goes to {@code do_wp_page()},
     * which leaves an exclusive folio as it is and replaces a shared one (a KSM folio always) by an exclusive copy,
     * mapped read-only (mm/memory.c {@code wp_page_copy()}: only a write fault makes the new PTE writable). A
     * missing or writable PTE has nothing to unshare. The caller holds {@code mmap_lock}.
     *
     * @return 0 (also when the fault backed out because the PTE changed: the caller looks again)
     */
    public static int handleMmFaultUnshare(Vma vma, long addr) {
        long pte = vma.mm().pteTable(addr).ptepGet(Mm.pteIndex(addr));
        if (!vma.vmaIsAnonymous() || !Pte.ptePresent(pte) || Pte.pteWrite(pte)) {
            return 0;
        }
        return doAnonWpPage(new VmFault(vma, addr, false), pte, true);
    }

    /**
     * {@code do_wp_page()} on a read-only anonymous PTE: reuse the folio if nobody else holds it
     * ({@code wp_can_reuse_anon_folio()}: not KSM, {@code folio_ref_count() == 1}), else {@code wp_page_copy()}: copy
     * it to a new folio and, if the PTE is still the one we faulted on, replace it with a PTE of the copy
     * ({@code ptep_clear_flush()} first), moving the rmap and the mapping's reference. A KSM folio is always copied:
     * this is how a write, or an unshare fault, breaks KSM sharing. A write fault maps the reused folio or the copy
     * writable and dirty; an unshare fault ({@code unshare}) leaves a reused folio's PTE alone and maps the copy
     * read-only.
     */
    private static int doAnonWpPage(VmFault vmf, long orig, boolean unshare) {
        Vma vma = vmf.vma();
        long addr = vmf.address();
        World w = vma.mm().world();
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        Folio old;
        pt.ptl().lock();
        try {
            if (pt.ptepGet(i) != orig) {
                return 0;
            }
            old = w.memMap().pfnFolio(Pte.ptePfn(orig));
            if (!old.folioTestKsm() && old.folioRefCount() == 1) {
                if (!unshare) {
                    pt.setPteAt(i, Pte.pteMkwriteDirty(orig)); // wp_page_reuse()
                }
                return 0;
            }
            old.folioGet();
        } finally {
            pt.ptl().unlock();
        }
        Folio copy = w.memMap().alloc(0);
        for (int k = 0; k < Folio.PAGE_WORDS; k++) {
            copy.writeWord(k, old.readWord(k, "wp_page_copy"), "wp_page_copy");
        }
        boolean replaced = false;
        pt.ptl().lock();
        try {
            if (pt.ptepGet(i) == orig) {
                vma.mm().ptepClearFlush(addr, "wp_page_copy()");
                copy.folioAddRmap();
                pt.setPteAt(i, Pte.pfnPte(copy.pfn(), !unshare, !unshare, false));
                old.folioRemoveRmap();
                replaced = true;
            }
        } finally {
            pt.ptl().unlock();
        }
        if (replaced) {
            old.folioPut(); // the old mapping's reference
        } else {
            copy.folioPut();
        }
        old.folioPut();
        return 0;
    }

    /**
     * A user store of {@code value} into word {@code word} of the page at {@code addr}, as a CPU performs it:
     * through the TLB's cached entry if it is writable (the page table is not looked at), else a page walk, else a
     * write fault ({@link #handleMmFault} under {@code mmap_lock} read) and a retry. Only anonymous VMAs.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a lock it needs is found deadlocked
     */
    public static void userStore(Vma vma, long addr, int word, long value) {
        Mm mm = vma.mm();
        World w = mm.world();
        if (mm.tlb().storeThroughTlb(w, addr, word, value)) {
            return;
        }
        for (;;) {
            if (mm.tlb().walkAndStore(w, mm.pteTable(addr), Mm.pteIndex(addr), addr, word, value)) {
                return;
            }
            mm.mmapLock().downRead();
            try {
                int ret = handleMmFault(vma, addr, true);
                if (ret != 0) {
                    throw new IllegalStateException("user store at " + addr + " of " + vma + ": fault " + ret);
                }
            } finally {
                mm.mmapLock().upRead();
            }
        }
    }

    /** {@code do_fault()}: a missing PTE of a file VMA. */
    private static int doFault(VmFault vmf) {
        if (!vmf.write()) {
            return doReadFault(vmf);
        }
        if (!vmf.vma().isShared()) {
            throw new UnsupportedOperationException("private (COW) file faults are not modelled");
        }
        return doSharedFault(vmf);
    }

    /**
     * {@code __do_fault()}: the VMA's {@code vm_ops->fault}. Returns 0 with the folio locked in
     * {@link VmFault#folio()}, or VM_FAULT_NOPAGE (the filesystem installed the PTE: DAX) or an error.
     */
    private static int doFaultVmOps(VmFault vmf) {
        return vmf.vma().vmOps().fault(vmf);
    }

    /** {@code do_read_fault()}: map the page read-only. */
    private static int doReadFault(VmFault vmf) {
        int ret = doFaultVmOps(vmf);
        if (ret != 0) {
            return ret == VM_FAULT_NOPAGE ? 0 : ret;
        }
        Folio folio = vmf.folio();
        ret = finishFault(vmf.vma(), vmf.address(), folio, false);
        Filemap.folioUnlock(folio);
        if (ret != 0) {
            folio.folioPut();
        }
        return ret == VM_FAULT_NOPAGE ? 0 : ret;
    }

    /**
     * {@code do_shared_fault()}: write fault on a not-present PTE of a shared mapping: {@code vm_ops->fault}, then
     * {@code vm_ops->page_mkwrite} (the filesystem reserves the block), install a writable dirty PTE,
     * {@code fault_dirty_shared_page()}.
     */
    private static int doSharedFault(VmFault vmf) {
        Vma vma = vmf.vma();
        int ret = doFaultVmOps(vmf);
        if (ret != 0) {
            return ret == VM_FAULT_NOPAGE ? 0 : ret;
        }
        Folio folio = vmf.folio();
        if (vma.vmaNeedsDirtyTracking()) {
            ret = vma.vmOps().pageMkwrite(vmf);
            if (ret != 0) {
                // page_mkwrite unlocked the folio.
                folio.folioPut();
                return ret == VM_FAULT_NOPAGE ? 0 : ret;
            }
        }
        ret = finishFault(vma, vmf.address(), folio, true);
        if (ret != 0) {
            Filemap.folioUnlock(folio);
            folio.folioPut();
            return ret == VM_FAULT_NOPAGE ? 0 : ret;
        }
        faultDirtySharedPage(folio);
        return 0;
    }

    /**
     * {@code do_wp_page()} &rarr; {@code wp_page_shared()}: a write to a present read-only PTE of a shared mapping
     * (the page was cleaned by writeback): notify the filesystem ({@code vm_ops->page_mkwrite}), then make the PTE
     * writable and dirty if it is still the one we faulted on. A DAX PTE goes to {@code wp_pfn_shared()}.
     */
    private static int doWpPage(VmFault vmf, long orig) {
        Vma vma = vmf.vma();
        long addr = vmf.address();
        if (Pte.pteDevmap(orig)) {
            return wpPfnShared(vmf);
        }
        World w = vma.mm().world();
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        Folio folio;
        pt.ptl().lock();
        try {
            if (pt.ptepGet(i) != orig) {
                return 0; // changed under us: retry the access
            }
            folio = w.memMap().pfnFolio(Pte.ptePfn(orig));
            folio.folioGet();
        } finally {
            pt.ptl().unlock();
        }
        vmf.setFolio(folio);
        if (vma.vmaNeedsDirtyTracking()) {
            Filemap.folioLock(folio);
            int ret = vma.vmOps().pageMkwrite(vmf);
            if (ret != 0) {
                folio.folioPut();
                return ret == VM_FAULT_NOPAGE ? 0 : ret;
            }
        } else {
            Filemap.folioLock(folio);
        }
        w.at(FAULT_BEFORE_SET_PTE);
        pt.ptl().lock();
        try {
            if (pt.ptepGet(i) != orig) {
                Filemap.folioUnlock(folio);
                folio.folioPut();
                return 0;
            }
            // wp_page_reuse()
            pt.setPteAt(i, Pte.pteMkwriteDirty(orig));
            folio.mkwriteCount.inc();
        } finally {
            pt.ptl().unlock();
        }
        faultDirtySharedPage(folio);
        folio.folioPut();
        return 0;
    }

    /**
     * {@code wp_pfn_shared()}: a write to a read-only DAX PTE (before v6.15 {@code pte_special}, so
     * {@code vm_normal_page()} found no page): the VMA's {@code vm_ops->pfn_mkwrite} (ext4: {@code ext4_dax_fault}).
     */
    private static int wpPfnShared(VmFault vmf) {
        int ret = vmf.vma().vmOps().pfnMkwrite(vmf);
        return ret == VM_FAULT_NOPAGE ? 0 : ret;
    }

    /**
     * {@code finish_fault()} &rarr; {@code set_pte_range()}: under the PTE lock, install a PTE for the locked
     * {@code folio} unless someone else did first. On success the caller's reference now belongs to the mapping.
     *
     * @return 0, or VM_FAULT_NOPAGE if the PTE was no longer empty
     */
    static int finishFault(Vma vma, long addr, Folio folio, boolean write) {
        World w = vma.mm().world();
        w.at(FAULT_BEFORE_SET_PTE);
        PageTable pt = vma.mm().pteTable(addr);
        int i = Mm.pteIndex(addr);
        pt.ptl().lock();
        try {
            long cur = pt.ptepGet(i);
            if (Pte.ptePresent(cur)) {
                return VM_FAULT_NOPAGE;
            }
            folio.folioAddRmap();
            pt.setPteAt(i, Pte.pfnPte(folio.pfn(), write, write, false));
            if (write) {
                folio.mkwriteCount.inc();
            }
            return 0;
        } finally {
            pt.ptl().unlock();
        }
    }

    /** {@code fault_dirty_shared_page()}: mark the locked folio dirty, then unlock it. */
    private static void faultDirtySharedPage(Folio folio) {
        PageWriteback.folioMarkDirty(folio);
        Filemap.folioUnlock(folio);
    }

    /**
     * {@code zap_pte_range()} over {@code [start, end)} of {@code vma}: under each PTE lock, clear the PTE (an
     * {@code xchg}; a design may leave a marker instead, see {@link #ZAP_MARKER}), move its dirty bit to the folio,
     * remove the rmap ({@code _mapcount--}); after the lock, drop the mapping's reference (the TLB is flushed at
     * once in the model, so the put follows directly).
     */
    public static void zapPteRange(Vma vma, long start, long end) {
        World w = vma.mm().world();
        for (long addr = start; addr < end; addr++) {
            PageTable pt = vma.mm().pteTable(addr);
            int i = Mm.pteIndex(addr);
            Folio folio = null;
            pt.ptl().lock();
            try {
                long pte = pt.ptepGetAndClear(i);
                if (Pte.ptePresent(pte)) {
                    folio = w.memMap().pfnFolio(Pte.ptePfn(pte));
                    if (leavesMarker(w, folio, pte)) {
                        // Still under the PTE lock: a walker that takes it sees the marker and the decrement
                        // below together, never one without the other.
                        pt.setPteAt(i, Pte.pteMarker());
                    }
                    if (Pte.pteDirty(pte)) {
                        PageWriteback.folioMarkDirty(folio);
                    }
                    w.at(ZAP_AFTER_CLEAR_PTE);
                    folio.folioRemoveRmap();
                    w.at(ZAP_AFTER_REMOVE_RMAP);
                }
            } finally {
                pt.ptl().unlock();
            }
            if (folio != null) {
                w.at(ZAP_AFTER_UNLOCK);
            }
            if (folio != null && !(folio.isDax() && DaxPage.mappingHoldsNoReference(folio))) {
                folio.folioPut();
            }
        }
    }

    /** Whether the design leaves a {@link ZapMarker} where the present PTE {@code pte} of {@code folio} was. */
    private static boolean leavesMarker(World w, Folio folio, long pte) {
        return switch (w.config().get(ZAP_MARKER)) {
            case NONE -> false;
            case WRITABLE -> folio.mapping() != null && Pte.pteWrite(pte);
            case ANY -> folio.mapping() != null;
        };
    }

    /**
     * {@code unmap_mapping_range()}: zap every PTE that maps file pages {@code [first, first + nr)} of
     * {@code mapping}, in every VMA of {@code i_mmap} (rmap walk under {@code i_mmap_rwsem} read).
     */
    public static void unmapMappingRange(AddressSpace mapping, long first, long nr) {
        mapping.iMmapRwsem().downRead();
        try {
            for (Vma vma : mapping.iMmap()) {
                for (long index = first; index < first + nr; index++) {
                    long addr = vma.vmaAddress(index);
                    if (addr >= 0) {
                        zapPteRange(vma, addr, addr + 1);
                    }
                }
            }
        } finally {
            mapping.iMmapRwsem().upRead();
        }
    }

    /** {@code unmap_mapping_folio()}: zap every PTE mapping this (locked) folio. */
    public static void unmapMappingFolio(Folio folio) {
        AddressSpace mapping = folio.mapping();
        if (mapping != null) {
            unmapMappingRange(mapping, folio.index(), 1);
        }
    }
}
