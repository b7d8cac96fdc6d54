package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The marked accesses of the elements of a {@code long[]} (a page table's PTEs, a page's or a block's data words):
 * static code over the caller's array, so an array costs nothing more. Not reported to a controlling schedule (see
 * {@link IntField}).
 */
public final class LongArray {
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(long[].class);

    private LongArray() {
    }

    /** {@code READ_ONCE(a[i])}: an opaque load, no ordering. */
    public static long readOnce(long[] a, int i) {
        return (long) ELEMENT.getOpaque(a, i);
    }

    /** {@code WRITE_ONCE(a[i], v)}: an opaque store, no ordering. */
    public static void writeOnce(long[] a, int i, long v) {
        StoreBuffer.drain();
        ELEMENT.setOpaque(a, i, v);
    }

    /**
     * {@code xchg(&a[i], v)}: fully ordered (as if smp_mb() stood before and after); returns the old value. On x86 an
     * {@code XCHG}, which is what {@code ptep_get_and_clear()} is there (arch/x86/include/asm/pgtable_64.h
     * {@code native_ptep_get_and_clear()} on SMP).
     */
    public static long xchg(long[] a, int i, long v) {
        StoreBuffer.drain();
        VarHandle.fullFence();
        long old = (long) ELEMENT.getAndSet(a, i, v);
        VarHandle.fullFence();
        return old;
    }
}
