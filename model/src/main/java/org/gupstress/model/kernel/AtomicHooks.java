package org.gupstress.model.kernel;

import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

import org.gupstress.model.kernel.sched.Order;
import org.gupstress.model.kernel.sched.Schedule;

/**
 * What {@link Atomic} and {@link Atomic64} (and, for its loads and RMWs, {@link Word}) tell a controlling schedule (the explorer, an
 * {@code Interleaving.inEveryWorld()} script), written once on {@code long} values: {@code atomic_read()} and
 * {@code atomic_set()} are the schedule's marked load and bufferable store ({@link Schedule#store(
 * org.gupstress.model.kernel.sched.SchedulePoint, Object, long, long, boolean, Runnable)}), exactly as {@link Word}'s
 * {@code READ_ONCE()}/{@code WRITE_ONCE()} (tools/memory-model/linux-kernel.def: {@code atomic_read(X)
 * READ_ONCE(*X)}, {@code atomic_set(X,V) { WRITE_ONCE(*X,V); }}), and an RMW is the schedule's if its memory model
 * performs RMWs ({@link Schedule#rmw}: the weak model). An {@code int} atomic passes its values sign-extended.
 */
final class AtomicHooks {
    private AtomicHooks() {
    }

    /**
     * {@code atomic_read()} ({@code acquire} false) or {@code atomic_read_acquire()} of {@code atomic}, whose value in
     * memory is {@code memory}, under {@code s} (null: none): the thread's own buffered store under TSO, the write the
     * weak model lets it read, else {@code memory}, reported as read.
     */
    static long load(Schedule s, Object atomic, boolean acquire, long memory) {
        if (s != null) {
            Long chosen = s.load(atomic, acquire, memory);
            if (chosen != null) {
                return chosen;
            }
            s.accessed(atomic, false, memory);
        }
        return memory;
    }

    /**
     * The RMW {@code op} (writing only if {@code writes}, null: always) of {@code atomic}, whose value in memory
     * {@code memory} reads, performed by {@code s}'s memory model with ordering {@code order}; {@code publish} then
     * stores the value written. Returns the value read, or null when {@code s} is null or leaves RMWs to the caller
     * (then nothing was done, and no lock was taken: a stress run pays one null check). No writer lock is needed:
     * a schedule that performs RMWs runs one thread at a time, so nothing comes between its decision and the store.
     */
    static Long rmw(Schedule s, Object atomic, LongSupplier memory, LongUnaryOperator op, LongPredicate writes,
                    Order order, LongConsumer publish) {
        if (s == null) {
            return null;
        }
        Long old = s.rmw(atomic, memory.getAsLong(), op, writes, order);
        if (old != null && (writes == null || writes.test(old))) {
            publish.accept(op.applyAsLong(old));
        }
        return old;
    }
}
