package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * The marked accesses of a pointer field of a model structure ({@code folio->mapping}, {@code folio->private}), the
 * reference twin of {@link IntField}: declared once per field as a {@code static final} constant, so a structure
 * pays nothing per field. Under a controlling schedule its accesses are reported as a {@link Pointer}'s are: traced
 * under the field's location, its stores visible at once after draining the thread's store buffer
 * ({@link StoreBuffer}; the emulated buffer forwards {@code long} values only).
 *
 * @param <T> the field's type
 */
public final class RefField<T> {
    private final VarHandle handle;
    private final String name;

    private RefField(VarHandle handle, String name) {
        this.handle = handle;
        this.name = name;
    }

    /** The descriptor of field {@code name} of type {@code type} in {@code owner}. */
    public static <T> RefField<T> of(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<T> type) {
        try {
            return new RefField<>(lookup.findVarHandle(owner, name, type), name);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code READ_ONCE()}: an opaque load, no ordering. */
    @SuppressWarnings("unchecked")
    public T readOnce(Object o) {
        return traced(o, false, (T) handle.getOpaque(o));
    }

    /** {@code WRITE_ONCE()}: an opaque store, no ordering. */
    public void writeOnce(Object o, T v) {
        StoreBuffer.drain(); // earlier buffered stores first, as Pointer's
        handle.setOpaque(o, traced(o, true, v));
    }

    /** {@code smp_load_acquire()}: later accesses are not reordered before it. */
    @SuppressWarnings("unchecked")
    public T loadAcquire(Object o) {
        return traced(o, false, (T) handle.getAcquire(o));
    }

    /** {@code smp_store_release()}: earlier accesses are not reordered after it. */
    public void storeRelease(Object o, T v) {
        StoreBuffer.drain();
        handle.setRelease(o, traced(o, true, v));
    }

    /** {@code xchg(&p, v)}: fully ordered (as if smp_mb() stood before and after); returns the old pointer. */
    @SuppressWarnings("unchecked")
    public T xchg(Object o, T v) {
        StoreBuffer.drain();
        VarHandle.fullFence();
        T old = (T) handle.getAndSet(o, v);
        VarHandle.fullFence();
        traced(o, false, old);
        traced(o, true, v);
        return old;
    }

    private T traced(Object o, boolean write, T v) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            FieldAccess.ref(s, o, this, 0, write, v);
        }
        return v;
    }

    /** The field's name. */
    @Override
    public String toString() {
        return name;
    }
}
