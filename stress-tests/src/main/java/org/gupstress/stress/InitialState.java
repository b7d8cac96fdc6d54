package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Which of several initial states a new instance of a scenario gets, for scenarios whose no-argument constructor
 * varies the state per sample (B1 alternates whether the pin is still held; B2's two-actor decomposition alternates
 * the order of its releases). Under JCStress the states alternate per construction ({@link #next}). The explorer
 * must not see them alternate behind its back (its replays of a schedule would start from another state), so it
 * explores each state separately, constructing each instance inside {@link #with}; a printed script does the same.
 *
 * <p>A scenario that varies its state declares how many states there are with {@link Count} on its base class.
 */
public final class InitialState {
    /** Declares, on a scenario's base class, how many initial states its no-argument constructor alternates. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Count {
        int value();
    }

    private static final ThreadLocal<Integer> FORCED = new ThreadLocal<>();

    private InitialState() {
    }

    /**
     * The state for the instance being constructed: the one {@link #with} forces, else the next of
     * {@code 0, 1, ..., n-1, 0, ...} by {@code counter}.
     */
    public static int next(AtomicInteger counter, int n) {
        Integer f = FORCED.get();
        return f != null ? f : Math.floorMod(counter.getAndIncrement(), n);
    }

    /** Constructs an instance with {@code state} as its initial state (on this thread, for this call only). */
    public static <T> T with(int state, Supplier<T> constructor) {
        Integer prior = FORCED.get();
        FORCED.set(state);
        try {
            return constructor.get();
        } finally {
            if (prior == null) {
                FORCED.remove();
            } else {
                FORCED.set(prior);
            }
        }
    }

    /** How many initial states {@code test} declares (1 if none). */
    public static int count(Class<?> test) {
        Count c = test.getAnnotation(Count.class);
        return c == null ? 1 : c.value();
    }
}
