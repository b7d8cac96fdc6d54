package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

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
 * Memory effects are stated per method, with the kernel name. Under a controlling schedule (the explorer,
 * {@code Interleaving.inEveryWorld()}) every access is reported exactly as the same access of a {@link Word} is
 * ({@link FieldAccess}), under the field's location ({@code Schedule.location}): loads are traced and may be
 * forwarded from the thread's store buffer or, under the weak memory model, read an older write; stores are
 * buffered (TSO) or placed in the field's modification order (weak), without being a point the thread stops at;
 * RMWs drain the buffer ({@link StoreBuffer}) and are reported as a read and a write. The structure registers itself
 * ({@link SharedStructure#created}) so that the explorer's reduction can name the field from one schedule to the
 * next.
 */
public final class IntField {
    private final VarHandle handle;
    private final String name;

    private IntField(VarHandle handle, String name) {
        this.handle = handle;
        this.name = name;
    }

    /** The descriptor of field {@code name} of {@code owner}, which {@code lookup} can access. */
    public static IntField of(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            return new IntField(lookup.findVarHandle(owner, name, int.class), name);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Initialization before the structure is shared (a plain store, not reported). */
    public void init(Object o, int v) {
        handle.set(o, v);
    }

    /** {@code READ_ONCE()}: an opaque load, no ordering. */
    public int readOnce(Object o) {
        return load(o, false);
    }

    /** {@code WRITE_ONCE()}: an opaque store, no ordering (bufferable under a controlling schedule). */
    public void writeOnce(Object o, int v) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            handle.setOpaque(o, v);
        } else {
            FieldAccess.store(s, o, this, 0, (int) handle.getOpaque(o), v, false, () -> handle.setOpaque(o, v));
        }
    }

    /** {@code smp_load_acquire()}: later accesses are not reordered before it. */
    public int loadAcquire(Object o) {
        return load(o, true);
    }

    /**
     * {@code smp_store_release()}: earlier accesses are not reordered after it (bufferable under a controlling
     * schedule: the emulated buffer is FIFO, so earlier stores still become visible first).
     */
    public void storeRelease(Object o, int v) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            handle.setRelease(o, v);
        } else {
            FieldAccess.store(s, o, this, 0, (int) handle.getOpaque(o), v, true, () -> handle.setRelease(o, v));
        }
    }

    /** {@code atomic_add_return()}: fully ordered (as if smp_mb() stood before and after); the new value. */
    public int addReturn(Object o, int delta) {
        return fetchAdd(o, delta) + delta;
    }

    /** {@code atomic_fetch_add()}: fully ordered; the old value. */
    public int fetchAdd(Object o, int delta) {
        Schedule s = FieldAccess.beforeRmw();
        VarHandle.fullFence();
        int old = (int) handle.getAndAdd(o, delta);
        VarHandle.fullFence();
        if (s != null) {
            FieldAccess.rmw(s, o, this, 0, old, true, old + delta);
        }
        return old;
    }

    /**
     * {@code atomic_cmpxchg()}: the value found; fully ordered when it equals {@code expected}, unordered
     * otherwise (a failure seen by the first read is that load alone).
     */
    public int cmpxchg(Object o, int expected, int v) {
        int seen = readOnce(o);
        if (seen != expected) {
            return seen;
        }
        Schedule s = FieldAccess.beforeRmw();
        VarHandle.fullFence();
        int old = (int) handle.compareAndExchange(o, expected, v);
        if (old == expected) {
            VarHandle.fullFence();
        }
        if (s != null) {
            FieldAccess.rmw(s, o, this, 0, old, old == expected, v);
        }
        return old;
    }

    /**
     * A sequentially consistent load of model bookkeeping that stands for no kernel access (an oracle's flag: "the
     * memmap was freed"). Not reported to a controlling schedule and never served from a store buffer or an older
     * write, so that an oracle neither misses an event nor orders the accesses it observes.
     */
    public int oracleGet(Object o) {
        return (int) handle.getVolatile(o);
    }

    /** A sequentially consistent store of model bookkeeping (see {@link #oracleGet}); never buffered, never reported. */
    public void oracleSet(Object o, int v) {
        handle.setVolatile(o, v);
    }

    private int load(Object o, boolean acquire) {
        int v = acquire ? (int) handle.getAcquire(o) : (int) handle.getOpaque(o);
        Schedule s = Schedules.everyWorld();
        return s == null ? v : (int) FieldAccess.load(s, o, this, 0, acquire, v);
    }

    /** The field's name. */
    @Override
    public String toString() {
        return name;
    }
}
