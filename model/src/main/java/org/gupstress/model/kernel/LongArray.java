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

    /**
     * {@code xchg_release(&a[i], v)}: earlier accesses are ordered before it, later ones are not ordered after it;
     * returns the old value. The model's stand-in for {@code xchg_relaxed()} (Java has no relaxed exchange), e.g.
     * arm64's {@code __ptep_get_and_clear()}. Earlier buffered stores drain first, as the release orders them.
     */
    public static long xchgRelease(long[] a, int i, long v) {
        StoreBuffer.drain();
        return (long) ELEMENT.getAndSetRelease(a, i, v);
    }
}
