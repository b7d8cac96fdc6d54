package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

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
 * allow after {@code atomic_inc()}, and a design that drops {@code smp_mb__after_atomic()} could never be witnessed
 * here. Instead, writers serialize on a separate writer lock (the CAS that takes it plays the part of arm64's
 * {@code ldxr}), and a void RMW publishes its result with a plain release store (the {@code stxr}) before it drops
 * the lock: atomic with respect to every other RMW of this value, yet with no barrier after the store.
 * Value-returning RMWs take the same lock and add {@code VarHandle.fullFence()} on both sides. The lock is held for
 * a handful of instructions and never across a blocking call.
 *
 * <p><b>Why the lock lives on another cache line.</b> The value's store must be able to wait in the store buffer,
 * as a real one does when its cache line is not exclusively owned (another CPU has just read it). If the lock bit
 * shared the value's word, the CAS that takes it would bring that very line into the Modified state and the store
 * would commit a few cycles later: measured on x86, a store-buffering litmus test built that way showed the
 * reordering in 2 of a million runs, against 4% with the lock on its own line (plain stores: 4%).
 *
 * <p>Memory effects of the reads: a reader never sees a half-applied RMW: the value changes only with the single
 * store that publishes it.
 *
 * <p><b>What the void RMWs cannot show.</b> Documentation/atomic_t.txt makes a void RMW fully unordered: accesses
 * before it may be reordered after it (what {@code smp_mb__before_atomic()} forbids), and accesses after it before it
 * ({@code smp_mb__after_atomic()}). Here only the second half is real, and only partly:
 * <ul>
 *   <li><em>Earlier accesses never pass a void RMW.</em> Its store is a release store, so every earlier load and
 *       store of the thread is ordered before it on any host; on an x86 host the CAS that takes the writer lock is a
 *       {@code LOCK CMPXCHG}, a full barrier, which also drains earlier stores before the RMW reads the value. A
 *       void RMW therefore behaves as {@code smp_mb__before_atomic(); atomic_op()} (at least as
 *       {@code atomic_op_release()}): a design that forgets {@code smp_mb__before_atomic()} cannot be witnessed by
 *       JCStress, and no model site calls {@code World#smpMbBeforeAtomic}, which would change nothing. (The
 *       explorer is the one exception: a {@code WRITE_ONCE} of a {@link Word} still in its emulated store buffer
 *       becomes visible after a later void RMW, which publishes at once.)</li>
 *   <li><em>Later loads may pass the store</em> (store-to-load, on every host: the store can wait in the store
 *       buffer); <em>later stores</em> may become visible before it only on a host that reorders store-release with a
 *       later plain store (arm64, POWER), never on x86. So a missing {@code smp_mb__after_atomic()} is witnessed
 *       through store buffering on any host, the other reorderings it forbids only on weakly ordered ones.</li>
 *   <li><em>Under the explorer</em> ({@code gupstress explore}) a void RMW publishes at once unless its site is a
 *       bufferable store ({@link org.gupstress.model.kernel.sched.Schedule#store}); the named sites are GUP-fast's
 *       pin and the DAX page put.</li>
 * </ul>
 * Where the kernel uses a void RMW the model uses one too ({@code gup_put_folio()}'s
 * {@code atomic_sub(&folio->_pincount)}, {@code inc_tlb_flush_pending()}); where it uses a value-returning one, so
 * does the model. Making the pre-store side as weak as LKMM allows is a change of this class's implementation, not
 * of its callers.
 */
public final class Atomic extends AtomicPadding {
    /** Spins before the waiting writer starts yielding: the holder may have been preempted. */
    private static final int SPINS_BEFORE_YIELD = 128;

    private static final VarHandle VALUE;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VALUE = l.findVarHandle(AtomicValue.class, "value", int.class);
            WRITER = l.findVarHandle(Atomic.class, "writer", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The writer lock: 1 while a writer is between its CAS and its publishing store. Accessed through {@link #WRITER}. */
    @SuppressWarnings("unused")
    private int writer;

    /** {@code ATOMIC_INIT(i)}: published by the final-field semantics of whoever constructs the owner. */
    public Atomic(int initial) {
        VALUE.set(this, initial);
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.created(this);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Loads and stores.

    /** {@code atomic_read()}: READ_ONCE. No ordering. */
    public int read() {
        return traced(false, (int) VALUE.getOpaque(this));
    }

    /** {@code atomic_read_acquire()}: later accesses of this thread are not reordered before this load. */
    public int readAcquire() {
        return traced(false, (int) VALUE.getAcquire(this));
    }

    /** {@code atomic_set()}: WRITE_ONCE. Serializes with concurrent RMWs; no ordering. */
    public void set(int value) {
        lockWord();
        publish(value);
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
        int old = lockWord();
        publish(old | (1 << nr));
    }

    /** {@code clear_bit(nr, addr)}: atomic and unordered. */
    public void clearBit(int nr) {
        int old = lockWord();
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
        int old = lockWord();
        int updated = old + delta;
        VALUE.setRelease(this, traced(true, updated));
        VarHandle.fullFence();
        unlockWord();
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
        VALUE.setRelease(this, traced(true, value));
        VarHandle.fullFence();
        unlockWord();
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
            VALUE.setRelease(this, traced(true, value));
            VarHandle.fullFence();
        }
        unlockWord();
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
            unlockWord();
            return false;
        }
        VALUE.setRelease(this, traced(true, old + delta));
        VarHandle.fullFence();
        unlockWord();
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
        VALUE.setRelease(this, traced(true, old | (1 << nr)));
        VarHandle.fullFence();
        unlockWord();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_and_clear_bit(nr, addr)}: fully ordered; returns the old bit. */
    public boolean testAndClearBit(int nr) {
        VarHandle.fullFence();
        int old = lockWord();
        VALUE.setRelease(this, traced(true, old & ~(1 << nr)));
        VarHandle.fullFence();
        unlockWord();
        return (old & (1 << nr)) != 0;
    }

    /**
     * {@code test_and_set_bit_lock(nr, addr)}: acquire semantics when it sets the bit (the lock is taken);
     * returns the old bit.
     */
    public boolean testAndSetBitLock(int nr) {
        int old = lockWord();
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
     * Takes the writer lock and returns the value it protects. The CAS is an acquire (on x86 a LOCK CMPXCHG, a full
     * barrier): it may order the RMW after earlier accesses, which is stronger than a void atomic needs, but it never
     * hides the reordering that matters, a later load passing the plain store that publishes the result.
     */
    private int lockWord() {
        int spins = 0;
        for (;;) {
            if ((int) WRITER.getOpaque(this) == 0 && WRITER.weakCompareAndSetAcquire(this, 0, 1)) {
                return traced(false, (int) VALUE.getOpaque(this));
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Drops the writer lock (release: the value's store is visible to the next writer before the lock is free). */
    private void unlockWord() {
        WRITER.setRelease(this, 0);
    }

    /**
     * The store that publishes a void RMW's result (release, no barrier after it), then the unlock: the store may
     * still sit in the store buffer when the next load of this thread executes.
     */
    private void publish(int value) {
        VALUE.setRelease(this, traced(true, value));
        unlockWord();
    }

    /**
     * Tells a controlling schedule (the explorer) what this thread read or wrote, for its timeline and footprints;
     * returns {@code value}. A plain read of a static field outside exploration.
     */
    private int traced(boolean write, int value) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.accessed(this, write, value);
        }
        return value;
    }

    @Override
    public String toString() {
        return Integer.toString(read());
    }
}

/** The value of an {@link Atomic}, alone at the start of the object so that padding separates it from the lock. */
abstract class AtomicValue {
    /** Accessed only through {@code Atomic.VALUE}. */
    @SuppressWarnings("unused")
    int value;
}

/**
 * 64 bytes between an {@link Atomic}'s value and its writer lock: the JVM lays out superclass fields first, so the
 * two never share a cache line (see the class comment of {@link Atomic}).
 */
@SuppressWarnings("unused")
abstract class AtomicPadding extends AtomicValue {
    long p0;
    long p1;
    long p2;
    long p3;
    long p4;
    long p5;
    long p6;
    long p7;
}
