package org.gupstress.model.kernel.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;

/**
 * The world's hung-task detector (kernel/hung_task.c) and lockdep's bookkeeping: it owns the world's {@link Tasks}
 * registry, whose detector finds deadlocks and lost wake-ups the moment they exist, and it keeps the list of the
 * world's locks so that every report says who holds what.
 *
 * <p>The {@link #DEADLINE} is only a last-resort safety net, like the kernel's 120-second hung-task timeout: a
 * wait still blocked at the deadline with nothing detected throws {@link Stall} (an infrastructure error: the test
 * is reported ERROR), never a model outcome. Its default comes from {@code -Dgupstress.watchdog.millis} (10 s
 * unless set). A design's verdict never depends on it: a design that deadlocks is caught by the detector in
 * microseconds, and a slow or descheduled thread is simply waited for.
 */
public final class Watchdog {
    /** The property that sets {@link #DEADLINE}'s default (milliseconds), e.g. from a run profile. */
    public static final String DEADLINE_PROPERTY = "gupstress.watchdog.millis";

    public static final Knob<Duration> DEADLINE = Knob.of("watchdog.deadline",
            Duration.ofMillis(Long.getLong(DEADLINE_PROPERTY, 10_000)),
            "last resort: how long a model wait may block, with no deadlock detected, before it is a STALL (ERROR)");

    private static final AtomicBoolean STALL_PRINTED = new AtomicBoolean();

    private final long deadlineNanos;
    private final Sanitizer sanitizer;
    private final Tasks tasks = new Tasks(this);
    /** Guarded by itself; appended when a lock is created, read when a report is written. */
    private final List<Lockable> locks = new ArrayList<>();

    public Watchdog(Duration deadline, Sanitizer sanitizer) {
        this.deadlineNanos = deadline.toNanos();
        this.sanitizer = sanitizer;
    }

    /** The world's tasks: the blocked-thread registry and its deadlock detector. */
    public Tasks tasks() {
        return tasks;
    }

    /** Registers a lock so that reports can say who holds it. */
    public void register(Lockable lock) {
        synchronized (locks) {
            locks.add(lock);
        }
    }

    /** The {@link System#nanoTime()} at which a wait that starts now is a STALL. */
    public long deadlineFromNow() {
        return System.nanoTime() + deadlineNanos;
    }

    public Duration deadline() {
        return Duration.ofNanos(deadlineNanos);
    }

    /**
     * Records a deadlock the current thread found by itself, such as taking a lock it already holds (an AA
     * deadlock, which the kernel would spin on forever).
     *
     * @return the exception the wait must throw
     */
    public Hung deadlock(String what) {
        String msg = "DEADLOCK: " + what + "; held locks: " + heldLocks();
        sanitizer.report(ViolationKind.DEADLOCK, msg);
        return new Hung(msg);
    }

    /** Records a finding of the {@link Tasks} detector. */
    void record(BlockingReport r) {
        sanitizer.report(r.kind() == BlockingReport.Kind.DEADLOCK ? ViolationKind.DEADLOCK : ViolationKind.HUNG,
                r.message());
    }

    /** Prints the first stall of this JVM on standard output (a JCStress fork keeps it for the report). */
    void printStall(String msg) {
        if (STALL_PRINTED.compareAndSet(false, true)) {
            System.out.println(Stall.PREFIX + msg.replace('\n', ' '));
        }
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
