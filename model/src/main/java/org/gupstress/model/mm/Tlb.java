package org.gupstress.model.mm;

import org.gupstress.model.World;
import org.gupstress.model.kernel.locking.SpinLock;

/**
 * One CPU's TLB for one mm, reduced to a single entry: the translation of one address that a user thread running
 * on that CPU has cached, with the PTE's write and dirty bits as they were when it was cached. A store through a
 * cached writable entry never looks at the page table again: if the PTE was since made read-only (or pointed
 * elsewhere) and the TLB not yet flushed, the store still lands in the old page. That is what
 * {@code mm_tlb_flush_pending()} warns about (b3a81d0841a9, "mm: fix KSM data corruption").
 *
 * <p>A flush ({@code flush_tlb_page()}) invalidates the entry; the real one is an IPI that the target CPU
 * acknowledges between instructions, so a store in flight completes before the flush returns. The model gets that
 * with a lock around each store-through-the-TLB and each flush.
 *
 * <p>Simplified: only {@link Ksm}'s {@code ptep_clear_flush()} calls and the anonymous COW of
 * {@link Memory#userStore} flush it; other PTE clears in the model ({@code folio_mkclean()}, zap) do not, because
 * no scenario that fills a TLB runs them.
 */
public final class Tlb {
    private final SpinLock ipi;
    /** Guarded by {@link #ipi}: the cached address, or -1. */
    private long addr = -1;
    /** Guarded by {@link #ipi}: the cached PTE. */
    private long entry;

    Tlb(World world, String name) {
        this.ipi = world.newSpinLock(name + ".tlb");
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

    /** {@code flush_tlb_page()}: drop the entry for {@code addr}, after any store in flight through it. */
    public void flushTlbPage(long addr) {
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
