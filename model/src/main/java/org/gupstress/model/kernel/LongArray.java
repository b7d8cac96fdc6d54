package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * The marked accesses of the elements of a {@code long[]} (a page table's PTEs, a page's or a block's data words):
 * static code over the caller's array, so an array costs nothing more. Under a controlling schedule each element is
 * a location reported as a {@link Word} is (see {@link IntField}); the array registers itself with
 * {@link SharedStructure#created}.
 */
public final class LongArray {
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(long[].class);

    private LongArray() {
    }

    /** {@code READ_ONCE(a[i])}: an opaque load, no ordering. */
    public static long readOnce(long[] a, int i) {
        long v = (long) ELEMENT.getOpaque(a, i);
        Schedule s = Schedules.everyWorld();
        return s == null ? v : FieldAccess.load(s, a, null, i, false, v);
    }

    /** {@code WRITE_ONCE(a[i], v)}: an opaque store, no ordering (bufferable under a controlling schedule). */
    public static void writeOnce(long[] a, int i, long v) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            ELEMENT.setOpaque(a, i, v);
        } else {
            FieldAccess.store(s, a, null, i, (long) ELEMENT.getOpaque(a, i), v, false, () -> ELEMENT.setOpaque(a, i, v));
        }
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
        return reported(a, i, old, v);
    }

    /**
     * {@code xchg_release(&a[i], v)}: earlier accesses are ordered before it, later ones are not ordered after it;
     * returns the old value. The model's stand-in for {@code xchg_relaxed()} (Java has no relaxed exchange), e.g.
     * arm64's {@code __ptep_get_and_clear()}. Earlier buffered stores drain first, as the release orders them.
     */
    public static long xchgRelease(long[] a, int i, long v) {
        StoreBuffer.drain();
        return reported(a, i, (long) ELEMENT.getAndSetRelease(a, i, v), v);
    }

    private static long reported(long[] a, int i, long old, long v) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            FieldAccess.rmw(s, a, null, i, old, true, v);
        }
        return old;
    }
}
