package org.gupstress.model.kernel.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-world record of violations: what KASAN, the refcount and page_ref debug checks, WARN/BUG and the
 * hung-task detector would have printed for this world. Oracles in the model call {@link #report}; the
 * arbiter of a JCStress test and JUnit tests read it after the actors finished.
 *
 * <p>Thread-safety: reporting is lock-free and may race with other reporters; reads are meant for quiescence
 * (after the actors joined), when they see every report (JCStress joins actor threads before it runs the
 * arbiter; {@code Thread.join} gives the happens-before edge).
 */
public final class Sanitizer {
    private final AtomicInteger kinds = new AtomicInteger();
    private final ConcurrentLinkedQueue<Violation> log = new ConcurrentLinkedQueue<>();

    /** Records a violation detected by the current thread. */
    public void report(ViolationKind kind, String what) {
        log.add(new Violation(kind, what, Thread.currentThread().getName()));
        kinds.getAndUpdate(k -> k | (1 << kind.ordinal()));
    }

    /** {@code WARN_ON(cond)}: records a {@link ViolationKind#WARN} with the kernel's message when cond holds. */
    public boolean warnOn(boolean condition, String kernelMessage) {
        if (condition) {
            report(ViolationKind.WARN, kernelMessage);
        }
        return condition;
    }

    /** True if at least one violation of this kind was recorded. */
    public boolean has(ViolationKind kind) {
        return (kinds.get() & (1 << kind.ordinal())) != 0;
    }

    /** True if nothing at all was recorded. */
    public boolean clean() {
        return kinds.get() == 0;
    }

    /** How many violations of this kind were recorded. */
    public int count(ViolationKind kind) {
        int n = 0;
        for (Violation v : log) {
            if (v.kind() == kind) {
                n++;
            }
        }
        return n;
    }

    /** Every violation, in the order recorded. */
    public List<Violation> violations() {
        return new ArrayList<>(log);
    }

    /** The violations of one kind, in the order recorded. */
    public List<Violation> violations(ViolationKind kind) {
        List<Violation> out = new ArrayList<>();
        for (Violation v : log) {
            if (v.kind() == kind) {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return log.isEmpty() ? "no violations" : log.toString();
    }
}
