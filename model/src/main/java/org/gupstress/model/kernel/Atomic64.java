package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongUnaryOperator;

import org.gupstress.model.kernel.sched.Order;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * {@code atomic64_t} and, on a 64-bit kernel, {@code atomic_long_t} (include/linux/atomic/atomic-long.h maps every
 * {@code atomic_long_*()} to {@code atomic64_*()} there): the 64-bit twin of {@link Atomic}, with the same
 * implementation and the same memory effects per operation (writer lock on its own cache line, void RMWs and
 * {@code set} published by a release store with no barrier after it, value-returning RMWs fully ordered or as
 * their suffix says, failed conditional RMWs unordered), and the same treatment by a controlling schedule
 * ({@link AtomicHooks}): under {@code tso} the set and the void RMWs are bufferable stores at
 * {@link Atomic#VOID_RMW}, forwarded to the thread's own reads, and the value-returning RMWs drain the buffer first;
 * under {@code weak} the reads and sets are the weak model's {@code READ_ONCE()}/{@code WRITE_ONCE()} and the RMWs
 * its RMWs, ordered as their suffix says. {@link Atomic}'s class comment says what the JVM on x86 and each explore
 * model can and cannot show; it applies here unchanged.
 */
public final class Atomic64 extends Atomic64Padding {
    private static final VarHandle VALUE;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VALUE = l.findVarHandle(Atomic64Value.class, "value", long.class);
            WRITER = l.findVarHandle(Atomic64.class, "writer", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The writer lock ({@link WriterLock}). */
    @SuppressWarnings("unused")
    private int writer;

    /** {@code ATOMIC64_INIT(i)}. */
    public Atomic64(long initial) {
        VALUE.set(this, initial);
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.created(this);
        }
    }

    /**
     * {@code atomic64_read()}: READ_ONCE, no ordering. Under a controlling schedule as {@link Atomic#read()}: the
     * thread's own buffered store forwarded (TSO), any write the thread is not yet ordered after (weak).
     */
    public long read() {
        return AtomicHooks.load(Schedules.everyWorld(), this, false, (long) VALUE.getOpaque(this));
    }

    /** {@code atomic64_read_acquire()}: later accesses of this thread are not reordered before this load. */
    public long readAcquire() {
        return AtomicHooks.load(Schedules.everyWorld(), this, true, (long) VALUE.getAcquire(this));
    }

    /** {@code atomic64_set()}: unordered, atomic with respect to RMWs, as {@link Atomic#set}. */
    public void set(long value) {
        store(value, false);
    }

    /** {@code atomic64_set_release()}: earlier accesses of this thread are ordered before the store. */
    public void setRelease(long value) {
        store(value, true);
    }

    /** {@code atomic64_add(i, v)}: atomic and unordered, as {@link Atomic#add(int)}. */
    public void add(long delta) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            publish(lockWord() + delta);
        } else if (modelledRmw(false, delta, false, 0, Order.RELAXED) != null) {
            s.at(Atomic.VOID_RMW);
        } else {
            Long own = s.forwarded(this);
            long seen = own != null ? own : WriterLock.traced(this, false, (long) VALUE.getOpaque(this));
            s.store(Atomic.VOID_RMW, this, seen + delta, () -> publish(lockWord() + delta));
        }
    }

    /** {@code atomic64_sub(i, v)}: atomic and unordered. */
    public void sub(long delta) {
        add(-delta);
    }

    /** {@code atomic64_inc(v)}: atomic and unordered. */
    public void inc() {
        add(1);
    }

    /** {@code atomic64_dec(v)}: atomic and unordered. */
    public void dec() {
        add(-1);
    }

    /** {@code atomic64_add_return(i, v)}: fully ordered; returns the new value. */
    public long addReturn(long delta) {
        return addOrdered(delta, Order.FULL) + delta;
    }

    /** {@code atomic64_add_return_relaxed(i, v)}: atomic, unordered; returns the new value. */
    public long addReturnRelaxed(long delta) {
        return addOrdered(delta, Order.RELAXED) + delta;
    }

    /** {@code atomic64_add_return_acquire(i, v)}: acquire; returns the new value. */
    public long addReturnAcquire(long delta) {
        return addOrdered(delta, Order.ACQUIRE) + delta;
    }

    /** {@code atomic64_add_return_release(i, v)}: release; returns the new value. */
    public long addReturnRelease(long delta) {
        return addOrdered(delta, Order.RELEASE) + delta;
    }

    /** {@code atomic64_fetch_add(i, v)}: fully ordered; returns the old value. */
    public long fetchAdd(long delta) {
        return addOrdered(delta, Order.FULL);
    }

    /** {@code atomic64_sub_return(i, v)}: fully ordered; returns the new value. */
    public long subReturn(long delta) {
        return addReturn(-delta);
    }

    /** {@code atomic64_dec_and_test(v)}: fully ordered; true when the new value is 0. */
    public boolean decAndTest() {
        return addReturn(-1) == 0;
    }

    /** {@code atomic64_xchg(v, new)}: fully ordered; returns the old value. */
    public long xchg(long value) {
        Long modelled = modelledRmw(true, value, false, 0, Order.FULL);
        if (modelled != null) {
            return modelled;
        }
        StoreBuffer.drain();
        Order.FULL.before();
        long old = lockWord();
        VALUE.setRelease(this, WriterLock.traced(this, true, value));
        Order.FULL.after();
        WriterLock.unlock(WRITER, this);
        return old;
    }

    /**
     * {@code atomic64_cmpxchg(v, old, new)}: returns the value found; fully ordered on success, unordered on
     * failure (a failure seen by the first, unlocked read is that plain load alone).
     */
    public long cmpxchg(long expected, long value) {
        long seen = read();
        if (seen != expected) {
            return seen;
        }
        Long modelled = modelledRmw(true, value, true, expected, Order.FULL);
        if (modelled != null) {
            return modelled;
        }
        StoreBuffer.drain();
        long old = lockWord();
        if (old == expected) {
            Order.FULL.before();
            VALUE.setRelease(this, WriterLock.traced(this, true, value));
            Order.FULL.after();
        }
        WriterLock.unlock(WRITER, this);
        return old;
    }

    /** {@code atomic64_try_cmpxchg(v, &old, new)}: true if it exchanged; ordering as {@link #cmpxchg}. */
    public boolean tryCmpxchg(long expected, long value) {
        return cmpxchg(expected, value) == expected;
    }

    private long addOrdered(long delta, Order order) {
        Long modelled = modelledRmw(false, delta, false, 0, order);
        if (modelled != null) {
            return modelled;
        }
        StoreBuffer.drain();
        order.before();
        long old = lockWord();
        VALUE.setRelease(this, WriterLock.traced(this, true, old + delta));
        order.after();
        WriterLock.unlock(WRITER, this);
        return old;
    }

    /** As {@link Atomic}'s set: the writer lock and a release store, or the schedule's bufferable store. */
    private void store(long value, boolean release) {
        if (release) {
            VarHandle.releaseFence();
        }
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            lockWord();
            publish(value);
            return;
        }
        s.store(Atomic.VOID_RMW, this, (long) VALUE.getOpaque(this), value, release, () -> {
            WriterLock.lock(WRITER, this);
            VALUE.setRelease(this, value);
            WriterLock.unlock(WRITER, this);
        });
    }

    /**
     * The weak memory model's RMW ({@link AtomicHooks#rmw}): an exchange with {@code arg} ({@code exchange}) or an add
     * of it, writing only if the value read is {@code expected} when {@code conditional}; or null when no such model
     * controls the thread (then it allocates nothing).
     */
    private Long modelledRmw(boolean exchange, long arg, boolean conditional, long expected, Order order) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            return null;
        }
        LongUnaryOperator op = exchange ? old -> arg : old -> old + arg;
        return AtomicHooks.rmw(s, this, () -> (long) VALUE.getOpaque(this), op,
                conditional ? old -> old == expected : null, order, v -> VALUE.setRelease(this, v));
    }

    private long lockWord() {
        WriterLock.lock(WRITER, this);
        return WriterLock.traced(this, false, (long) VALUE.getOpaque(this));
    }

    /** The release store of a void RMW's result (no barrier after it), then the unlock. */
    private void publish(long value) {
        VALUE.setRelease(this, WriterLock.traced(this, true, value));
        WriterLock.unlock(WRITER, this);
    }

    @Override
    public String toString() {
        return Long.toString(read());
    }
}

/** The value of an {@link Atomic64}, alone at the start of the object. */
abstract class Atomic64Value {
    /** Accessed only through {@code Atomic64.VALUE}. */
    @SuppressWarnings("unused")
    long value;
}

/** 64 bytes between an {@link Atomic64}'s value and its writer lock (see {@link Atomic}). */
@SuppressWarnings("unused")
abstract class Atomic64Padding extends Atomic64Value {
    long p0;
    long p1;
    long p2;
    long p3;
    long p4;
    long p5;
    long p6;
    long p7;
}
