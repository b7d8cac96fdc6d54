package org.gupstress.model.kernel.sched;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a blocked {@link Task} waits on: a lock (a spinlock, a side of an rw_semaphore, the folio lock) or a
 * condition ({@code wait_var_event()} on an idle refcount, PG_writeback). The deadlock detector follows a waiter to
 * the {@link #holders()} of what it waits on, lockdep-style.
 *
 * <p>Two kinds of wait end differently, and the detector honours the difference:
 * <ul>
 *   <li>a <b>lock</b> ({@link #isLock()} true): the waiter polls and proceeds as soon as the holders are gone, no
 *       wake-up needed. It is stuck only while its holders are; a lock with no holder does not block anyone;</li>
 *   <li>a <b>condition</b>: the waiter sleeps until a waker marks it woken ({@link Tasks#wake}). Without a wake-up
 *       it is stuck even if the condition has become true: that is a lost wake-up, as in the kernel.</li>
 * </ul>
 *
 * <p>Implementations read their holders racily (opaque); the detector calls {@link #holders()} only under its
 * registry's lock, after every holder it will rely on has published its own state there.
 */
public interface Waitable {
    /** How a report names it, e.g. {@code "I1.invalidate_lock (write)"} or {@code "I1 page 0 idle"}. */
    String waitName();

    /**
     * The threads a waiter waits for right now: the lock's holder(s) in the conflicting mode, the folio lock's
     * owner. Empty if free, or if nobody in particular is known to hold it (a condition such as "refcount idle",
     * whose holder is whoever holds a reference).
     */
    List<Thread> holders();

    /** True for a lock (see the class comment), false for a condition. */
    boolean isLock();

    /**
     * A waitable whose waiters also wait for the tasks blocked on it: a reader of an rw_semaphore queues behind a
     * waiting writer (the kernel's rwsem and {@link java.util.concurrent.locks.StampedLock} both do). Null if none.
     */
    default Waitable queuedBehind() {
        return null;
    }

    /**
     * A lock implemented as a condition (the folio lock: {@code folio_lock()} sleeps on the folio's wait queue
     * until {@code folio_unlock()} wakes it) whose holder is known: a waiter needs a wake-up, and waits for
     * {@code holder}.
     */
    static Waitable heldBy(String name, Supplier<Thread> holder) {
        return new Waitable() {
            @Override
            public String waitName() {
                return name;
            }

            @Override
            public List<Thread> holders() {
                Thread t = holder.get();
                return t == null ? List.of() : List.of(t);
            }

            @Override
            public boolean isLock() {
                return false;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A condition with no known holder, named {@code name}. */
    static Waitable condition(String name) {
        return heldBy(name, () -> null);
    }
}
