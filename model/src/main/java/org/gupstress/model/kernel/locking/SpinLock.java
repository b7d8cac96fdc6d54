package org.gupstress.model.kernel.locking;

import org.gupstress.model.kernel.StoreBuffer;
import org.gupstress.model.kernel.sched.Lockable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Stall;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.Tasks;
import org.gupstress.model.kernel.sched.Waitable;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * {@code spinlock_t}: the PTE lock, {@code inode->i_lock}, the {@code i_pages} xarray lock. Acquire is a CAS
 * (acquire semantics), release a release store, as {@code spin_lock()}/{@code spin_unlock()}: not a full
 * barrier to outside observers (LKMM's Z6.0+pooncelock+pooncelock+pombonce is "Sometimes").
 *
 * <p>A waiter registers with the world's {@link Tasks} as blocked on this lock (its holder is the owner), then
 * spins and yields until the lock is free. If the wait closes a deadlock, the detector releases it at once with
 * {@link Hung}; taking a lock the current thread already holds is reported at once too (the kernel would spin
 * forever: an AA deadlock). Only a wait that passes the watchdog's last-resort deadline with nothing detected
 * throws {@link Stall}.
 */
public final class SpinLock implements Lockable, Waitable {
    private static final VarHandle OWNER;
    private static final int SPINS = 256;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(SpinLock.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The lock's name is {@code namePrefix + nameSuffix}, joined only when a message needs it: a world builds a dozen
     * locks per sample, and their names are read only in reports.
     */
    private final String namePrefix;
    private final String nameSuffix;
    private final Watchdog watchdog;
    /** The holder, or null. Written by CAS (acquire) and release store; read opaque for diagnostics. */
    @SuppressWarnings("unused")
    private Thread owner;

    public SpinLock(Watchdog watchdog, String name) {
        this(watchdog, name, "");
    }

    /** A lock named {@code prefix + suffix} (e.g. {@code "mm" + ".mmap_lock"}), the name joined only when read. */
    public SpinLock(Watchdog watchdog, String prefix, String suffix) {
        this.namePrefix = prefix;
        this.nameSuffix = suffix;
        this.watchdog = watchdog;
        watchdog.register(this);
    }

    /**
     * {@code spin_lock()}. Memory effects: acquire.
     *
     * @throws Hung  if the wait closes a deadlock, or the lock is the caller's own
     * @throws Stall at the last-resort deadline
     */
    public void lock() {
        StoreBuffer.drain();
        Thread me = Thread.currentThread();
        if (OWNER.compareAndSet(this, null, me)) {
            acquired();
            return;
        }
        if (OWNER.getOpaque(this) == me) {
            throw watchdog.deadlock("spin_lock(" + name() + ") by its own holder (AA deadlock)");
        }
        String what = "spin_lock(" + name() + ")";
        Tasks tasks = watchdog.tasks();
        Task task = tasks.block(this, what);
        long deadline = watchdog.deadlineFromNow();
        for (int spins = 1; ; spins++) {
            if (OWNER.getOpaque(this) == null && OWNER.compareAndSet(this, null, me)) {
                try {
                    tasks.unblock(task);
                } catch (Hung h) {
                    unlock(); // released from a deadlock it was leaving anyway: hold nothing on the way out
                    throw h;
                }
                acquired();
                return;
            }
            Schedule ctl = Schedules.everyWorld();
            if (ctl != null && ctl.stopBlocked(task)) {
                // A schedule that runs one thread at a time stopped us until the lock looked free (the holder
                // cannot release it while we spin) or the detector released us.
                if (me.isInterrupted()) {
                    throw tasks.interrupted(task, what);
                }
                continue;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
                if (me.isInterrupted()) {
                    throw tasks.interrupted(task, what);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw tasks.stall(task, what);
                }
            }
        }
    }

    /** {@code spin_trylock()}: true if acquired. Memory effects: acquire on success. */
    public boolean tryLock() {
        StoreBuffer.drain();
        if (OWNER.compareAndSet(this, null, Thread.currentThread())) {
            acquired();
            return true;
        }
        return false;
    }

    /** Tells a controlling schedule that the lock was taken (a weak memory model gives it acquire semantics). */
    private void acquired() {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.lockAcquired(this);
        }
    }

    /** {@code spin_unlock()}. Memory effects: release. */
    public void unlock() {
        if (OWNER.getOpaque(this) != Thread.currentThread()) {
            throw new IllegalStateException("spin_unlock(" + name() + ") by a thread that does not hold it");
        }
        StoreBuffer.drain();
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.lockReleasing(this); // a weak memory model gives the release its semantics
        }
        OWNER.setRelease(this, null);
    }

    /**
     * {@code spin_is_locked()}: true if some thread holds the lock now. Memory effects: none (READ_ONCE of the lock
     * word); the answer may be stale by the time it is used.
     */
    public boolean isLocked() {
        boolean held = OWNER.getOpaque(this) != null;
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            // The explorer's weak memory model may let it read an older write of the lock word.
            Long chosen = s.load(this, false, held ? 1 : 0);
            if (chosen != null) {
                return chosen != 0;
            }
        }
        return held;
    }

    /** {@code lockdep_assert_held()}: true if the current thread holds the lock. */
    public boolean heldByCurrentThread() {
        return OWNER.getOpaque(this) == Thread.currentThread();
    }

    @Override
    public String lockName() {
        return name();
    }

    @Override
    public String holder() {
        Thread t = (Thread) OWNER.getOpaque(this);
        return t == null ? null : "held by " + t.getName();
    }

    @Override
    public String waitName() {
        return name();
    }

    @Override
    public List<Thread> holders() {
        Thread t = (Thread) OWNER.getOpaque(this);
        return t == null ? List.of() : List.of(t);
    }

    @Override
    public boolean isLock() {
        return true;
    }

    @Override
    public String toString() {
        return name();
    }

    private String name() {
        return nameSuffix.isEmpty() ? namePrefix : namePrefix + nameSuffix;
    }
}
