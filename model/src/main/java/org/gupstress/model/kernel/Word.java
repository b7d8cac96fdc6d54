package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Order;
import org.gupstress.model.kernel.sched.Promisable;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * One word of kernel memory accessed only through marked accesses: {@code READ_ONCE()} / {@code WRITE_ONCE()}
 * (opaque: single-copy atomic, never torn, fused or invented, and unordered) and {@code smp_load_acquire()} /
 * {@code smp_store_release()}, and the RMWs on a plain word ({@code xchg()}, {@code cmpxchg()},
 * {@code try_cmpxchg()} with their {@code _relaxed}/{@code _acquire}/{@code _release} variants). The plain
 * variable of a litmus test ({@code x}, {@code y}); fields of model structures use {@link IntField} and its kin,
 * which have the same access modes, and the same treatment by a controlling schedule, without an object per field.
 *
 * <p>Neither pair orders a store before a later load: only {@code smp_mb()} ({@link Barriers}) does. When a
 * schedule controls the threads (the explorer, {@code Interleaving.inEveryWorld()}), {@link #writeOnce} is a
 * bufferable store at {@link #WRITE_ONCE}: it waits in the thread's emulated store buffer until flushed, and the
 * thread's own {@link #readOnce} forwards from it. Stress runs leave the buffering to the CPU.
 */
public final class Word implements Promisable {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Word.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A {@link #writeOnce} entered its thread's store buffer. */
    public static final SchedulePoint WRITE_ONCE = SchedulePoint.declare("word.write_once",
            "WRITE_ONCE() of a Word issued into the store buffer, not yet visible to other threads");

    /** Accessed only through {@link #VALUE}. */
    @SuppressWarnings("unused")
    private long value;

    public Word(long initial) {
        VALUE.set(this, initial);
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.created(this);
        }
    }

    /**
     * The value in memory for the explorer's controller or a script's driver, which are no actors: an opaque load
     * that no schedule records or reorders ({@link Promisable}).
     */
    @Override
    public long valueInMemory() {
        return (long) VALUE.getOpaque(this);
    }

    /** {@code READ_ONCE(x)}: opaque load. */
    public long readOnce() {
        return load(false);
    }

    /** {@code WRITE_ONCE(x, v)}: opaque store (bufferable under a controlling schedule). */
    public void writeOnce(long v) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            VALUE.setOpaque(this, v);
        } else {
            s.store(WRITE_ONCE, this, (long) VALUE.getOpaque(this), v, false, () -> VALUE.setOpaque(this, v));
        }
    }

    /** {@code smp_load_acquire(&x)}: later accesses are not reordered before it. */
    public long loadAcquire() {
        return load(true);
    }

    /**
     * A load; under a controlling schedule, the value the schedule chooses if it does (the thread's own buffered
     * store under TSO, reported by the schedule; the write a weak memory model lets it read), else from memory,
     * reported as read.
     */
    private long load(boolean acquire) {
        long v = acquire ? (long) VALUE.getAcquire(this) : (long) VALUE.getOpaque(this);
        return AtomicHooks.load(Schedules.everyWorld(), this, acquire, v);
    }

    /**
     * {@code smp_store_release(&x, v)}: earlier accesses are not reordered after it. Bufferable under a controlling
     * schedule: the emulated buffer is FIFO, so earlier stores still become visible first.
     */
    public void storeRelease(long v) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            VALUE.setRelease(this, v);
        } else {
            s.store(WRITE_ONCE, this, (long) VALUE.getOpaque(this), v, true, () -> VALUE.setRelease(this, v));
        }
    }

    /**
     * {@code smp_store_mb(x, v)}: {@code WRITE_ONCE()} then {@code smp_mb()} (include/asm-generic/barrier.h; x86
     * uses an {@code xchg}, which orders the same): the store is visible before any later load of this thread.
     */
    public void storeMb(long v) {
        writeOnce(v);
        VarHandle.fullFence();
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.drainStoreBuffer();
        }
    }

    /**
     * {@code smp_cond_load_acquire(&x, cond)}: spins on READ_ONCE until {@code cond} holds for the value read, then
     * acts as a load-acquire of that value (include/asm-generic/barrier.h: a control dependency plus
     * {@code smp_acquire__after_ctrl_dep()}, which is {@code smp_rmb()}); returns it.
     *
     * <p>In a stress run it spins, as the kernel does (no wall-clock wait decides anything). Under a schedule that runs
     * one thread at a time (the explorer) a failed check makes the thread a blocked task until another thread writes
     * this word ({@link Schedule#awaitWrite}): a wait that no write will end is reported as DEADLOCK or HUNG (a lost
     * wake-up) and ends with {@code Hung}, never a hang.
     */
    public long condLoadAcquire(java.util.function.LongPredicate cond) {
        return condLoadAcquire(cond, "smp_cond_load_acquire");
    }

    /** {@link #condLoadAcquire(java.util.function.LongPredicate)}, its wait named {@code what} in reports. */
    public long condLoadAcquire(java.util.function.LongPredicate cond, String what) {
        for (;;) {
            long v = readOnce();
            if (cond.test(v)) {
                VarHandle.acquireFence();
                Schedule s = Schedules.everyWorld();
                if (s != null) {
                    s.readBarrier(); // smp_acquire__after_ctrl_dep(): the weak model's smp_rmb()
                }
                return v;
            }
            Schedule s = Schedules.everyWorld();
            if (s == null || !s.awaitWrite(this, what)) {
                Thread.onSpinWait();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // xchg() / cmpxchg() on a plain word (include/linux/atomic/atomic-instrumented.h, Documentation/atomic_t.txt).

    /** {@code xchg(&x, v)}: fully ordered (as if smp_mb() stood before and after); returns the old value. */
    public long xchg(long v) {
        return exchange(v, Order.FULL);
    }

    /** {@code xchg_relaxed(&x, v)}: atomic, unordered; returns the old value. */
    public long xchgRelaxed(long v) {
        return exchange(v, Order.RELAXED);
    }

    /** {@code xchg_acquire(&x, v)}: later accesses are not reordered before it; returns the old value. */
    public long xchgAcquire(long v) {
        return exchange(v, Order.ACQUIRE);
    }

    /** {@code xchg_release(&x, v)}: earlier accesses are not reordered after it; returns the old value. */
    public long xchgRelease(long v) {
        return exchange(v, Order.RELEASE);
    }

    /**
     * {@code cmpxchg(&x, old, new)}: returns the value found; fully ordered when it equals {@code expected}, unordered
     * otherwise (a failure seen by the first read is that load alone; one found by the CAS itself took a
     * {@code LOCK CMPXCHG} on x86, as the kernel's does).
     */
    public long cmpxchg(long expected, long v) {
        return compareExchange(expected, v, Order.FULL);
    }

    /** {@code cmpxchg_relaxed(&x, old, new)}: returns the value found; unordered either way. */
    public long cmpxchgRelaxed(long expected, long v) {
        return compareExchange(expected, v, Order.RELAXED);
    }

    /** {@code cmpxchg_acquire(&x, old, new)}: acquire on success, unordered on failure. */
    public long cmpxchgAcquire(long expected, long v) {
        return compareExchange(expected, v, Order.ACQUIRE);
    }

    /** {@code cmpxchg_release(&x, old, new)}: release on success, unordered on failure. */
    public long cmpxchgRelease(long expected, long v) {
        return compareExchange(expected, v, Order.RELEASE);
    }

    /**
     * {@code try_cmpxchg(&x, &old, new)}: true if it exchanged; ordering as {@link #cmpxchg}. The kernel also writes
     * the value found to {@code *old}; a caller that needs it uses {@link #cmpxchg}.
     */
    public boolean tryCmpxchg(long expected, long v) {
        return cmpxchg(expected, v) == expected;
    }

    /**
     * An exchange. The JVM has no unordered atomic exchange (on x86 every one is {@code XCHG}, a full barrier), so
     * each variant is at least {@code getAndSetAcquire}/{@code Release}; the suffix adds the fences it promises.
     * Under a controlling schedule the thread's store buffer is drained first, as x86's locked instruction does.
     */
    private long exchange(long v, Order order) {
        Long modelled = modelledRmw(v, false, 0, order);
        if (modelled != null) {
            return modelled;
        }
        Schedule s = beforeRmw();
        order.before();
        long old = order == Order.RELEASE ? (long) VALUE.getAndSetRelease(this, v) : (long) VALUE.getAndSetAcquire(this, v);
        order.after();
        return afterRmw(s, old, true, v);
    }

    private long compareExchange(long expected, long v, Order order) {
        long seen = readOnce();
        if (seen != expected) {
            return seen;
        }
        Long modelled = modelledRmw(v, true, expected, order);
        if (modelled != null) {
            return modelled;
        }
        Schedule s = beforeRmw();
        order.before();
        long old = order == Order.RELEASE
                ? (long) VALUE.compareAndExchangeRelease(this, expected, v)
                : (long) VALUE.compareAndExchangeAcquire(this, expected, v);
        if (old == expected) {
            order.after();
        }
        return afterRmw(s, old, old == expected, v);
    }

    /**
     * The exchange with {@code v} (only if the value read is {@code expected}, when {@code conditional}) performed by
     * the weak memory model of the schedule that controls the thread ({@link Schedule#rmw}): the value read, with
     * memory updated; or null when there is none (then the caller performs the RMW, and nothing was allocated).
     */
    private Long modelledRmw(long v, boolean conditional, long expected, Order order) {
        Schedule s = Schedules.everyWorld();
        if (s == null) {
            return null;
        }
        return AtomicHooks.rmw(s, this, () -> (long) VALUE.getOpaque(this), old -> v,
                conditional ? old -> old == expected : null, order, x -> VALUE.setRelease(this, x));
    }

    private static Schedule beforeRmw() {
        StoreBuffer.drain();
        return Schedules.everyWorld();
    }

    private long afterRmw(Schedule s, long old, boolean wrote, long written) {
        if (s != null) {
            s.accessed(this, false, old);
            if (wrote) {
                s.accessed(this, true, written);
            }
        }
        return old;
    }

    @Override
    public String toString() {
        return Long.toString(readOnce());
    }
}
