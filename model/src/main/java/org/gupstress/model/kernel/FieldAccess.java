package org.gupstress.model.kernel;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * What the field descriptors ({@link IntField}, {@link LongField}, {@link RefField}, {@link LongArray},
 * {@link RefArray}) tell a controlling schedule: the same hooks, in the same order, as the equivalent access of a
 * {@link Word} (a {@code long} field or element) or a {@link Pointer} (a reference), under the location of the field
 * ({@link Schedule#location}). Only called with a schedule that controls every world ({@code Schedules.everyWorld()}
 * not null: the explorer, {@code Interleaving.inEveryWorld()}); stress runs never get here.
 */
final class FieldAccess {
    /** A field descriptor's {@code WRITE_ONCE()} or {@code smp_store_release()} entered the thread's store buffer. */
    static final SchedulePoint WRITE_ONCE = SchedulePoint.declare("field.write_once",
            "WRITE_ONCE() of a structure's field issued into the store buffer, not yet visible to other threads"
                    + " (not a point a thread stops at: its flush is)");

    private FieldAccess() {
    }

    /**
     * Before a descriptor's RMW: an RMW is a LOCKed instruction, so the thread's buffered stores become visible
     * first. Returns the schedule that controls every world, or null in a stress run.
     */
    static Schedule beforeRmw() {
        StoreBuffer.drain();
        return Schedules.everyWorld();
    }

    /**
     * A marked load that read {@code memory}: what it returns instead (the thread's own buffered store under TSO,
     * the write the weak memory model lets it read), else {@code memory}, reported as read; as {@link Word#readOnce}.
     */
    static long load(Schedule s, Object owner, Object field, int index, boolean acquire, long memory) {
        Object location = s.location(owner, field, index);
        Long chosen = s.load(location, acquire, memory);
        if (chosen != null) {
            return chosen;
        }
        s.accessed(location, false, memory);
        return memory;
    }

    /**
     * A bufferable store of {@code value} to a location holding {@code old}, performed by {@code store}; as
     * {@link Word#writeOnce} / {@link Word#storeRelease}, except that the thread does not stop
     * ({@link Schedule#bufferedStore}).
     */
    static void store(Schedule s, Object owner, Object field, int index, long old, long value, boolean release,
                      Runnable store) {
        s.bufferedStore(WRITE_ONCE, s.location(owner, field, index), old, value, release, store);
    }

    /** An RMW (the thread's buffer already drained) read {@code old} and, if {@code wrote}, wrote {@code written}. */
    static void rmw(Schedule s, Object owner, Object field, int index, long old, boolean wrote, long written) {
        Object location = s.location(owner, field, index);
        s.accessed(location, false, old);
        if (wrote) {
            s.accessed(location, true, written);
        }
    }

    /** A reference access, reported as {@link Pointer}'s are (the value is the target's identity hash). */
    static void ref(Schedule s, Object owner, Object field, int index, boolean write, Object value) {
        s.accessed(s.location(owner, field, index), write, System.identityHashCode(value));
    }
}
