package org.gupstress.model.kernel;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * The emulated store buffer's one rule for the accesses the layer does not buffer. Under a schedule that controls
 * every world (the explorer, {@code Interleaving.inEveryWorld()}), {@link Word} stores, the {@code long}/{@code int}
 * field descriptors' stores ({@link IntField}, {@link LongField}, {@link LongArray}) and {@link Atomic}'s void
 * RMWs and sets wait in the thread's FIFO store buffer; every other store or locked RMW of the layer (a lock's
 * acquisition or release, a value-returning RMW, a {@link RefField}, {@link RefArray} or {@link Pointer} store) takes
 * effect at once, so it first makes the thread's buffered stores visible ({@link #drain()}): a lock release or a store-release
 * must not become visible before the stores that precede it, and on x86, whose TSO the emulation follows, no store
 * overtakes an earlier one and a LOCKed instruction drains the buffer. Loads never drain. The drain is the TSO
 * emulation's ({@link Schedule#flushStoreBuffer}), not {@code smp_mb()}: under the explorer's weak memory model,
 * which has no buffer, it orders nothing (a spinlock there is acquire/release, not a full barrier).
 */
public final class StoreBuffer {
    private StoreBuffer() {
    }

    /** Makes the current thread's buffered stores visible, under a schedule that controls every world; else nothing. */
    public static void drain() {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.flushStoreBuffer();
        }
    }
}
