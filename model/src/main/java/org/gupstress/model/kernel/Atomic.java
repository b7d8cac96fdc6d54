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
 * witnessed here. Instead, writers serialize on a lock bit in the same 64-bit word (the CAS that takes it plays
 * the part of arm64's {@code ldxr}), and a void RMW publishes its result with a plain release store that also
 * clears the bit (the {@code stxr}): atomic with respect to every other RMW of this word, yet with no barrier
 * after the store. Value-returning RMWs take the same bit and add {@code VarHandle.fullFence()} on both sides.
 * The bit is held for a handful of instructions and never across a blocking call.
 *
 * <p>Memory effects of the reads: a reader never sees the lock bit (it is masked off) and never sees a
 * half-applied RMW: the value bits change only with the single store that also releases the bit.
 */
public final class Atomic {
    /** Bit 32 of the word: a writer is between its CAS and its publishing store. Values live in bits 0-31. */
    private static final long WRITER = 1L << 32;
    private static final long VALUE_MASK = 0xFFFF_FFFFL;
    /** Spins before the waiting writer starts yielding: the holder may have been preempted. */
    private static final int SPINS_BEFORE_YIELD = 128;

    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(Atomic.class, "word", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed only through {@link #WORD}, with the mode each operation documents. */
    @SuppressWarnings("unused")
    private long word;

    /** {@code ATOMIC_INIT(i)}: published by the final-field semantics of whoever constructs the owner. */
    public Atomic(int initial) {
        WORD.set(this, initial & VALUE_MASK);
    }

    // ------------------------------------------------------------------------------------------------
    // Loads and stores.

    /** {@code atomic_read()}: READ_ONCE. No ordering. */
    public int read() {
        return (int) (long) WORD.getOpaque(this);
    }

    /** {@code atomic_read_acquire()}: later accesses of this thread are not reordered before this load. */
    public int readAcquire() {
        return (int) (long) WORD.getAcquire(this);
    }

    /** {@code atomic_set()}: WRITE_ONCE. Serializes with concurrent RMWs; no ordering. */
    public void set(int value) {
        lockWord();
        WORD.setRelease(this, value & VALUE_MASK);
    }

    /** {@code atomic_set_release()}: earlier accesses of this thread are ordered before the store. */
    public void setRelease(int value) {
        VarHandle.releaseFence();
        set(value);
    }

    // ------------------------------------------------------------------------------------------------
    // Void RMW: atomic, unordered.

    /** {@code atomic_add(i, v)}: atomic and unordered; follow with smp_mb__after_atomic() to order it. */
    public void add(int delta) {
        int old = lockWord();
        WORD.setRelease(this, (old + delta) & VALUE_MASK);
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
        int old = lockWord();
        WORD.setRelease(this, (old | (1 << nr)) & VALUE_MASK);
    }

    /** {@code clear_bit(nr, addr)}: atomic and unordered. */
    public void clearBit(int nr) {
        int old = lockWord();
        WORD.setRelease(this, (old & ~(1 << nr)) & VALUE_MASK);
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
        int old = lockWord();
        int updated = old + delta;
        WORD.setRelease(this, updated & VALUE_MASK);
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
    public int xchg(int value) {
        VarHandle.fullFence();
        int old = lockWord();
        WORD.setRelease(this, value & VALUE_MASK);
        VarHandle.fullFence();
        return old;
    }

    /**
     * {@code atomic_cmpxchg(v, old, new)}: returns the value found; fully ordered when it equals {@code expected}
     * (the exchange happened), unordered otherwise.
     */
    public int cmpxchg(int expected, int value) {
        VarHandle.fullFence();
        int old = lockWord();
        if (old == expected) {
            WORD.setRelease(this, value & VALUE_MASK);
            VarHandle.fullFence();
        } else {
            WORD.setRelease(this, old & VALUE_MASK);
        }
        return old;
    }

    /**
     * {@code atomic_add_unless(v, a, u)}: adds {@code delta} unless the value is {@code unless}; true if it
     * added. Fully ordered on success, unordered on failure (Documentation/atomic_t.txt).
     */
    public boolean addUnless(int delta, int unless) {
        VarHandle.fullFence();
        int old = lockWord();
        if (old == unless) {
            WORD.setRelease(this, old & VALUE_MASK);
            return false;
        }
        WORD.setRelease(this, (old + delta) & VALUE_MASK);
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
        int old = lockWord();
        WORD.setRelease(this, (old | (1 << nr)) & VALUE_MASK);
        VarHandle.fullFence();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_and_clear_bit(nr, addr)}: fully ordered; returns the old bit. */
    public boolean testAndClearBit(int nr) {
        VarHandle.fullFence();
        int old = lockWord();
        WORD.setRelease(this, (old & ~(1 << nr)) & VALUE_MASK);
        VarHandle.fullFence();
        return (old & (1 << nr)) != 0;
    }

    /**
     * {@code test_and_set_bit_lock(nr, addr)}: acquire semantics when it sets the bit (the lock is taken);
     * returns the old bit.
     */
    public boolean testAndSetBitLock(int nr) {
        int old = lockWord();
        WORD.setRelease(this, (old | (1 << nr)) & VALUE_MASK);
        VarHandle.acquireFence();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_bit(nr, addr)}: READ_ONCE of the word, no ordering. */
    public boolean testBit(int nr) {
        return (read() & (1 << nr)) != 0;
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * Takes the writer bit and returns the value it protects. The CAS is an acquire (on x86 a LOCK CMPXCHG, a
     * full barrier): it may order the RMW after earlier accesses, which is stronger than a void atomic needs,
     * but it never hides the reordering that matters, a later load passing the plain store that publishes the
     * result.
     */
    private int lockWord() {
        int spins = 0;
        for (;;) {
            long cur = (long) WORD.getOpaque(this);
            if ((cur & WRITER) == 0 && WORD.weakCompareAndSetAcquire(this, cur, cur | WRITER)) {
                return (int) cur;
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    @Override
    public String toString() {
        return Integer.toString(read());
    }
}
