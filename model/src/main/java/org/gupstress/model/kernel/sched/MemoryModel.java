package org.gupstress.model.kernel.sched;

/**
 * The memory model a schedule that runs threads one at a time ({@code explore}, an
 * {@link Interleaving#inEveryWorld()} script) emulates for the model's marked accesses ({@code Word}, barriers,
 * spinlocks).
 */
public enum MemoryModel {
    /** Sequential consistency: every store is visible to every thread at once; only interleavings vary. */
    SC,
    /**
     * x86-TSO (the default): each thread's {@code WRITE_ONCE}s wait in a FIFO store buffer, forwarded to its own
     * loads, until flushed (a step of its own) or drained by a full barrier. Only store-to-load reordering.
     */
    TSO,
    /**
     * A view-based weak model mapped onto the LKMM ({@link WeakMemory}): a load may read any write its thread is not
     * yet ordered after, and a store may be placed before writes its thread has not seen; acquire, release,
     * {@code smp_mb()}, {@code smp_rmb()}, {@code smp_wmb()} and spinlocks order them as the LKMM says; a thread may
     * promise a later {@code WRITE_ONCE()} that it was seen to make when run alone (load buffering,
     * {@link WeakMemory#promise}).
     */
    WEAK;

    /** Parses "sc", "tso" or "weak" (any case). */
    public static MemoryModel parse(String s) {
        for (MemoryModel m : values()) {
            if (m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown memory model '" + s + "': sc, tso or weak");
    }
}
