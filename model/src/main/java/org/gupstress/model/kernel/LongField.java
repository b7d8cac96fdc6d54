package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The marked accesses of a {@code long} field of a model structure ({@code folio->index}, {@code inode->i_size}),
 * the 64-bit twin of {@link IntField}, declared once per field as a {@code static final} constant in the
 * style of {@link java.util.concurrent.atomic.AtomicLongFieldUpdater}, so a structure pays nothing per field:
 *
 * <pre>{@code
 * private static final LongField INDEX = LongField.of(MethodHandles.lookup(), Folio.class, "index");
 * ... INDEX.readOnce(this) ...
 * }</pre>
 *
 * Memory effects are stated per method, with the kernel name. Accesses through a field descriptor are not reported
 * to a controlling schedule: the explorer neither sees nor buffers them (a structure field has no object of its own to
 * name it by; {@link Word} and {@link Atomic} do); a store or RMW through one first drains the thread's emulated
 * store buffer ({@link StoreBuffer}).
 */
public final class LongField {
    private final VarHandle handle;

    private LongField(VarHandle handle) {
        this.handle = handle;
    }

    /** The descriptor of field {@code name} of {@code owner}, which {@code lookup} can access. */
    public static LongField of(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            return new LongField(lookup.findVarHandle(owner, name, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Initialization before the structure is shared (a plain store). */
    public void init(Object o, long v) {
        handle.set(o, v);
    }

    /** {@code READ_ONCE()}: an opaque load, no ordering. */
    public long readOnce(Object o) {
        return (long) handle.getOpaque(o);
    }

    /** {@code WRITE_ONCE()}: an opaque store, no ordering. */
    public void writeOnce(Object o, long v) {
        StoreBuffer.drain();
        handle.setOpaque(o, v);
    }

    /** {@code smp_load_acquire()}: later accesses are not reordered before it. */
    public long loadAcquire(Object o) {
        return (long) handle.getAcquire(o);
    }

    /** {@code smp_store_release()}: earlier accesses are not reordered after it. */
    public void storeRelease(Object o, long v) {
        StoreBuffer.drain();
        handle.setRelease(o, v);
    }

    /** {@code atomic64_add_return()}: fully ordered (as if smp_mb() stood before and after); the new value. */
    public long addReturn(Object o, long delta) {
        return fetchAdd(o, delta) + delta;
    }

    /** {@code atomic64_fetch_add()}: fully ordered; the old value. */
    public long fetchAdd(Object o, long delta) {
        StoreBuffer.drain();
        VarHandle.fullFence();
        long old = (long) handle.getAndAdd(o, delta);
        VarHandle.fullFence();
        return old;
    }

    /**
     * {@code atomic64_cmpxchg()}: the value found; fully ordered when it equals {@code expected}, unordered otherwise
     * (a failure seen by the first read is that load alone).
     */
    public long cmpxchg(Object o, long expected, long v) {
        long seen = readOnce(o);
        if (seen != expected) {
            return seen;
        }
        StoreBuffer.drain();
        VarHandle.fullFence();
        long old = (long) handle.compareAndExchange(o, expected, v);
        if (old == expected) {
            VarHandle.fullFence();
        }
        return old;
    }
}
