package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * One word of kernel memory accessed only through marked accesses: {@code READ_ONCE()} / {@code WRITE_ONCE()}
 * (opaque: single-copy atomic, never torn, fused or invented, and unordered) and {@code smp_load_acquire()} /
 * {@code smp_store_release()}. The plain variable of a litmus test ({@code x}, {@code y}); kernel structures
 * declare their own VarHandles with the same modes.
 *
 * <p>Neither pair orders a store before a later load: only {@code smp_mb()} ({@link Barriers}) does. When a
 * schedule controls the threads (the explorer, {@code Interleaving.inEveryWorld()}), {@link #writeOnce} is a
 * bufferable store at {@link #WRITE_ONCE}: it waits in the thread's emulated store buffer until flushed, and the
 * thread's own {@link #readOnce} forwards from it. Stress runs leave the buffering to the CPU.
 */
public final class Word {
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
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            Long chosen = s.load(this, acquire, v);
            if (chosen != null) {
                return chosen;
            }
            s.accessed(this, false, v);
        }
        return v;
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

    @Override
    public String toString() {
        return Long.toString(readOnce());
    }
}
