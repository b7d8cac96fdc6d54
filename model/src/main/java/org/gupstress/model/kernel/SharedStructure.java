package org.gupstress.model.kernel;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * Registration of a model structure, or of an array, whose fields or elements the field descriptors
 * ({@link IntField}, {@link LongField}, {@link RefField}, {@link LongArray}, {@link RefArray}) access: its
 * constructor calls {@link #created} with itself (and its arrays), as {@link Word}'s and {@link Atomic}'s do.
 *
 * <p>Under the explorer, a structure is numbered in creation order, which a deterministic scenario repeats in every
 * schedule, so that the reduction can compare what two schedules touched: an access to one of its fields counts as
 * an access to the structure (sound, and coarser than the field). An access to a structure that was not registered
 * is still seen, buffered and traced, but its step conflicts with every other (no number is stable from one
 * schedule to the next), which costs schedules, never soundness. No-op outside exploration.
 */
public final class SharedStructure {
    private SharedStructure() {
    }

    /** {@code structures} were just constructed (before they are shared). */
    public static void created(Object... structures) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            for (Object o : structures) {
                if (o != null) {
                    s.created(o);
                }
            }
        }
    }
}
