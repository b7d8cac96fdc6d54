package org.gupstress.model.kernel;

/**
 * The marked accesses of the elements of a pointer array (the page cache's slots, a file's block map, the memory
 * map's pages): static code over the caller's array. Not reported to a controlling schedule (see {@link IntField}).
 */
public final class RefArray {
    private static final java.lang.invoke.VarHandle ELEMENT =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(Object[].class);

    private RefArray() {
    }

    /** {@code smp_load_acquire(&a[i])} (or {@code rcu_dereference()}): later accesses are not reordered before it. */
    @SuppressWarnings("unchecked")
    public static <T> T loadAcquire(T[] a, int i) {
        return (T) ELEMENT.getAcquire((Object[]) a, i);
    }

    /** {@code smp_store_release(&a[i], v)} (or {@code rcu_assign_pointer()}): earlier accesses are ordered before it. */
    public static <T> void storeRelease(T[] a, int i, T v) {
        StoreBuffer.drain();
        ELEMENT.setRelease((Object[]) a, i, v);
    }
}
