package org.gupstress.model.kernel;

import java.util.concurrent.atomic.AtomicLong;

import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;

/**
 * {@code struct percpu_ref} (lib/percpu-refcount.c): a reference count that is cheap while live and can be killed:
 * {@link #kill()} marks it dead ({@code __PERCPU_REF_DEAD}) and drops the initial reference; {@link #trygetLive()}
 * fails from then on; the put that brings the count to zero runs the release callback once.
 *
 * <p>Simplified: the model always runs in the kernel's <em>atomic mode</em> (one counter, the dead flag in the same
 * word). The kernel's percpu mode sums per-CPU counters only after {@code percpu_ref_kill()} switched to atomic mode
 * (an RCU grace period later); a {@code tryget_live()} racing the kill is then ordered before it. Here every operation
 * is one fully ordered RMW on the single word, which gives the same outcomes: a tryget_live either precedes the kill
 * and counts, or follows it and fails.
 *
 * <p>Memory effects: every operation is a volatile RMW (fully ordered, like the kernel's value-returning atomics).
 */
public final class PercpuRef {
    /** {@code __PERCPU_REF_DEAD}, kept in the count word so that tryget_live tests it in the same RMW. */
    private static final long DEAD = 1L << 62;

    private final String name;
    private final Sanitizer sanitizer;
    private final Runnable release;
    private final AtomicLong count = new AtomicLong(1);

    /** {@code percpu_ref_init(ref, release, 0, GFP)}: one reference, the initial one, dropped by {@link #kill()}. */
    public PercpuRef(String name, Sanitizer sanitizer, Runnable release) {
        this.name = name;
        this.sanitizer = sanitizer;
        this.release = release;
    }

    /** {@code percpu_ref_get_many(ref, nr)}: the caller knows the ref is alive (holds a reference already). */
    public void getMany(long nr) {
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        count.getAndAdd(nr);
    }

    /** {@code percpu_ref_get(ref)}. */
    public void get() {
        getMany(1);
    }

    /** {@code percpu_ref_tryget_many(ref, nr)}: increments unless the count is zero; ignores the dead flag. */
    public boolean trygetMany(long nr) {
        for (;;) {
            long v = count.get();
            if ((v & ~DEAD) == 0) {
                return false;
            }
            StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
            if (count.compareAndSet(v, v + nr)) {
                return true;
            }
        }
    }

    /** {@code percpu_ref_tryget_live(ref)}: increments unless killed (or zero). */
    public boolean trygetLive() {
        for (;;) {
            long v = count.get();
            if ((v & DEAD) != 0 || v == 0) {
                return false;
            }
            StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
            if (count.compareAndSet(v, v + 1)) {
                return true;
            }
        }
    }

    /** {@code percpu_ref_kill(ref)}: marks the ref dead, then drops the initial reference. */
    public void kill() {
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        long before = count.getAndUpdate(v -> v | DEAD);
        if ((before & DEAD) != 0) {
            sanitizer.report(ViolationKind.WARN, "percpu_ref_kill_and_confirm called more than once on " + name);
            return;
        }
        putMany(1);
    }

    /** {@code percpu_ref_put_many(ref, nr)}: the put that reaches zero runs the release callback. */
    public void putMany(long nr) {
        StoreBuffer.drain(); // a LOCKed RMW: the emulated store buffer drains first
        long v = count.addAndGet(-nr) & ~DEAD;
        if (v == 0) {
            release.run();
        } else if (v > DEAD / 2) {
            sanitizer.report(ViolationKind.REFCOUNT_UNDERFLOW, "percpu ref " + name + " went below zero");
        }
    }

    /** {@code percpu_ref_put(ref)}. */
    public void put() {
        putMany(1);
    }

    /** {@code percpu_ref_is_dying(ref)}. */
    public boolean isDying() {
        return (count.get() & DEAD) != 0;
    }

    /** {@code percpu_ref_is_zero(ref)}: no reference left (the release ran). */
    public boolean isZero() {
        return (count.get() & ~DEAD) == 0;
    }

    @Override
    public String toString() {
        long v = count.get();
        return name + "{" + (v & ~DEAD) + ((v & DEAD) != 0 ? ", dead}" : "}");
    }
}
