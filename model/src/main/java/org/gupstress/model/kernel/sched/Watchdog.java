package org.gupstress.model.kernel.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.design.Knob;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.locking.Lockable;

/**
 * The world's hung-task detector (kernel/hung_task.c with a deadline instead of 120 seconds). Every blocking
 * wait in the model computes its deadline here; when a deadline passes, the wait calls {@link #hung}, which
 * records a {@link ViolationKind#HUNG} naming the wait and every lock of the world that is held (and by whom),
 * and returns the {@link Hung} the wait throws.
 *
 * <p>The deadline is the {@link #DEADLINE} knob; its default comes from {@code -Dgupstress.watchdog.millis}
 * (100 ms unless set). Long enough that a descheduled thread on a busy 2-core machine is not mistaken for a
 * deadlock, short enough that a deadlocking design still yields samples.
 */
public final class Watchdog {
    public static final Knob<Duration> DEADLINE = Knob.of("watchdog.deadline",
            Duration.ofMillis(Long.getLong("gupstress.watchdog.millis", 100)),
            "how long any model wait may block before it is reported HUNG");

    private final long deadlineNanos;
    private final Sanitizer sanitizer;
    /** Guarded by itself; appended when a lock is created, read when a wait hangs. */
    private final List<Lockable> locks = new ArrayList<>();

    public Watchdog(Duration deadline, Sanitizer sanitizer) {
        this.deadlineNanos = deadline.toNanos();
        this.sanitizer = sanitizer;
    }

    /** Registers a lock so that hang reports can say who holds it. */
    public void register(Lockable lock) {
        synchronized (locks) {
            locks.add(lock);
        }
    }

    /** The {@link System#nanoTime()} at which a wait that starts now must give up. */
    public long deadlineFromNow() {
        return System.nanoTime() + deadlineNanos;
    }

    public Duration deadline() {
        return Duration.ofNanos(deadlineNanos);
    }

    /**
     * Records that the current thread's wait {@code what} passed its deadline, with the world's held locks.
     *
     * @return the exception the wait must throw
     */
    public Hung hung(String what) {
        String msg = what + " blocked for more than " + deadline().toMillis() + " ms; held locks: " + heldLocks();
        sanitizer.report(ViolationKind.HUNG, msg);
        return new Hung(msg);
    }

    /** Every registered lock that is held now, with its holder; "none" if none. */
    public String heldLocks() {
        List<String> held = new ArrayList<>();
        synchronized (locks) {
            for (Lockable l : locks) {
                String h = l.holder();
                if (h != null) {
                    held.add(l.lockName() + " (" + h + ")");
                }
            }
        }
        return held.isEmpty() ? "none" : String.join(", ", held);
    }
}
