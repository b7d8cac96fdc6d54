package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code atomic_t} (include/linux/atomic.h) and the bit operations of include/linux/bitops.h on one 32-bit
 * word, with the kernel's ordering rules (Documentation/atomic_t.txt) mapped onto Java access modes:
 *
 * <ul>
 *   <li>{@code atomic_read()} / {@code test_bit()}: READ_ONCE, an opaque load, no ordering;</li>
 *   <li>{@code atomic_read_acquire()}: a load-acquire;</li>
 *   <li>void RMW ({@code atomic_add/inc/dec/sub}, {@code set_bit}, {@code clear_bit}): atomic but
 *       <em>unordered</em>. Its store is a plain store that may wait in the store buffer while later loads of
 *       the same CPU complete, which is exactly what {@code smp_mb__after_atomic()} exists to forbid;</li>
 *   <li>{@code clear_bit_unlock()}: RMW with release semantics;</li>
 *   <li>value-returning RMW ({@code atomic_add_return}, {@code atomic_dec_and_test},
 *       {@code atomic_cmpxchg} and {@code atomic_add_unless} on success, {@code atomic_xchg},
 *       {@code test_and_set_bit}, {@code test_and_clear_bit}): fully ordered, as if {@code smp_mb()} stood
 *       before and after;</li>
 *   <li>{@code test_and_set_bit_lock()}: acquire on success.</li>
 * </ul>
 *
 * <p><b>Why not {@code VarHandle.getAndAdd}.</b> On x86 every LOCK-prefixed instruction is a full barrier, so
 * a Java {@code getAndAdd} for a void atomic would hide the store-to-load reordering that arm64, POWER and RISC-V
 * allow after {@code atomic_inc()}, and a design that drops {@code smp_mb__after_atomic()} could never be
 * witnessed here. Instead, writers serialize on a writer lock (the CAS that takes it plays the part of arm64's
 * {@code ldxr}), read the value, and publish the result with a plain store (the {@code stxr}) before releasing
 * the lock: atomic with respect to every other RMW of this atomic, yet with no barrier after the store.
 * Value-returning RMWs take the same lock and add {@code VarHandle.fullFence()} on both sides. The lock is held
 * for a handful of instructions and never across a blocking call.
 *
 * <p><b>Why the lock is on its own cache line.</b> The CAS that takes the lock makes its cache line exclusive
 * to the writer. Were the value on that line (as in a first version, with the lock as a bit of the value's
 * word), the publishing store would hit an exclusive line and leave the store buffer within a few cycles: the
 * reordering was then possible but measured at about one sample in a million in the GUP-fast race, against
 * about one in a thousand with the value on a line of its own, where the store may have to fetch the line and
 * waits in the store buffer as a plain store does (JCStress's own store-buffering test). The padding of
 * {@link AtomicPadding} keeps the two 64 bytes apart; the value's line is never taken by anything but the
 * store itself.
 *
 * <p>Memory effects of the reads: a reader never sees a half-applied RMW: the value changes only with the
 * single store that publishes it.
 */
public final class Atomic extends AtomicPadding {
    /** Spins before the waiting writer starts yielding: the holder may have been preempted. */
    private static final int SPINS_BEFORE_YIELD = 128;

    private static final VarHandle VALUE;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VALUE = l.findVarHandle(Atomic.class, "value", int.class);
            WRITER = l.findVarHandle(AtomicWriterLock.class, "writer", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The atomic_t's counter. Accessed only through {@link #VALUE}, with the mode each operation documents. */
    @SuppressWarnings("unused")
    private int value;

    /** {@code ATOMIC_INIT(i)}: published by the final-field semantics of whoever constructs the owner. */
    public Atomic(int initial) {
        VALUE.set(this, initial);
    }

    // ------------------------------------------------------------------------------------------------
    // Loads and stores.

    /** {@code atomic_read()}: READ_ONCE. No ordering. */
    public int read() {
        return (int) VALUE.getOpaque(this);
    }

    /** {@code atomic_read_acquire()}: later accesses of this thread are not reordered before this load. */
    public int readAcquire() {
        return (int) VALUE.getAcquire(this);
    }

    /** {@code atomic_set()}: WRITE_ONCE. Serializes with concurrent RMWs; no ordering. */
    public void set(int v) {
        lockWriter();
        publish(v);
    }

    /** {@code atomic_set_release()}: earlier accesses of this thread are ordered before the store. */
    public void setRelease(int v) {
        VarHandle.releaseFence();
        set(v);
    }

    // ------------------------------------------------------------------------------------------------
    // Void RMW: atomic, unordered.

    /** {@code atomic_add(i, v)}: atomic and unordered; follow with smp_mb__after_atomic() to order it. */
    public void add(int delta) {
        int old = lockWriter();
        publish(old + delta);
    }

    /** {@code atomic_sub(i, v)}: atomic and unordered. */
    public void sub(int delta) {
        add(-delta);
    }

    /** {@code atomic_inc(v)}: atomic and unordered. */
    public void inc() {
        add(1);
    }

    /** {@code atomic_dec(v)}: atomic and unordered. */
    public void dec() {
        add(-1);
    }

    /** {@code set_bit(nr, addr)}: atomic and unordered. */
    public void setBit(int nr) {
        int old = lockWriter();
        publish(old | (1 << nr));
    }

    /** {@code clear_bit(nr, addr)}: atomic and unordered. */
    public void clearBit(int nr) {
        int old = lockWriter();
        publish(old & ~(1 << nr));
    }

    /** {@code clear_bit_unlock(nr, addr)}: release: the critical section is ordered before the clear. */
    public void clearBitUnlock(int nr) {
        VarHandle.releaseFence();
        clearBit(nr);
    }

    // ------------------------------------------------------------------------------------------------
    // Value-returning RMW: fully ordered.

    /** {@code atomic_add_return(i, v)}: fully ordered; returns the new value. */
    public int addReturn(int delta) {
        VarHandle.fullFence();
        int old = lockWriter();
        int updated = old + delta;
        publish(updated);
        VarHandle.fullFence();
        return updated;
    }

    /** {@code atomic_fetch_add(i, v)}: fully ordered; returns the old value. */
    public int fetchAdd(int delta) {
        return addReturn(delta) - delta;
    }

    /** {@code atomic_sub_return(i, v)}: fully ordered; returns the new value. */
    public int subReturn(int delta) {
        return addReturn(-delta);
    }

    /** {@code atomic_inc_return(v)}. */
    public int incReturn() {
        return addReturn(1);
    }

    /** {@code atomic_dec_return(v)}. */
    public int decReturn() {
        return addReturn(-1);
    }

    /** {@code atomic_dec_and_test(v)}: fully ordered; true when the new value is 0. */
    public boolean decAndTest() {
        return addReturn(-1) == 0;
    }

    /** {@code atomic_sub_and_test(i, v)}: fully ordered; true when the new value is 0. */
    public boolean subAndTest(int delta) {
        return addReturn(-delta) == 0;
    }

    /** {@code atomic_xchg(v, new)}: fully ordered; returns the old value. */
    public int xchg(int v) {
        VarHandle.fullFence();
        int old = lockWriter();
        publish(v);
        VarHandle.fullFence();
        return old;
    }

    /**
     * {@code atomic_cmpxchg(v, old, new)}: returns the value found; fully ordered when it equals {@code expected}
     * (the exchange happened), unordered otherwise.
     */
    public int cmpxchg(int expected, int v) {
        VarHandle.fullFence();
        int old = lockWriter();
        if (old == expected) {
            publish(v);
            VarHandle.fullFence();
        } else {
            unlockWriter();
        }
        return old;
    }

    /**
     * {@code atomic_add_unless(v, a, u)}: adds {@code delta} unless the value is {@code unless}; true if it
     * added. Fully ordered on success, unordered on failure (Documentation/atomic_t.txt).
     */
    public boolean addUnless(int delta, int unless) {
        VarHandle.fullFence();
        int old = lockWriter();
        if (old == unless) {
            unlockWriter();
            return false;
        }
        publish(old + delta);
        VarHandle.fullFence();
        return true;
    }

    /** {@code atomic_inc_not_zero(v)}: {@code addUnless(1, 0)}. */
    public boolean incNotZero() {
        return addUnless(1, 0);
    }

    /** {@code test_and_set_bit(nr, addr)}: fully ordered; returns the old bit. */
    public boolean testAndSetBit(int nr) {
        VarHandle.fullFence();
        int old = lockWriter();
        publish(old | (1 << nr));
        VarHandle.fullFence();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_and_clear_bit(nr, addr)}: fully ordered; returns the old bit. */
    public boolean testAndClearBit(int nr) {
        VarHandle.fullFence();
        int old = lockWriter();
        publish(old & ~(1 << nr));
        VarHandle.fullFence();
        return (old & (1 << nr)) != 0;
    }

    /**
     * {@code test_and_set_bit_lock(nr, addr)}: acquire semantics when it sets the bit (the lock is taken);
     * returns the old bit.
     */
    public boolean testAndSetBitLock(int nr) {
        int old = lockWriter();
        publish(old | (1 << nr));
        VarHandle.acquireFence();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_bit(nr, addr)}: READ_ONCE of the word, no ordering. */
    public boolean testBit(int nr) {
        return (read() & (1 << nr)) != 0;
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * Takes the writer lock and returns the value it protects. The CAS is an acquire (on x86 a LOCK CMPXCHG, a
     * full barrier): it may order the RMW after earlier accesses, which is stronger than a void atomic needs, but
     * it never hides the reordering that matters, a later load passing the plain store that publishes the result.
     */
    private int lockWriter() {
        int spins = 0;
        while ((int) WRITER.getOpaque(this) != 0 || !WRITER.weakCompareAndSetAcquire(this, 0, 1)) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return (int) VALUE.getOpaque(this);
    }

    /**
     * Publishes {@code v} with a plain (opaque) store and releases the writer lock. The release orders the value
     * store before the lock is seen free, so the next writer reads {@code v}; nothing orders it before this
     * thread's later loads.
     */
    private void publish(int v) {
        VALUE.setOpaque(this, v);
        unlockWriter();
    }

    private void unlockWriter() {
        WRITER.setRelease(this, 0);
    }

    @Override
    public String toString() {
        return Integer.toString(read());
    }
}

/** The writer lock of an {@link Atomic}, first in the object layout. */
abstract class AtomicWriterLock {
    /** 1 while a writer is between taking the lock and publishing; accessed through a VarHandle only. */
    @SuppressWarnings("unused")
    int writer;
}

/**
 * 64 bytes between {@link AtomicWriterLock#writer} and {@link Atomic}'s value: HotSpot lays out superclass
 * fields first, so the two never share a cache line (see {@link Atomic}, "Why the lock is on its own cache line").
 */
abstract class AtomicPadding extends AtomicWriterLock {
    @SuppressWarnings("unused")
    long p0, p1, p2, p3, p4, p5, p6, p7;
}
