package org.gupstress.model.mm;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.IrqsDisabled;
import org.gupstress.model.kernel.locking.RwSemaphore;

/**
 * {@code struct mm_struct}: the VMA list under {@code mmap_lock}, and the page tables. Addresses in the model are
 * virtual page numbers (an address of 5 is the sixth page), so {@code addr / PTRS_PER_PTE} picks the page table
 * and {@code addr % PTRS_PER_PTE} the entry. A page table is allocated when the first VMA over its range is mapped
 * ({@link #pteAlloc}) and never freed.
 */
public final class Mm {
    /** Page tables per mm: {@code NR_PGTABLES * PTRS_PER_PTE} pages of address space. */
    public static final int NR_PGTABLES = 4;

    private final World world;
    private final String name;
    private final RwSemaphore mmapLock;
    /**
     * The page tables, null where no VMA was ever mapped. A slot is written once, by {@link #pteAlloc} under
     * {@link #mmapLock} for write, before the VMA over it is linked; every walker reaches an address through a VMA it
     * found under that lock or was handed before the threads started, so it finds the table (plain accesses).
     */
    private final PageTable[] pgtables = new PageTable[NR_PGTABLES];
    /** Guarded by {@link #mmapLock}. */
    private final List<Vma> vmas = new ArrayList<>(2);
    /** The user CPU's TLB for this mm (one entry): see {@link Tlb}. */
    private final Tlb tlb;
    /** {@code mm->tlb_flush_pending}: page-table changes whose TLB flush is batched and not yet done. */
    private final Atomic tlbFlushPending = new Atomic(0);
    /** True if this mm's TLB flushes are IPIs that wait for every CPU ({@link Tlb#FLUSH}, read here once). */
    private final boolean ipiFlush;
    /** The CPUs running this mm with interrupts disabled (GUP-fast walkers), as a flush IPI finds them. */
    private final IrqsDisabled irqsDisabled;

    public Mm(World world, String name) {
        this.world = world;
        this.name = name;
        this.mmapLock = world.newRwSemaphore(name, ".mmap_lock");
        this.tlb = new Tlb(world, name);
        this.ipiFlush = world.config().get(Tlb.FLUSH) == Tlb.FlushModel.IPI;
        this.irqsDisabled = new IrqsDisabled(name, ".irqs_disabled", ipiFlush);
    }

    /** The CPUs running this mm with interrupts disabled: GUP-fast's {@code local_irq_save()} sections. */
    public IrqsDisabled irqsDisabled() {
        return irqsDisabled;
    }

    /**
     * {@code flush_tlb_page(vma, addr)}: invalidates every CPU's cached translation of {@code addr} (after any store
     * in flight through it) and, under {@link Tlb.FlushModel#IPI}, waits until every other CPU that had interrupts
     * disabled when the IPI was sent has re-enabled them ({@link IrqsDisabled#waitForIpiAcks}). The flush model is
     * the mm's, read once when the mm is built: it also decides whether the mm's interrupts-off sections are recorded
     * at all (under {@link Tlb.FlushModel#BROADCAST} nothing can observe them).
     *
     * <p>Memory effects: a full barrier after the invalidation. arm64's {@code flush_tlb_page()} ends with
     * {@code dsb(ish)} (arch/arm64/include/asm/tlbflush.h: {@code flush_tlb_page_nosync(vma, uaddr); dsb(ish);}),
     * which completes every earlier access, the PTE store of {@code ptep_clear_flush()}'s relaxed exchange included,
     * before any later one; on x86 the exchange before it is already a locked instruction. So
     * {@code ptep_clear_flush()} of an accessible PTE is fully ordered on both, and that, not the exchange
     * ({@link PageTable#ptepGetAndClear}), is what its callers that read a count afterwards rely on.
     *
     * @param where names the caller in a report of a deadlocked flush
     * @throws org.gupstress.model.kernel.sched.Hung if the IPI wait closes a deadlock
     */
    public void flushTlbPage(long addr, String where) {
        tlb.invalidate(addr);
        if (ipiFlush) {
            irqsDisabled.waitForIpiAcks(world.watchdog(), world.schedule(), "flush_tlb_page() in " + where);
        }
        Barriers.fullBarrier(world.schedule()); // arm64: dsb(ish)
    }

