package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * The marked accesses of the elements of a pointer array (the page cache's slots, a file's block map, the memory
 * map's pages): static code over the caller's array. Under a controlling schedule each element is a location
 * reported as a {@link Pointer} is: traced, its stores visible at once after draining the thread's store buffer
 * ({@link StoreBuffer}; the emulated buffer forwards {@code long} values only). The array registers itself with
 * {@link SharedStructure#created}.
 */
public final class RefArray {
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    private RefArray() {
    }

    /** {@code smp_load_acquire(&a[i])} (or {@code rcu_dereference()}): later accesses are not reordered before it. */
    @SuppressWarnings("unchecked")
    public static <T> T loadAcquire(T[] a, int i) {
        T v = (T) ELEMENT.getAcquire((Object[]) a, i);
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            FieldAccess.ref(s, a, null, i, false, v);
        }
        return v;
    }

    /** {@code smp_store_release(&a[i], v)} (or {@code rcu_assign_pointer()}): earlier accesses are ordered before it. */
    public static <T> void storeRelease(T[] a, int i, T v) {
        StoreBuffer.drain();
        ELEMENT.setRelease((Object[]) a, i, v);
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            FieldAccess.ref(s, a, null, i, true, v);
        }
    }
}
