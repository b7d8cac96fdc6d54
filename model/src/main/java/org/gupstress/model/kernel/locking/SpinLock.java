package org.gupstress.model.kernel.locking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * {@code spinlock_t}: the PTE lock, {@code inode->i_lock}, the {@code i_pages} xarray lock. Acquire is a CAS
 * (acquire semantics), release a release store, as {@code spin_lock()}/{@code spin_unlock()}: not a full
 * barrier to outside observers (LKMM's Z6.0+pooncelock+pooncelock+pombonce is "Sometimes").
 *
 * <p>A waiter spins, then yields; it gives up at the world's watchdog deadline and throws {@link Hung}. Taking
 * a lock the current thread already holds is reported at once (the kernel would spin forever: an AA deadlock).
 */
public final class SpinLock implements Lockable {
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(SpinLock.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Watchdog watchdog;
    /** The holder, or null. Written by CAS (acquire) and release store; read opaque for diagnostics. */
    @SuppressWarnings("unused")
    private Thread owner;

    public SpinLock(Watchdog watchdog, String name) {
        this.name = name;
        this.watchdog = watchdog;
        watchdog.register(this);
    }

    /** {@code spin_lock()}. Memory effects: acquire. @throws Hung if not acquired by the watchdog deadline */
    public void lock() {
        Thread me = Thread.currentThread();
        if (OWNER.compareAndSet(this, null, me)) {
            return;
        }
        if (OWNER.getOpaque(this) == me) {
            throw watchdog.hung("spin_lock(" + name + ") by its own holder (AA deadlock)");
        }
        long deadline = watchdog.deadlineFromNow();
        for (int spins = 1; ; spins++) {
            if (OWNER.getOpaque(this) == null && OWNER.compareAndSet(this, null, me)) {
                return;
            }
            Schedule ctl = Schedules.everyWorld();
            if (ctl != null) {
                // A schedule that runs one thread at a time: the holder cannot run while we spin, so stop here
                // until it released the lock.
                Schedule.Blocked b = ctl.block("spin_lock(" + name + ")", () -> OWNER.getOpaque(this) == null);
                if (b == Schedule.Blocked.RETRY) {
                    continue;
                }
                if (b == Schedule.Blocked.DEADLOCK) {
                    throw watchdog.hung("spin_lock(" + name + ") in a deadlock: every live thread is blocked");
                }
            }
            if (spins < 256) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
                if (System.nanoTime() - deadline > 0) {
                    throw watchdog.hung("spin_lock(" + name + ")");
                }
            }
        }
    }

    /** {@code spin_trylock()}: true if acquired. Memory effects: acquire on success. */
    public boolean tryLock() {
        return OWNER.compareAndSet(this, null, Thread.currentThread());
    }

    /** {@code spin_unlock()}. Memory effects: release. */
    public void unlock() {
        if (OWNER.getOpaque(this) != Thread.currentThread()) {
            throw new IllegalStateException("spin_unlock(" + name + ") by a thread that does not hold it");
        }
        OWNER.setRelease(this, null);
    }

    /** {@code lockdep_assert_held()}: true if the current thread holds the lock. */
    public boolean heldByCurrentThread() {
        return OWNER.getOpaque(this) == Thread.currentThread();
    }

    @Override
    public String lockName() {
        return name;
    }

    @Override
    public String holder() {
        Thread t = (Thread) OWNER.getOpaque(this);
        return t == null ? null : "held by " + t.getName();
    }

    @Override
    public String toString() {
        return name;
    }
}
