package org.gupstress.model.kernel;

import java.lang.invoke.VarHandle;

/**
 * The ordering suffix of a value-returning RMW (Documentation/atomic_t.txt, "ORDERING"): none for fully ordered,
 * {@code _relaxed}, {@code _acquire}, {@code _release}. The RMW issues {@link #before()} ahead of its store and
 * {@link #after()} behind it, while it holds its writer lock.
 */
enum Order {
    /** {@code _relaxed}: atomic, no ordering. */
    RELAXED,
    /** {@code _acquire}: later accesses are not reordered before the RMW. */
    ACQUIRE,
    /** {@code _release}: earlier accesses are not reordered after the RMW. */
    RELEASE,
    /** No suffix: as if {@code smp_mb()} stood before and after. */
    FULL;

    void before() {
        switch (this) {
            case FULL -> VarHandle.fullFence();
            case RELEASE -> VarHandle.releaseFence();
            default -> {
            }
        }
    }

    void after() {
        switch (this) {
            case FULL -> VarHandle.fullFence();
            case ACQUIRE -> VarHandle.acquireFence();
            default -> {
            }
        }
    }
}
