package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The marked accesses of a pointer field of a model structure ({@code folio->mapping}, {@code folio->private}), the
 * reference twin of {@link IntField}: declared once per field as a {@code static final} constant, so a structure
 * pays nothing per field. Not reported to a controlling schedule (see {@link IntField}).
 *
 * @param <T> the field's type
 */
public final class RefField<T> {
    private final VarHandle handle;

    private RefField(VarHandle handle) {
        this.handle = handle;
    }

    /** The descriptor of field {@code name} of type {@code type} in {@code owner}. */
    public static <T> RefField<T> of(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<T> type) {
        try {
            return new RefField<>(lookup.findVarHandle(owner, name, type));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code READ_ONCE()}: an opaque load, no ordering. */
    @SuppressWarnings("unchecked")
    public T readOnce(Object o) {
        return (T) handle.getOpaque(o);
    }

    /** {@code WRITE_ONCE()}: an opaque store, no ordering. */
    public void writeOnce(Object o, T v) {
        StoreBuffer.drain();
        handle.setOpaque(o, v);
    }

    /** {@code smp_load_acquire()}: later accesses are not reordered before it. */
    @SuppressWarnings("unchecked")
    public T loadAcquire(Object o) {
        return (T) handle.getAcquire(o);
    }

    /** {@code smp_store_release()}: earlier accesses are not reordered after it. */
    public void storeRelease(Object o, T v) {
        StoreBuffer.drain();
        handle.setRelease(o, v);
    }
}
