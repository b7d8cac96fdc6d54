package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongPredicate;

import org.gupstress.model.kernel.sched.Order;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
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
 * ({@code smp_mb__after_atomic()}). On the JVM only the second half is real, and only partly:
 * <ul>
 *   <li><em>Earlier accesses never pass a void RMW.</em> Its store is a release store, so every earlier load and
 *       store of the thread is ordered before it on any host; on an x86 host the CAS that takes the writer lock is a
 *       {@code LOCK CMPXCHG}, a full barrier, which also drains earlier stores before the RMW reads the value. A
 *       void RMW therefore behaves as {@code smp_mb__before_atomic(); atomic_op()} (at least as
 *       {@code atomic_op_release()}): a design that forgets {@code smp_mb__before_atomic()} cannot be witnessed by
 *       JCStress, and no model site calls {@code World#smpMbBeforeAtomic}, which would change nothing. The
 *       explorer's buffer is FIFO, so it cannot show it either.</li>
 *   <li><em>Later loads may pass the store</em> (store-to-load, on every host: the store can wait in the store
 *       buffer); <em>later stores</em> may become visible before it only on a host that reorders store-release with a
 *       later plain store (arm64, POWER), never on x86. So a missing {@code smp_mb__after_atomic()} is witnessed
 *       through store buffering on any host, the other reorderings it forbids only on weakly ordered ones.</li>
 *   <li><em>Under the explorer</em> the {@code tso} model shows what x86 shows (its buffer is FIFO), and the
 *       {@code weak} model both halves: a void RMW there is the LKMM's unordered {@code __atomic_op}, so a missing
 *       {@code smp_mb__before_atomic()} or {@code smp_mb__after_atomic()} is witnessed (the table below).</li>
 * </ul>
 *
 * <h2>Memory effects per operation, on the JVM and under each explore model</h2>
 * Each public method names its row (tools/memory-model/linux-kernel.def is the LKMM's mapping this follows):
 * <table>
 *   <caption>Ordering of each kind of operation</caption>
 *   <tr><th>row</th><th>JVM (JCStress)</th><th>explore {@code sc}</th><th>explore {@code tso} (default)</th>
 *       <th>explore {@code weak}</th></tr>
 *   <tr><td><b>[read]</b> {@code atomic_read()}, {@code test_bit()}</td><td>opaque load</td><td>reads memory</td>
 *       <td>the thread's own buffered set or void RMW of this value (forwarded), else memory</td>
 *       <td>{@code READ_ONCE()}: any write the thread is not yet ordered after</td></tr>
 *   <tr><td><b>[read-acquire]</b> {@code atomic_read_acquire()}</td><td>acquire load</td><td>as [read]</td>
 *       <td>as [read]</td><td>{@code smp_load_acquire()}</td></tr>
 *   <tr><td><b>[set]</b> {@code atomic_set()}</td><td>writer lock, release store (on x86 the lock's
 *       {@code LOCK CMPXCHG} orders earlier stores before it; later loads may pass it)</td>
 *       <td>visible at once</td><td>buffered at {@link #VOID_RMW} (FIFO), forwarded</td>
 *       <td>{@code WRITE_ONCE()}: placed in the modification order after the thread's view, never between an RMW and
 *       the write it read</td></tr>
 *   <tr><td><b>[set-release]</b> {@code atomic_set_release()}</td><td>release fence, then as [set]</td>
 *       <td>as [set]</td><td>as [set] (the FIFO buffer keeps it behind earlier stores)</td>
 *       <td>{@code smp_store_release()}</td></tr>
 *   <tr><td><b>[void]</b> void RMWs: {@code atomic_add/sub/inc/dec}, {@code set_bit}, {@code clear_bit}</td>
 *       <td>writer lock, read, release store: atomic; later loads may pass it (x86: earlier accesses may not)</td>
 *       <td>visible at once</td><td>the whole RMW buffered at {@link #VOID_RMW}, applied atomically when flushed;
 *       the thread's own reads forwarded</td>
 *       <td>an unordered RMW ({@code {once}}): reads the newest write, writes right after it; its read orders
 *       nothing until an {@code smp_rmb()}/{@code smp_mb()}, its write carries only what the thread's
 *       {@code WRITE_ONCE()}s carry; {@code smp_mb__before_atomic()}/{@code smp_mb__after_atomic()} order it</td></tr>
 *   <tr><td><b>[void-release]</b> {@code clear_bit_unlock()}</td><td>release fence, then as [void]</td>
 *       <td>as [void]</td><td>as [void]</td><td>as [void], its write a release</td></tr>
 *   <tr><td><b>[rmw]</b> value-returning RMWs without suffix, {@code test_and_set_bit()},
 *       {@code test_and_clear_bit()}</td><td>writer lock, full fence before and after the store</td>
 *       <td>at once</td><td>drains the thread's buffer, then at once (as x86's {@code LOCK}ed instruction)</td>
 *       <td>fully ordered ({@code {mb}}): {@code smp_mb()}, RMW, {@code smp_mb()}</td></tr>
 *   <tr><td><b>[rmw-relaxed]</b>, <b>[rmw-acquire]</b>, <b>[rmw-release]</b>: the suffixed forms,
 *       {@code test_and_set_bit_lock()} (acquire)</td><td>writer lock, no fence / acquire fence after / release
 *       fence before</td><td>as [rmw]</td><td>as [rmw]: each drains, so a {@code _relaxed} where a fully ordered
 *       RMW is needed is not witnessed</td><td>{@code {once}} / its read an acquire / its write a release</td></tr>
 *   <tr><td><b>[conditional]</b> {@code atomic_cmpxchg()} and its forms, {@code atomic_try_cmpxchg()},
 *       {@code atomic_add_unless()}, {@code atomic_inc_not_zero()}</td><td>a first opaque read; if it fails, that
 *       load alone (no fence, no lock); else as the RMW of its ordering under the lock, which may still fail
 *       there (then the lock's CAS was its only barrier)</td><td>as on the JVM, the read as [read]</td>
 *       <td>as on the JVM, the read as [read]; a success drains first</td><td>the first read a
 *       {@code READ_ONCE()} (it may fail on a stale value); then an RMW of the newest write that, if it fails, is an
 *       unordered read (Documentation/atomic_t.txt: failed RMWs are unordered)</td></tr>
 * </table>
 * Under every explore model, a set or void RMW is a decision point (the thread stops after it); value-returning RMWs
 * are not. The {@code tso} emulation's one imprecision: if another thread writes this value between a buffered void
 * RMW's issue and its flush, a read the issuing thread made in between was computed from the older value (the buffer
 * cannot order the other thread's RMW after ours without flushing another thread's buffer, which the schedule
 * interface does not offer). The {@code weak} model's limits (no dependency ordering; a promise never crosses an RMW,
 * which is stronger than the LKMM around relaxed ones; the C11 rule for {@code smp_mb()}) are
 * {@link org.gupstress.model.kernel.sched.WeakMemory}'s; {@code smp_mb__before_atomic()} and
 * {@code smp_mb__after_atomic()} are full barriers in the model, stronger than the LKMM's fences that order only
 * around the RMW.
 *
 * <p><b>What the JVM on an x86 host cannot show, per operation.</b> Only store-to-load reordering exists there.
 * {@code atomic_read()}/{@code atomic_set()}: a later load passing the set's store, yes; nothing else.
 * Void RMWs: a later load passing the store, yes; earlier accesses passing the RMW, never (above).
 * Value-returning RMWs of any ordering suffix, {@code xchg}, {@code cmpxchg}: none, each is a {@code LOCK}ed
 * instruction, and the explorer drains before them too, so using {@code _relaxed} where full ordering is needed is
 * not witnessed by either; explore's {@code weak} model witnesses it. Acquire/release variants: the same.
 * {@code test_and_set_bit_lock()}/{@code clear_bit_unlock()}: as the RMWs they are.
 * <p>
 * Where the kernel uses a void RMW the model uses one too ({@code gup_put_folio()}'s
 * {@code atomic_sub(&folio->_pincount)}, {@code inc_tlb_flush_pending()}); where it uses a value-returning one, so
 * does the model. Making the pre-store side as weak as LKMM allows is a change of this class's implementation, not
 * of its callers.
 */
public final class Atomic extends AtomicPadding {
    /** A void RMW or {@code atomic_set()} entered its thread's store buffer (under a controlling schedule). */
    public static final SchedulePoint VOID_RMW = SchedulePoint.declare("atomic.void_rmw",
            "void atomic RMW or atomic_set() issued into the store buffer, not yet visible to other threads");

    private static final int OP_ADD = 0;
    private static final int OP_OR = 1;
    private static final int OP_AND = 2;
    private static final int OP_SET = 3;

    /** When a modelled RMW writes ({@link #modelledRmw(Schedule, int, int, int, int, Order)}). */
    private static final int ALWAYS = 0;
    private static final int IF_EQUAL = 1;
    private static final int UNLESS_EQUAL = 2;

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

    /** The writer lock ({@link WriterLock}): 1 while a writer is between its read and its publishing store. */
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

    /** {@code atomic_read()}: READ_ONCE, no ordering. Memory effects: [read] (class comment). */
    public int read() {
        return (int) AtomicHooks.load(Schedules.everyWorld(), this, false, (int) VALUE.getOpaque(this));
    }

    /**
     * {@code atomic_read_acquire()}: later accesses of this thread are not reordered before this load. Memory
     * effects: [read-acquire].
     */
    public int readAcquire() {
        return (int) AtomicHooks.load(Schedules.everyWorld(), this, true, (int) VALUE.getAcquire(this));
    }

    /**
     * {@code atomic_set()}: a single store, unordered, and atomic with respect to every RMW of this value (an RMW
     * never overwrites it with a result computed from the value before it). Documentation/atomic_t.txt requires
     * that ("atomic_set{}() should be observable to the RMW ops"): LL/SC and CMPXCHG machines get it for free (a
     * competing store clears the exclusive monitor, so the RMW's {@code stxr} fails and retries, or fails its
     * {@code CMPXCHG}), and the architectures that build RMWs from a lock take that lock in {@code atomic_set()}
     * too. The model's RMWs are built from a lock, so its set follows the latter mapping:
     * {@code arch_atomic_set()} of arch/arc/include/asm/atomic-spinlock.h ({@code atomic_ops_lock();
     * WRITE_ONCE(v->counter, i); atomic_ops_unlock();}), the same as arch/parisc/include/asm/atomic.h.
     *
     * <p>Memory effects: [set]; none promised. What the mapping adds over x86's plain {@code MOV}: on an x86 host the
     * lock's CAS is a {@code LOCK CMPXCHG}, so the thread's earlier stores are visible before the set's store
     * (as if {@code smp_mb__before_atomic()} preceded it); the set's own store is a release store that later loads
     * may pass (store buffering after {@code atomic_set()} stays observable).
     */
    public void set(int value) {
        store(value, false);
    }

    /** {@code atomic_set_release()}: earlier accesses of this thread are ordered before the store. [set-release]. */
    public void setRelease(int value) {
        store(value, true);
    }

    // ------------------------------------------------------------------------------------------------
    // Void RMW: atomic, unordered.

    /** {@code atomic_add(i, v)}: atomic and unordered ([void]); follow with smp_mb__after_atomic() to order it. */
    public void add(int delta) {
        voidRmw(OP_ADD, delta, Order.RELAXED, Schedules.everyWorld(), VOID_RMW);
    }

    /**
     * {@code atomic_add(i, v)} whose store is the bufferable store named {@code point}, buffered by
     * {@code schedule} (the caller's world's) when no schedule controls every world: a script can hold the thread
     * there with the store still buffered. Memory effects as {@link #add} ([void]).
     */
    public void add(int delta, Schedule schedule, SchedulePoint point) {
        Schedule every = Schedules.everyWorld();
        voidRmw(OP_ADD, delta, Order.RELAXED, every != null ? every : schedule, point);
    }

    /** {@code atomic_sub(i, v)}: atomic and unordered. [void]. */
    public void sub(int delta) {
        add(-delta);
    }

    /** {@code atomic_inc(v)}: atomic and unordered. [void]. */
    public void inc() {
        add(1);
    }

    /** {@code atomic_dec(v)}: atomic and unordered. [void]. */
    public void dec() {
        add(-1);
    }

    /** {@code set_bit(nr, addr)}: atomic and unordered. [void]. */
    public void setBit(int nr) {
        voidRmw(OP_OR, 1 << nr, Order.RELAXED, Schedules.everyWorld(), VOID_RMW);
    }

    /** {@code clear_bit(nr, addr)}: atomic and unordered. [void]. */
    public void clearBit(int nr) {
        voidRmw(OP_AND, ~(1 << nr), Order.RELAXED, Schedules.everyWorld(), VOID_RMW);
    }

    /** {@code clear_bit_unlock(nr, addr)}: release: the critical section is ordered before the clear. [void-release]. */
    public void clearBitUnlock(int nr) {
        voidRmw(OP_AND, ~(1 << nr), Order.RELEASE, Schedules.everyWorld(), VOID_RMW);
    }

    // ------------------------------------------------------------------------------------------------
    // Value-returning RMW: fully ordered, or as the suffix says (Documentation/atomic_t.txt, "ORDERING").

    /** {@code atomic_add_return(i, v)}: fully ordered (as if smp_mb() stood before and after); the new value. [rmw]. */
    public int addReturn(int delta) {
        return addOrdered(delta, Order.FULL) + delta;
    }

    /** {@code atomic_add_return_relaxed(i, v)}: atomic, unordered; returns the new value. [rmw-relaxed]. */
    public int addReturnRelaxed(int delta) {
        return addOrdered(delta, Order.RELAXED) + delta;
    }

    /**
     * {@code atomic_add_return_acquire(i, v)}: later accesses are not reordered before the RMW; the new value.
     * [rmw-acquire].
     */
    public int addReturnAcquire(int delta) {
        return addOrdered(delta, Order.ACQUIRE) + delta;
    }

    /**
     * {@code atomic_add_return_release(i, v)}: earlier accesses are ordered before the RMW; the new value.
     * [rmw-release].
     */
    public int addReturnRelease(int delta) {
        return addOrdered(delta, Order.RELEASE) + delta;
    }

    /** {@code atomic_fetch_add(i, v)}: fully ordered; returns the old value. [rmw]. */
    public int fetchAdd(int delta) {
        return addOrdered(delta, Order.FULL);
    }

    /** {@code atomic_fetch_add_relaxed(i, v)}: atomic, unordered; returns the old value. [rmw-relaxed]. */
    public int fetchAddRelaxed(int delta) {
        return addOrdered(delta, Order.RELAXED);
    }

    /** {@code atomic_sub_return(i, v)}: fully ordered; returns the new value. [rmw]. */
    public int subReturn(int delta) {
        return addReturn(-delta);
    }

    /** {@code atomic_inc_return(v)}: fully ordered; returns the new value. [rmw]. */
    public int incReturn() {
        return addReturn(1);
    }

    /** {@code atomic_dec_return(v)}: fully ordered; returns the new value. [rmw]. */
    public int decReturn() {
        return addReturn(-1);
    }

    /** {@code atomic_dec_and_test(v)}: fully ordered; true when the new value is 0. [rmw]. */
    public boolean decAndTest() {
        return addReturn(-1) == 0;
    }

    /** {@code atomic_sub_and_test(i, v)}: fully ordered; true when the new value is 0. [rmw]. */
    public boolean subAndTest(int delta) {
        return addReturn(-delta) == 0;
    }

    /** {@code atomic_xchg(v, new)}: fully ordered; returns the old value. [rmw]. */
    public int xchg(int value) {
        return xchgOrdered(value, Order.FULL);
    }

    /** {@code atomic_xchg_relaxed(v, new)}: atomic, unordered; returns the old value. [rmw-relaxed]. */
    public int xchgRelaxed(int value) {
        return xchgOrdered(value, Order.RELAXED);
    }

    /** {@code atomic_xchg_acquire(v, new)}: acquire; returns the old value. [rmw-acquire]. */
    public int xchgAcquire(int value) {
        return xchgOrdered(value, Order.ACQUIRE);
    }

    /** {@code atomic_xchg_release(v, new)}: release; returns the old value. [rmw-release]. */
    public int xchgRelease(int value) {
        return xchgOrdered(value, Order.RELEASE);
    }

    /**
     * {@code atomic_cmpxchg(v, old, new)}: returns the value found; fully ordered when it equals {@code expected}
     * (the exchange happened), unordered otherwise: a failure seen by the first, unlocked read is that plain load
     * and nothing else (no barrier, no lock). A failure found only under the writer lock has taken the lock, which
     * on x86 is a {@code LOCK CMPXCHG} (as the kernel's own failed {@code cmpxchg} is there). [conditional], [rmw].
     */
    public int cmpxchg(int expected, int value) {
        return cmpxchgOrdered(expected, value, Order.FULL);
    }

    /** {@code atomic_cmpxchg_relaxed(v, old, new)}: the value found; unordered either way. [conditional], [rmw-relaxed]. */
    public int cmpxchgRelaxed(int expected, int value) {
        return cmpxchgOrdered(expected, value, Order.RELAXED);
    }

    /** {@code atomic_cmpxchg_acquire(v, old, new)}: acquire on success, unordered on failure. [conditional], [rmw-acquire]. */
    public int cmpxchgAcquire(int expected, int value) {
        return cmpxchgOrdered(expected, value, Order.ACQUIRE);
    }

    /** {@code atomic_cmpxchg_release(v, old, new)}: release on success, unordered on failure. [conditional], [rmw-release]. */
    public int cmpxchgRelease(int expected, int value) {
        return cmpxchgOrdered(expected, value, Order.RELEASE);
    }

    /**
     * {@code atomic_try_cmpxchg(v, &old, new)}: true if the value was {@code expected} and is now {@code value};
     * fully ordered on success, unordered on failure. The kernel also writes the value found back to {@code *old};
     * a caller that needs it uses {@link #cmpxchg}, which returns it. [conditional], [rmw].
     */
    public boolean tryCmpxchg(int expected, int value) {
        return cmpxchg(expected, value) == expected;
    }

    /**
     * {@code atomic_add_unless(v, a, u)}: adds {@code delta} unless the value is {@code unless}; true if it
     * added. Fully ordered on success, unordered on failure (Documentation/atomic_t.txt): a failure seen by the
     * first, unlocked read is that plain load alone. [conditional], [rmw].
     */
    public boolean addUnless(int delta, int unless) {
        if (read() == unless) {
            return false;
        }
        Long modelled = modelledRmw(OP_ADD, delta, UNLESS_EQUAL, unless, Order.FULL);
        if (modelled != null) {
            return (int) (long) modelled != unless;
        }
        drainOwnStores();
        int old = lockWord();
        if (old == unless) {
            unlockWord();
            return false;
        }
        VarHandle.fullFence();
        VALUE.setRelease(this, traced(true, old + delta));
        VarHandle.fullFence();
        unlockWord();
        return true;
    }

    /** {@code atomic_inc_not_zero(v)}: {@code addUnless(1, 0)}. [conditional], [rmw]. */
    public boolean incNotZero() {
        return addUnless(1, 0);
    }

    /** {@code test_and_set_bit(nr, addr)}: fully ordered; returns the old bit. [rmw]. */
    public boolean testAndSetBit(int nr) {
        Long modelled = modelledRmw(OP_OR, 1 << nr, ALWAYS, 0, Order.FULL);
        if (modelled != null) {
            return (modelled & (1 << nr)) != 0;
        }
        drainOwnStores();
        VarHandle.fullFence();
        int old = lockWord();
        VALUE.setRelease(this, traced(true, old | (1 << nr)));
        VarHandle.fullFence();
        unlockWord();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_and_clear_bit(nr, addr)}: fully ordered; returns the old bit. [rmw]. */
    public boolean testAndClearBit(int nr) {
        Long modelled = modelledRmw(OP_AND, ~(1 << nr), ALWAYS, 0, Order.FULL);
        if (modelled != null) {
            return (modelled & (1 << nr)) != 0;
        }
        drainOwnStores();
        VarHandle.fullFence();
        int old = lockWord();
        VALUE.setRelease(this, traced(true, old & ~(1 << nr)));
        VarHandle.fullFence();
        unlockWord();
        return (old & (1 << nr)) != 0;
    }

    /**
     * {@code test_and_set_bit_lock(nr, addr)}: acquire semantics when it sets the bit (the lock is taken);
     * returns the old bit. [rmw-acquire] (under {@code weak} an acquire whether or not the bit was set, as the
     * generic {@code fetch_or_acquire()} in include/asm-generic/bitops/lock.h is when its first read sees it clear).
     */
    public boolean testAndSetBitLock(int nr) {
        Long modelled = modelledRmw(OP_OR, 1 << nr, ALWAYS, 0, Order.ACQUIRE);
        if (modelled != null) {
            return (modelled & (1 << nr)) != 0;
        }
        drainOwnStores();
        int old = lockWord();
        publish(old | (1 << nr));
        VarHandle.acquireFence();
        return (old & (1 << nr)) != 0;
    }

    /** {@code test_bit(nr, addr)}: READ_ONCE of the word, no ordering. [read]. */
    public boolean testBit(int nr) {
        return (read() & (1 << nr)) != 0;
    }

    // ------------------------------------------------------------------------------------------------

    /** Adds {@code delta} with the ordering {@code order} gives a value-returning RMW; returns the old value. */
    private int addOrdered(int delta, Order order) {
        Long modelled = modelledRmw(OP_ADD, delta, ALWAYS, 0, order);
        if (modelled != null) {
            return (int) (long) modelled;
        }
        drainOwnStores();
        order.before();
        int old = lockWord();
        VALUE.setRelease(this, traced(true, old + delta));
        order.after();
        unlockWord();
        return old;
    }

    private int xchgOrdered(int value, Order order) {
        Long modelled = modelledRmw(OP_SET, value, ALWAYS, 0, order);
        if (modelled != null) {
            return (int) (long) modelled;
        }
        drainOwnStores();
        order.before();
        int old = lockWord();
        VALUE.setRelease(this, traced(true, value));
        order.after();
        unlockWord();
        return old;
    }

    /**
     * A cmpxchg whose barriers are issued only once it knows it succeeds: the first read decides a failure without
     * the lock; a success re-checks under the lock, then orders (its read cannot go stale while the lock is held,
     * so ordering the store and what follows is ordering the whole RMW).
     */
    private int cmpxchgOrdered(int expected, int value, Order order) {
        int seen = read();
        if (seen != expected) {
            return seen;
        }
        Long modelled = modelledRmw(OP_SET, value, IF_EQUAL, expected, order);
        if (modelled != null) {
            return (int) (long) modelled;
        }
        drainOwnStores();
        int old = lockWord();
        if (old == expected) {
            order.before();
            VALUE.setRelease(this, traced(true, value));
            order.after();
        }
        unlockWord();
        return old;
    }

    /**
     * A void RMW ({@code op} with {@code arg}), ordered as {@code order} says ({@link Order#RELAXED}, or
     * {@link Order#RELEASE} for {@code clear_bit_unlock()}). Without a controlling schedule ({@code s} null, or a
     * stress schedule, which runs the store at once): take the writer lock, read, publish with a release store (the
     * store the CPU may buffer). Under the weak memory model: the model's RMW ({@link Schedule#rmw}), then a stop at
     * {@code point}. Under another controlling schedule (explorer, scripts): the whole RMW is a bufferable store at
     * {@code point}, applied atomically to the value in memory when it is flushed; until then the thread's own loads
     * of this value read what the RMW would write, computed from the value it sees now (its own newest buffered store
     * of this value, else memory).
     */
    private void voidRmw(int op, int arg, Order order, Schedule s, SchedulePoint point) {
        order.before();
        if (s == null) {
            publish(apply(op, arg, lockWord()));
            return;
        }
        if (modelledRmw(s, op, arg, ALWAYS, 0, order) != null) {
            s.at(point);
            return;
        }
        Long own = s.forwarded(this);
        int seen = own != null ? (int) (long) own : traced(false, (int) VALUE.getOpaque(this));
        s.store(point, this, apply(op, arg, seen), () -> publish(apply(op, arg, lockWord())));
    }

    /**
     * {@code atomic_set()} or {@code atomic_set_release()}: without a controlling schedule, the writer lock and a
     * release store (see {@link #set}); under one, its bufferable store at {@link #VOID_RMW} ({@link Schedule#store(
     * SchedulePoint, Object, long, long, boolean, Runnable)}), which the schedule records when it becomes visible.
     */
    private void store(int value, boolean release) {
        if (release) {
            VarHandle.releaseFence();
        }
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            lockWord();
            publish(value);
            return;
        }
        s.store(VOID_RMW, this, (int) VALUE.getOpaque(this), value, release, () -> {
            WriterLock.lock(WRITER, this);
            VALUE.setRelease(this, value);
            unlockWord();
        });
    }

    /** {@link #modelledRmw(Schedule, int, int, int, int, Order)} under the schedule of every world. */
    private Long modelledRmw(int op, int arg, int when, int than, Order order) {
        return modelledRmw(Schedules.everyWorld(), op, arg, when, than, order);
    }

    /**
     * The RMW {@code op} with {@code arg}, writing {@code when} the value read is anything ({@link #ALWAYS}), equals
     * {@code than} ({@link #IF_EQUAL}) or differs from it ({@link #UNLESS_EQUAL}), performed by {@code s}'s weak memory
     * model ({@link Schedule#rmw}): the value read, memory updated; or null when no such model controls the thread
     * (then nothing was done and the caller performs the RMW). Without a schedule it allocates nothing.
     */
    private Long modelledRmw(Schedule s, int op, int arg, int when, int than, Order order) {
        if (s == null) {
            return null;
        }
        LongPredicate writes = when == ALWAYS ? null : when == IF_EQUAL ? o -> (int) o == than : o -> (int) o != than;
        return AtomicHooks.rmw(s, this, () -> (int) VALUE.getOpaque(this), o -> apply(op, arg, (int) o), writes, order,
                v -> VALUE.setRelease(this, (int) v));
    }

    private static int apply(int op, int arg, int old) {
        return switch (op) {
            case OP_ADD -> old + arg;
            case OP_OR -> old | arg;
            case OP_AND -> old & arg;
            default -> arg;
        };
    }

    /**
     * Before a value-returning RMW under a controlling schedule: the thread's buffered stores become visible (its
     * own buffered RMW of this value must be in memory before this one reads it; x86's LOCKed instruction drains the
     * whole buffer, and so does this, for every ordering variant).
     */
    private static void drainOwnStores() {
        StoreBuffer.drain();
    }

    /** Takes the writer lock ({@link WriterLock#lock}) and returns the value it protects. */
    private int lockWord() {
        WriterLock.lock(WRITER, this);
        return traced(false, (int) VALUE.getOpaque(this));
    }

    /** Drops the writer lock. */
    private void unlockWord() {
        WriterLock.unlock(WRITER, this);
    }

    /**
     * The store that publishes a void RMW's result (release, no barrier after it), then the unlock: the store may
     * still sit in the store buffer when the next load of this thread executes.
     */
    private void publish(int value) {
        VALUE.setRelease(this, traced(true, value));
        unlockWord();
    }

    private int traced(boolean write, int value) {
        WriterLock.traced(this, write, value);
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
