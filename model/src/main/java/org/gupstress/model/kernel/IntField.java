package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The marked accesses of an {@code int} field of a model structure ({@code inode->i_nlink}, an embedded
 * {@code atomic_t} whose RMWs all return a value), declared once per field as a {@code static final} constant in the
 * style of {@link java.util.concurrent.atomic.AtomicIntegerFieldUpdater}, so a structure pays nothing per field:
 *
 * <pre>{@code
 * private static final IntField NLINK = IntField.of(MethodHandles.lookup(), Inode.class, "iNlink");
 * ... NLINK.readOnce(this) ...
 * }</pre>
 *
 * Memory effects are stated per method, with the kernel name. Accesses through a field descriptor are not reported
 * to a controlling schedule: the explorer neither sees nor buffers them (a structure field has no object of its own to
 * name it by; {@link Word} and {@link Atomic} do); a store or RMW through one first drains the thread's emulated
 * store buffer ({@link StoreBuffer}).
 */
public final class IntField {
    private final VarHandle handle;

    private IntField(VarHandle handle) {
        this.handle = handle;
    }

    /** The descriptor of field {@code name} of {@code owner}, which {@code lookup} can access. */
    public static IntField of(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            return new IntField(lookup.findVarHandle(owner, name, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Initialization before the structure is shared (a plain store). */
    public void init(Object o, int v) {
        handle.set(o, v);
    }

    /** {@code READ_ONCE()}: an opaque load, no ordering. */
    public int readOnce(Object o) {
        return (int) handle.getOpaque(o);
    }

    /** {@code WRITE_ONCE()}: an opaque store, no ordering. */
    public void writeOnce(Object o, int v) {
        StoreBuffer.drain();
        handle.setOpaque(o, v);
    }

    /** {@code smp_load_acquire()}: later accesses are not reordered before it. */
    public int loadAcquire(Object o) {
        return (int) handle.getAcquire(o);
    }

    /** {@code smp_store_release()}: earlier accesses are not reordered after it. */
    public void storeRelease(Object o, int v) {
        StoreBuffer.drain();
        handle.setRelease(o, v);
    }

    /** {@code atomic_add_return()}: fully ordered (as if smp_mb() stood before and after); the new value. */
    public int addReturn(Object o, int delta) {
        return fetchAdd(o, delta) + delta;
    }

    /** {@code atomic_fetch_add()}: fully ordered; the old value. */
    public int fetchAdd(Object o, int delta) {
        StoreBuffer.drain();
        VarHandle.fullFence();
        int old = (int) handle.getAndAdd(o, delta);
        VarHandle.fullFence();
        return old;
    }

    /**
     * {@code atomic_cmpxchg()}: the value found; fully ordered when it equals {@code expected}, unordered otherwise
     * (a failure seen by the first read is that load alone).
     */
    public int cmpxchg(Object o, int expected, int v) {
        int seen = readOnce(o);
        if (seen != expected) {
            return seen;
        }
        StoreBuffer.drain();
        VarHandle.fullFence();
        int old = (int) handle.compareAndExchange(o, expected, v);
        if (old == expected) {
            VarHandle.fullFence();
        }
        return old;
    }
}
