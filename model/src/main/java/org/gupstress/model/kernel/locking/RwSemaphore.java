package org.gupstress.model.kernel.locking;

import org.gupstress.model.kernel.StoreBuffer;
import org.gupstress.model.kernel.sched.Lockable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Stall;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.kernel.sched.Tasks;
import org.gupstress.model.kernel.sched.Waitable;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * {@code struct rw_semaphore} on a {@link StampedLock}: {@code mapping->invalidate_lock} (XFS's MMAPLOCK),
 * {@code i_rwsem}, {@code i_mmap_rwsem}, {@code mmap_lock}. Like the kernel's, and unlike
 * {@code ReentrantReadWriteLock}, it is not reentrant: a thread that asks again for a lock it holds deadlocks,
 * and that is reported at once.
 *
 * <p>A waiter registers with the world's {@link Tasks} as blocked on one side of the lock: a writer waits for the
 * writer and every reader; a reader waits for the writer, and queues behind waiting writers (the kernel's rwsem
 * and StampedLock both make new readers wait behind a queued writer). Holders are tracked for that: the writer,
 * and up to {@link #READER_SLOTS} readers by thread (more are counted, as unknown holders). If the wait closes a
 * deadlock the detector interrupts it and it throws {@link Hung}, like a killable {@code down_read_killable()}
 * returning {@code -EINTR}; a wait that passes the last-resort deadline throws {@link Stall}.
 *
 * <p>Memory effects: acquire on lock, release on unlock (StampedLock's documented semantics).
 */
public final class RwSemaphore implements Lockable {
    private static final VarHandle WRITER;
    private static final VarHandle READERS;
    private static final VarHandle EXTRA_READERS;
    /** Readers tracked by thread; a reader beyond these is an unknown holder to the detector. */
    static final int READER_SLOTS = 4;
    /** Stands for a holder that no field records (yet): a reader beyond the slots, a writer not yet recorded. */
    private static final Thread UNKNOWN_HOLDER = new Thread("unknown holder");

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WRITER = l.findVarHandle(RwSemaphore.class, "writer", Thread.class);
            EXTRA_READERS = l.findVarHandle(RwSemaphore.class, "extraReaders", int.class);
            READERS = MethodHandles.arrayElementVarHandle(Thread[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StampedLock lock = new StampedLock();
    /**
     * The lock's name is {@code namePrefix + nameSuffix}, joined only when a message needs it: a world builds a dozen
     * locks per sample, and their names are read only in reports.
     */
    private final String namePrefix;
    private final String nameSuffix;
    private final Watchdog watchdog;
    /** The thread holding the lock for write, or null; opaque. */
    @SuppressWarnings("unused")
    private Thread writer;
    /** The threads holding it for read, one per slot (a thread twice if it took it twice); CAS in, opaque out. */
    private final Thread[] readers = new Thread[READER_SLOTS];
    /** Readers that found no free slot; atomic. */
    @SuppressWarnings("unused")
    private int extraReaders;
    /** What a writer waits on, and what a reader waits on: created at the first wait (the waiter's side). */
    private volatile Side writeSide;
    private volatile Side readSide;

    public RwSemaphore(Watchdog watchdog, String name) {
        this(watchdog, name, "");
    }

    /** A lock named {@code prefix + suffix} (e.g. {@code "mm" + ".mmap_lock"}), the name joined only when read. */
    public RwSemaphore(Watchdog watchdog, String prefix, String suffix) {
        this.namePrefix = prefix;
        this.nameSuffix = suffix;
        this.watchdog = watchdog;
        watchdog.register(this);
    }

    /**
     * {@code down_read()}.
     *
     * @throws Hung  if the wait closes a deadlock (the caller's own write hold included)
     * @throws Stall at the last-resort deadline
     */
    public void downRead() {
        StoreBuffer.drain();
        if (lock.tryReadLock() == 0L) {
            if (WRITER.getOpaque(this) == Thread.currentThread()) {
                throw watchdog.deadlock("down_read(" + name() + ") by its own writer");
            }
            acquire(false);
        }
        addReader();
    }

    /** {@code down_read_trylock()}: true if acquired. */
    public boolean downReadTrylock() {
        StoreBuffer.drain();
        if (lock.tryReadLock() == 0L) {
            return false;
        }
        addReader();
        return true;
    }

    /** {@code up_read()}. */
    public void upRead() {
        StoreBuffer.drain();
        removeReader();
        if (!lock.tryUnlockRead()) {
            throw new IllegalStateException("up_read(" + name() + ") without a read hold");
        }
    }

    /**
     * {@code down_write()}.
     *
     * @throws Hung  if the wait closes a deadlock (the caller's own write hold included: AA)
     * @throws Stall at the last-resort deadline
     */
    public void downWrite() {
        StoreBuffer.drain();
        if (lock.tryWriteLock() == 0L) {
            if (WRITER.getOpaque(this) == Thread.currentThread()) {
                throw watchdog.deadlock("down_write(" + name() + ") by its own writer (AA deadlock)");
            }
            if (readerThreads().contains(Thread.currentThread())) {
                throw watchdog.deadlock("down_write(" + name() + ") by one of its readers (AA deadlock)");
            }
            acquire(true);
        }
        WRITER.setOpaque(this, Thread.currentThread());
    }

    /** {@code down_write_trylock()}: true if acquired. */
    public boolean downWriteTrylock() {
        StoreBuffer.drain();
        if (lock.tryWriteLock() == 0L) {
            return false;
        }
        WRITER.setOpaque(this, Thread.currentThread());
        return true;
    }

    /** {@code up_write()}. */
    public void upWrite() {
        StoreBuffer.drain();
        if (WRITER.getOpaque(this) != Thread.currentThread()) {
            throw new IllegalStateException("up_write(" + name() + ") by a thread that does not hold it");
        }
        WRITER.setOpaque(this, null);
        if (!lock.tryUnlockWrite()) {
            throw new IllegalStateException("up_write(" + name() + ") without a write hold");
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

    /** The slow path: registered as blocked on the waiter's side, a timed (interruptible) StampedLock acquire. */
    private void acquire(boolean write) {
        String what = (write ? "down_write(" : "down_read(") + name() + ")";
        Tasks tasks = watchdog.tasks();
        Task task = tasks.block(write ? writeSide() : readSide(), what);
        long stamp = 0L;
        Schedule ctl = Schedules.everyWorld();
        if (ctl != null) {
            // A schedule that runs one thread at a time: stop until the holders are gone (they cannot release the
            // lock while we wait for it) or the detector released us.
            while ((stamp = write ? lock.tryWriteLock() : lock.tryReadLock()) == 0L && ctl.stopBlocked(task)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw tasks.interrupted(task, what);
                }
            }
        }
        if (stamp == 0L) {
            try {
                long left = watchdog.deadline().toNanos();
                stamp = write ? lock.tryWriteLock(left, TimeUnit.NANOSECONDS) : lock.tryReadLock(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw tasks.interrupted(task, what);
            }
        }
        if (stamp == 0L) {
            throw tasks.stall(task, what);
        }
        try {
            tasks.unblock(task);
        } catch (Hung h) {
            lock.unlock(stamp); // released from a deadlock it was leaving anyway: hold nothing on the way out
            throw h;
        }
    }

    private void addReader() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < READER_SLOTS; i++) {
            if (READERS.getOpaque(readers, i) == null && READERS.compareAndSet(readers, i, null, me)) {
                return;
            }
        }
        EXTRA_READERS.getAndAdd(this, 1);
    }

    private void removeReader() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < READER_SLOTS; i++) {
            if (READERS.getOpaque(readers, i) == me) {
                READERS.setOpaque(readers, i, null);
                return;
            }
        }
        EXTRA_READERS.getAndAdd(this, -1);
    }

    private Side writeSide() {
        Side s = writeSide;
        if (s == null) {
            writeSide = s = new Side(true);
        }
        return s;
    }

    private Side readSide() {
        Side s = readSide;
        if (s == null) {
            readSide = s = new Side(false);
        }
        return s;
    }

    @Override
    public String lockName() {
        return name();
    }

    @Override
    public String holder() {
        if (lock.isWriteLocked()) {
            Thread w = (Thread) WRITER.getOpaque(this);
            return "write by " + (w == null ? "?" : w.getName());
        }
        int n = lock.getReadLockCount();
        if (n > 0) {
            List<String> names = new ArrayList<>();
            for (Thread r : readerThreads()) {
                names.add(r.getName());
            }
            return "read by " + n + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
        }
        return null;
    }

    private List<Thread> readerThreads() {
        List<Thread> out = new ArrayList<>(2);
        for (int i = 0; i < READER_SLOTS; i++) {
            Thread r = (Thread) READERS.getOpaque(readers, i);
            if (r != null) {
                out.add(r);
            }
        }
        if ((int) EXTRA_READERS.getOpaque(this) > 0) {
            out.add(UNKNOWN_HOLDER);
        }
        return out;
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * One side of the lock as a {@link Waitable}: a writer waits for the writer and the readers; a reader waits for
     * the writer and queues behind the writers waiting on the write side.
     */
    private final class Side implements Waitable {
        private final boolean write;

        Side(boolean write) {
            this.write = write;
        }

        @Override
        public String waitName() {
            return name() + (write ? " (write)" : " (read)");
        }

        @Override
        public List<Thread> holders() {
            List<Thread> out = new ArrayList<>(2);
            Thread w = (Thread) WRITER.getOpaque(RwSemaphore.this);
            if (w != null && lock.isWriteLocked()) {
                out.add(w);
            } else if (lock.isWriteLocked()) {
                out.add(UNKNOWN_HOLDER); // between tryWriteLock and recording the writer
            }
            if (write) {
                out.addAll(readerThreads());
            }
            return out;
        }

        @Override
        public boolean isLock() {
            return true;
        }

        @Override
        public Waitable queuedBehind() {
            return write ? null : writeSide();
        }

        @Override
        public String toString() {
            return waitName();
        }
    }

    private String name() {
        return nameSuffix.isEmpty() ? namePrefix : namePrefix + nameSuffix;
    }
}
