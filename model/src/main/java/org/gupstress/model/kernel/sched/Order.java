package org.gupstress.model.kernel.sched;

import java.lang.invoke.VarHandle;

/**
 * The ordering of an atomic RMW (Documentation/atomic_t.txt, "ORDERING"; tools/memory-model/linux-kernel.def's
 * {@code {mb}}, {@code {once}}, {@code {acquire}}, {@code {release}}): none for fully ordered, {@code _relaxed} (and
 * the void RMWs), {@code _acquire}, {@code _release}. On the JVM the RMW issues {@link #before()} ahead of its store
 * and {@link #after()} behind it, while it holds its writer lock; a weak memory model applies it to its views
 * ({@link Schedule#rmw}).
 */
public enum Order {
    /** {@code _relaxed}: atomic, no ordering. */
    RELAXED,
    /** {@code _acquire}: later accesses are not reordered before the RMW. */
    ACQUIRE,
    /** {@code _release}: earlier accesses are not reordered after the RMW. */
    RELEASE,
    /** No suffix: as if {@code smp_mb()} stood before and after. */
    FULL;

    /** The JVM fence ahead of the RMW's store: full for {@link #FULL}, release for {@link #RELEASE}. */
    public void before() {
        switch (this) {
            case FULL -> VarHandle.fullFence();
            case RELEASE -> VarHandle.releaseFence();
            default -> {
            }
        }
    }

    /** The JVM fence behind the RMW's store: full for {@link #FULL}, acquire for {@link #ACQUIRE}. */
    public void after() {
        switch (this) {
            case FULL -> VarHandle.fullFence();
            case ACQUIRE -> VarHandle.acquireFence();
            default -> {
            }
        }
    }
}
