package org.gupstress.model.mm;

import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.LongArray;

import org.gupstress.model.kernel.locking.SpinLock;

/**
 * One page-table page: {@link #PTRS_PER_PTE} PTE words and the split PTE lock that guards changes to them
 * ({@code pte_lockptr()}). Readers that hold no lock (GUP-fast) read entries with {@code ptep_get_lockless()}.
 *
 * <p>Access modes: {@code ptep_get()} / {@code ptep_get_lockless()} are READ_ONCE (opaque);
 * {@code set_pte_at()} is WRITE_ONCE (opaque; on x86 {@code native_set_pte()}); {@code ptep_get_and_clear()} is
 * an {@code xchg} whose ordering is the architecture's, and the model takes the weaker one ({@link #ptepGetAndClear}).
 * Page tables are never freed in the model (GUP-fast vs page-table freeing is a later family).
 */
public final class PageTable {
    /** PTEs per table in the model (512 on x86-64; a handful is enough here). */
    public static final int PTRS_PER_PTE = 16;


    private final long[] ptes = new long[PTRS_PER_PTE];
    private final SpinLock ptl;

    /** The PTE lock's name after its mm's, per table index: built once, not per world. */
    private static final String[] PTL_SUFFIX = new String[Mm.NR_PGTABLES];

    static {
        for (int i = 0; i < PTL_SUFFIX.length; i++) {
            PTL_SUFFIX[i] = ".pt" + i + ".ptl";
        }
    }

    /** Table {@code index} of the mm named {@code mmName}. */
    PageTable(World world, String mmName, int index) {
        this.ptl = world.newSpinLock(mmName, PTL_SUFFIX[index]);
        SharedStructure.created(this, ptes);
    }

    /** {@code pte_lockptr()}: the split PTE lock of this table. */
    public SpinLock ptl() {
        return ptl;
    }

    /** {@code ptep_get()}: READ_ONCE. */
    public long ptepGet(int i) {
        return LongArray.readOnce(ptes, i);
    }

    /** {@code ptep_get_lockless()}: READ_ONCE, for walkers that hold no lock (a 64-bit PTE cannot tear). */
    public long ptepGetLockless(int i) {
        return LongArray.readOnce(ptes, i);
    }

    /** {@code set_pte_at()}: WRITE_ONCE; the caller holds the PTE lock. */
    public void setPteAt(int i, long pte) {
        LongArray.writeOnce(ptes, i, pte);
    }

    /**
     * {@code ptep_get_and_clear()}: exchange the entry with 0. Not the fully ordered {@code xchg()} of the generic
     * atomics: x86's {@code native_ptep_get_and_clear()} is a locked {@code xchg} (full), but arm64's
     * {@code __ptep_get_and_clear()} is {@code xchg_relaxed(&pte_val(*ptep), 0)} (arch/arm64/include/asm/pgtable.h),
     * which orders nothing. The model takes a release exchange ({@link LongArray#xchgRelease}; Java has no relaxed one): a
     * later load may pass the clear, as on arm64, so a caller that needs the clear visible before a later load must
     * get that from elsewhere: {@code ptep_clear_flush()} from its TLB flush ({@link Mm#flushTlbPage}), zap from
     * the PTE lock its readers take. (The release half orders earlier accesses before the clear, which arm64 does not
     * promise; nothing in the model relies on it.) On x86 hardware the JIT emits {@code xchg} whatever the mode, so
     * only a run on a weakly ordered machine can show the difference.
     */
    public long ptepGetAndClear(int i) {
        return LongArray.xchgRelease(ptes, i, 0L);
    }
}