    /**
     * {@code ptep_clear_flush()} (mm/pgtable-generic.c): {@code ptep_get_and_clear()} (an exchange, relaxed on arm64),
     * then {@link #flushTlbPage} (a full barrier) if the entry was present. The caller holds the PTE lock.
     *
     * @return the entry as it was
     */
    public long ptepClearFlush(long addr, String where) {
        long entry = pteTable(addr).ptepGetAndClear(pteIndex(addr));
        if (Pte.ptePresent(entry)) { // pte_accessible()
            flushTlbPage(addr, where);
        }
        return entry;
    }

    /** The user CPU's TLB for this mm. */
    public Tlb tlb() {
        return tlb;
    }

    /**
     * {@code inc_tlb_flush_pending()}: a batched page-table change (mmu_gather: {@code MADV_FREE},
     * {@code clear_refs}, mprotect) has changed PTEs and will flush later. A void {@code atomic_inc()}, as in
     * include/linux/mm_types.h: "we'll only flush pages after changing them, which requires the PTL", so the PTE lock
     * around the change orders it for {@link #mmTlbFlushPending}'s readers, who hold that lock.
     */
    public void incTlbFlushPending() {
        tlbFlushPending.inc();
    }

    /** {@code mm_tlb_flush_pending()}: READ_ONCE; the caller holds a PTE lock, as the kernel's callers do. */
    public boolean mmTlbFlushPending() {
        return tlbFlushPending.read() > 0;
    }

    public World world() {
        return world;
    }

    public String name() {
        return name;
    }

    /** {@code mm->mmap_lock}. */
    public RwSemaphore mmapLock() {
        return mmapLock;
    }

    /**
     * {@code pte_offset_map()}: the page table that covers {@code addr}, which lies in a VMA (or lay in one: tables
     * are never freed).
     */
    public PageTable pteTable(long addr) {
        return pgtables[(int) (addr / PageTable.PTRS_PER_PTE)];
    }

    /**
     * {@code pte_alloc()} for every table under {@code [start, end)}: a mapping is about to be linked there. The kernel
     * allocates a table at the first fault under it ({@code __pte_alloc()}, under {@code mm->page_table_lock}); the
     * model allocates it at {@code mmap()}, so that no walk ever meets a missing table, and a world pays only for the
     * tables its mappings use. The caller holds {@link #mmapLock} for write.
     */
    void pteAlloc(long start, long end) {
        for (int t = (int) (start / PageTable.PTRS_PER_PTE); t <= (int) ((end - 1) / PageTable.PTRS_PER_PTE); t++) {
            if (pgtables[t] == null) {
                pgtables[t] = new PageTable(world, name, t);
            }
        }
    }

    /** The index of {@code addr}'s entry in its page table. */
    public static int pteIndex(long addr) {
        return (int) (addr % PageTable.PTRS_PER_PTE);
    }

    /**
     * {@code ptep_get_lockless()} of {@code addr}'s PTE: a walk with no lock at all, as GUP-fast does. An address
     * under which nothing was ever mapped has no table: its entry is none ({@code pmd_none()}), as GUP-fast finds it.
     */
    public long ptepGetLockless(long addr) {
        PageTable pt = pteTable(addr);
        return pt == null ? 0 : pt.ptepGetLockless(pteIndex(addr));
    }

    /** {@code find_vma()}: the VMA containing {@code addr}, or null. The caller holds {@code mmap_lock}. */
    public Vma findVma(long addr) {
        for (Vma v : vmas) {
            if (v.contains(addr)) {
                return v;
            }
        }
        return null;
    }

    /** The VMA list; the caller holds {@code mmap_lock}. */
    List<Vma> vmas() {
        return vmas;
    }

    @Override
    public String toString() {
        return name;
    }
}
