package org.gupstress.model.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * {@code struct rw_semaphore} on a {@link StampedLock}: {@code mapping->invalidate_lock} (XFS's MMAPLOCK),
 * {@code i_rwsem}, {@code i_mmap_rwsem}, {@code mmap_lock}. Like the kernel's, and unlike
 * {@code ReentrantReadWriteLock}, it is not reentrant: a thread that asks again for a lock it holds deadlocks,
 * and the watchdog reports it.
 *
 * <p>Every acquisition has the world's watchdog deadline; on expiry it records HUNG and throws {@link Hung},
 * like a killable {@code down_read_killable()} returning {@code -EINTR}. Memory effects: acquire on lock,
 * release on unlock (StampedLock's documented semantics).
 */
public final class RwSemaphore implements Lockable {
    private static final VarHandle WRITER;
    private static final VarHandle LAST_READER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WRITER = l.findVarHandle(RwSemaphore.class, "writer", Thread.class);
            LAST_READER = l.findVarHandle(RwSemaphore.class, "lastReader", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StampedLock lock = new StampedLock();
    private final String name;
    private final Watchdog watchdog;
    /** Diagnostics only, opaque: the thread holding the lock for write. */
    @SuppressWarnings("unused")
    private Thread writer;
    /** Diagnostics only, opaque: the last thread that took the lock for read. */
    @SuppressWarnings("unused")
    private Thread lastReader;

    public RwSemaphore(Watchdog watchdog, String name) {
        this.name = name;
        this.watchdog = watchdog;
        watchdog.register(this);
    }

    /** {@code down_read()}. @throws Hung if not acquired by the watchdog deadline */
    public void downRead() {
        if (lock.tryReadLock() == 0L) {
            if (WRITER.getOpaque(this) == Thread.currentThread()) {
                throw watchdog.hung("down_read(" + name + ") by its own writer");
            }
            if (!acquire(false)) {
                throw watchdog.hung("down_read(" + name + ")");
            }
        }
        LAST_READER.setOpaque(this, Thread.currentThread());
    }

    /** {@code down_read_trylock()}: true if acquired. */
    public boolean downReadTrylock() {
        if (lock.tryReadLock() == 0L) {
            return false;
        }
        LAST_READER.setOpaque(this, Thread.currentThread());
        return true;
    }

    /** {@code up_read()}. */
    public void upRead() {
        if (!lock.tryUnlockRead()) {
            throw new IllegalStateException("up_read(" + name + ") without a read hold");
        }
    }

    /** {@code down_write()}. @throws Hung if not acquired by the watchdog deadline */
    public void downWrite() {
        if (lock.tryWriteLock() == 0L) {
            if (WRITER.getOpaque(this) == Thread.currentThread()) {
                throw watchdog.hung("down_write(" + name + ") by its own writer (AA deadlock)");
            }
            if (!acquire(true)) {
                throw watchdog.hung("down_write(" + name + ")");
            }
        }
        WRITER.setOpaque(this, Thread.currentThread());
    }

    /** {@code down_write_trylock()}: true if acquired. */
    public boolean downWriteTrylock() {
        if (lock.tryWriteLock() == 0L) {
            return false;
        }
        WRITER.setOpaque(this, Thread.currentThread());
        return true;
    }

    /** {@code up_write()}. */
    public void upWrite() {
        if (WRITER.getOpaque(this) != Thread.currentThread()) {
            throw new IllegalStateException("up_write(" + name + ") by a thread that does not hold it");
        }
        WRITER.setOpaque(this, null);
        if (!lock.tryUnlockWrite()) {
            throw new IllegalStateException("up_write(" + name + ") without a write hold");
        }
    }

    /** True if held for write by the current thread ({@code lockdep_assert_held_write()}). */
    public boolean heldForWriteByCurrentThread() {
        return lock.isWriteLocked() && WRITER.getOpaque(this) == Thread.currentThread();
    }

    /** True if held for read by anyone ({@code lockdep_assert_held_read()} cannot tell who; neither can this). */
    public boolean isReadLocked() {
        return lock.isReadLocked();
    }

    public boolean isWriteLocked() {
        return lock.isWriteLocked();
    }

    private boolean acquire(boolean write) {
        Schedule ctl = Schedules.everyWorld();
        if (ctl != null) {
            // A schedule that runs one thread at a time: stop until the holders released the lock.
            for (;;) {
                if ((write ? lock.tryWriteLock() : lock.tryReadLock()) != 0L) {
                    return true;
                }
                Schedule.Blocked b = ctl.block((write ? "down_write(" : "down_read(") + name + ")", write
                        ? () -> !lock.isWriteLocked() && !lock.isReadLocked()
                        : () -> !lock.isWriteLocked());
                if (b == Schedule.Blocked.DEADLOCK) {
                    return false;
                }
                if (b == Schedule.Blocked.NOT_CONTROLLED) {
                    break;
                }
            }
        }
        long left = watchdog.deadline().toNanos();
        try {
            long stamp = write ? lock.tryWriteLock(left, TimeUnit.NANOSECONDS)
                               : lock.tryReadLock(left, TimeUnit.NANOSECONDS);
            return stamp != 0L;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String lockName() {
        return name;
    }

    @Override
    public String holder() {
        if (lock.isWriteLocked()) {
            Thread w = (Thread) WRITER.getOpaque(this);
            return "write by " + (w == null ? "?" : w.getName());
        }
        int readers = lock.getReadLockCount();
        if (readers > 0) {
            Thread r = (Thread) LAST_READER.getOpaque(this);
            return "read by " + readers + (r == null ? "" : " (last " + r.getName() + ")");
        }
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
