package org.gupstress.model.kernel;

/** How strong the barrier at one {@link BarrierSite} is in a given design. */
public enum Strength {
    /** {@code smp_mb()}: {@code VarHandle.fullFence()}, which also orders a store before a later load. */
    FULL,
    /**
     * Only release and acquire fences: orders load-load, load-store and store-store, never store-load. On x86
     * both compile to nothing but a compiler barrier, so store buffering shows through.
     */
    RELEASE_ACQUIRE,
    /** No barrier at all: the site is deleted. */
    NONE
}
