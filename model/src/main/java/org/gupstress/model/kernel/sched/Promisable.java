package org.gupstress.model.kernel.sched;

/**
 * A location whose relaxed store ({@code WRITE_ONCE()}) the weak memory model may promise before its thread reaches
 * it ({@link WeakMemory#promise}): a {@code kernel.Word} only. The interface keeps {@code kernel.sched} free of a
 * dependency on the primitives that depend on it.
 */
public interface Promisable {
    /**
     * The location's value in memory now, read by the explorer's controller or a script's driver, which are no
     * actors: the read is not a modelled access and is neither traced nor reordered.
     */
    long valueInMemory();
}
