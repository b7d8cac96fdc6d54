package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * A kernel pointer variable shared between threads (a {@code struct foo *} read with {@code READ_ONCE()} or
 * {@code rcu_dereference()}), the reference twin of {@link Word}: marked loads and stores and {@code xchg()} /
 * {@code cmpxchg()}. RCU publishes and reads one through {@code Rcu#rcuAssignPointer} and
 * {@code Rcu#rcuDereference}.
 *
 * <p>Under a controlling schedule (explorer, scripts) its accesses are reported ({@link Schedule#accessed}, the value
 * being the target's identity hash) but its stores are not buffered: they become visible at once, which is stronger
 * than {@link Word#writeOnce}. The schedule's store buffer forwards {@code long} values only. So that such a store
 * never overtakes the thread's earlier buffered stores (TSO's buffer is FIFO, and a release orders them before it),
 * it drains the thread's store buffer first ({@link StoreBuffer}): without that, the explorer reached
 * MP+onceassign+derefonce's "Never" outcome under TSO.
 *
 * @param <T> the pointed-to type
 */
public final class Pointer<T> {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Pointer.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed only through {@link #VALUE}. */
    @SuppressWarnings("unused")
    private Object value;

    public Pointer(T initial) {
        VALUE.set(this, initial);
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.created(this);
        }
    }

    /** {@code READ_ONCE(p)}: opaque load, no ordering. */
    @SuppressWarnings("unchecked")
    public T readOnce() {
        return traced(false, (T) VALUE.getOpaque(this));
    }

    /** {@code smp_load_acquire(&p)}: later accesses are not reordered before it. */
    @SuppressWarnings("unchecked")
    public T loadAcquire() {
        return traced(false, (T) VALUE.getAcquire(this));
    }

    /** {@code WRITE_ONCE(p, v)}: opaque store, no ordering. */
    public void writeOnce(T v) {
        StoreBuffer.drain(); // earlier buffered stores first: see the class comment
        VALUE.setOpaque(this, traced(true, v));
    }

    /** {@code smp_store_release(&p, v)}: earlier accesses are not reordered after it. */
    public void storeRelease(T v) {
        StoreBuffer.drain(); // earlier buffered stores first: see the class comment
        VALUE.setRelease(this, traced(true, v));
    }

    /** {@code xchg(&p, v)}: fully ordered; returns the old pointer. */
    @SuppressWarnings("unchecked")
    public T xchg(T v) {
        StoreBuffer.drain();
        VarHandle.fullFence();
        T old = (T) VALUE.getAndSet(this, v);
        VarHandle.fullFence();
        traced(false, old);
        traced(true, v);
        return old;
    }

    /**
     * {@code cmpxchg(&p, old, new)}: returns the pointer found (compared by identity); fully ordered when it is
     * {@code expected}, unordered otherwise (a failure seen by the first read is that load alone).
     */
    @SuppressWarnings("unchecked")
    public T cmpxchg(T expected, T v) {
        T seen = readOnce();
        if (seen != expected) {
            return seen;
        }
        StoreBuffer.drain();
        VarHandle.fullFence();
        T old = (T) VALUE.compareAndExchange(this, expected, v);
        if (old == expected) {
            VarHandle.fullFence();
            traced(true, v);
        }
        return old;
    }

    private T traced(boolean write, T v) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.accessed(this, write, System.identityHashCode(v));
        }
        return v;
    }

    @Override
    public String toString() {
        return String.valueOf(VALUE.getOpaque(this));
    }
}
