package org.gupstress.model.mm;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.locking.SpinLock;

/**
 * One CPU's TLB for one mm, reduced to a single entry: the translation of one address that a user thread running
 * on that CPU has cached, with the PTE's write and dirty bits as they were when it was cached. A store through a
 * cached writable entry never looks at the page table again: if the PTE was since made read-only (or pointed
 * elsewhere) and the TLB not yet flushed, the store still lands in the old page. That is what
 * {@code mm_tlb_flush_pending()} warns about (b3a81d0841a9, "mm: fix KSM data corruption").
 *
 * <p>A flush ({@code flush_tlb_page()}, {@link Mm#flushTlbPage}) invalidates the entry after any store in flight
 * through it: an IPI is acknowledged between instructions, and arm64's broadcast {@code TLBI} is complete at the
 * {@code DSB} that follows it. The model gets that with a lock around each store-through-the-TLB and each flush.
 * Whether the flush also waits for CPUs running with interrupts disabled is {@link #FLUSH}.
 *
 * <p>Simplified: only {@code ptep_clear_flush()} ({@link Mm#ptepClearFlush}: {@code folio_mkclean()}, KSM, the
 * anonymous COW of {@link Memory#userStore}) flushes; zap batches its flush in an mmu_gather the model does not
 * have, and no scenario that fills a TLB runs it.
 */
public final class Tlb {
    /**
     * How a TLB flush reaches the other CPUs of the mm, and so whether it waits for a lockless page-table walker
     * (GUP-fast) that runs with interrupts disabled. Nothing else about the flush differs in the model.
     */
    public enum FlushModel {
        /**
         * A broadcast invalidation that does not wait for anyone's interrupts-off section: arm64
         * ({@code __flush_tlb_page_nosync()}: {@code dsb(ishst); __tlbi(vale1is, addr)}, then {@code dsb(ish)};
         * arch/arm64/include/asm/tlbflush.h; "HW can do tlb shootdown, so we don't need to record cpumask for
         * sending IPI"), x86 with AMD's INVLPGB ({@code flush_tlb_mm_range()}: {@code if (mm_global_asid(mm))
         * broadcast_tlb_flush(info)}, arch/x86/mm/tlb.c, Rik van Riel, 2025), and x86 guests whose paravirt flush skips a vCPU
         * the host preempted ({@code kvm_flush_tlb_multi()}: a preempted vCPU gets {@code KVM_VCPU_FLUSH_TLB}
         * instead of an IPI, arch/x86/kernel/kvm.c), which may have been preempted inside GUP-fast's section.
         * The weakest behaviour the generic mm/gup.c must be correct under, hence the default.
         */
        BROADCAST,
        /**
         * An IPI to every other CPU of {@code mm_cpumask(mm)}, waited for: x86 bare metal
         * ({@code flush_tlb_mm_range()} &rarr; {@code flush_tlb_multi()} &rarr; {@code native_flush_tlb_multi()}
         * &rarr; {@code on_each_cpu_cond_mask(should_flush_tlb, flush_tlb_func, info, true, cpumask)}). A CPU in
         * GUP-fast's {@code local_irq_save()} section acknowledges only after {@code local_irq_restore()}, so the
         * flush returns only after the walker's whole section ({@link org.gupstress.model.kernel.IrqsDisabled}).
         * x86's own lockless GUP relied on it and never re-read the PTE (arch/x86/mm/gup.c, Nick Piggin, 2008,
         * until x86 switched to the generic GUP-fast, e585513b76f7, 2017).
         */
        IPI
    }

    /**
     * The flush model of {@link Mm#flushTlbPage}, read once when an {@link Mm} is built. RCU table freeing
     * ({@code MMU_GATHER_RCU_TABLE_FREE}: arm64 always, x86 if PARAVIRT and unconditionally since a37259732a7d,
     * 2025) is the other half of what lets GUP-fast walk without locks: it keeps a page-table page alive for a
     * walker whose interrupts-off section holds off the grace period. It matters only where page tables are freed;
     * the model never frees one (see {@link PageTable}), and {@code folio_mkclean()} frees none, so it is not a
     * choice here.
     */
    public static final Knob<FlushModel> FLUSH = Knob.of("tlb.flush", FlushModel.BROADCAST,
            "whether a TLB flush waits for CPUs with interrupts off (x86 IPI) or not (arm64 TLBI, x86 INVLPGB)");

    private final SpinLock ipi;
    /** Guarded by {@link #ipi}: the cached address, or -1. */
    private long addr = -1;
    /** Guarded by {@link #ipi}: the cached PTE. */
    private long entry;

    Tlb(World world, String name) {
        this.ipi = world.newSpinLock(name, ".tlb");
    }

    /**
     * A store of {@code value} into word {@code word} at {@code addr} through a cached writable entry, as the CPU
     * does it. Takes the TLB's lock, so a concurrent flush either precedes the store or waits for it.
     *
     * @return true if the entry was cached writable and the store is done; false on a TLB miss (walk the table)
     */
    boolean storeThroughTlb(World w, long addr, int word, long value) {
        ipi.lock();
        try {
            if (this.addr != addr || !Pte.pteWrite(entry)) {
                return false;
            }
            w.memMap().pfnFolio(Pte.ptePfn(entry)).writeWord(word, value, "store through the TLB");
            return true;
        } finally {
            ipi.unlock();
        }
    }

    /**
     * A page walk after a miss: under the TLB's lock, read the PTE; if it is present and writable, cache it and
     * store through it.
     *
     * @return true if the store is done; false if the PTE does not allow it (the caller takes a write fault)
     */
    boolean walkAndStore(World w, PageTable pt, int i, long addr, int word, long value) {
        ipi.lock();
        try {
            long pte = pt.ptepGet(i);
            if (!Pte.ptePresent(pte) || !Pte.pteWrite(pte)) {
                return false;
            }
            this.addr = addr;
            this.entry = pte;
            w.memMap().pfnFolio(Pte.ptePfn(pte)).writeWord(word, value, "store after a page walk");
            return true;
        } finally {
            ipi.unlock();
        }
    }

    /** Drops the entry for {@code addr}, after any store in flight through it: the invalidation of a flush. */
    void invalidate(long addr) {
        ipi.lock();
        try {
            if (this.addr == addr) {
                this.addr = -1;
                this.entry = 0;
            }
        } finally {
            ipi.unlock();
        }
    }
}
