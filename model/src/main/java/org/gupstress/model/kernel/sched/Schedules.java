package org.gupstress.model.kernel.sched;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The stress-run schedules. Which one a world gets by default is read once from the system property
 * {@code gupstress.schedule}: {@code none} (the default) or {@code spin:N} (a random spin of up to N
 * {@link Thread#onSpinWait()} at every point).
 */
public final class Schedules {
    private static final Schedule NONE = point -> { };

    private static final Schedule STRESS_DEFAULT = parse(System.getProperty("gupstress.schedule", "none"));

    /**
     * The schedule that overrides every world's own, or null (always, in stress runs). A plain field: it is set
     * and cleared only while no model thread runs, and the threads that use it are started after it was set
     * ({@code Thread.start()} orders the write before their reads).
     */
    private static Schedule everyWorld;

    private Schedules() {
    }

    /** Every point is a no-op: the actors race at full speed. */
    public static Schedule none() {
        return NONE;
    }

    /**
     * Every point spins for a random 0..{@code maxSpins} iterations, which widens race windows between
     * protocol steps. Do not use it for store-buffering tests: a spin between a store and a load drains the
     * store buffer and hides the very reordering under test.
     */
    public static Schedule randomSpin(int maxSpins) {
        if (maxSpins <= 0) {
            throw new IllegalArgumentException("maxSpins must be positive: " + maxSpins);
        }
        return point -> {
            int n = ThreadLocalRandom.current().nextInt(maxSpins + 1);
            for (int i = 0; i < n; i++) {
                Thread.onSpinWait();
            }
        };
    }

    /**
     * The schedule installed by {@link #installInEveryWorld}, or null. Every {@code World} asks this first, and so
     * do the model objects that have no world ({@code Word}).
     */
    public static Schedule everyWorld() {
        return everyWorld;
    }

    /**
     * Makes {@code schedule} every world's schedule until the returned handle is closed: how the explorer and
     * {@link Interleaving#inEveryWorld()} control a test whose world they cannot reach (a JCStress test class
     * builds its world privately in its constructor). Call only while no model thread runs; one at a time.
     *
     * @throws IllegalStateException if another schedule is installed
     */
    public static AutoCloseable installInEveryWorld(Schedule schedule) {
        synchronized (Schedules.class) {
            if (everyWorld != null) {
                throw new IllegalStateException("a schedule is already installed in every world: " + everyWorld);
            }
            everyWorld = schedule;
        }
        return () -> {
            synchronized (Schedules.class) {
                if (everyWorld == schedule) {
                    everyWorld = null;
                }
            }
        };
    }

    /** The schedule stress runs use, from {@code -Dgupstress.schedule}. */
    public static Schedule stressDefault() {
        return STRESS_DEFAULT;
    }

    static Schedule parse(String spec) {
        if (spec.equals("none")) {
            return NONE;
        }
        if (spec.startsWith("spin:")) {
            try {
                return randomSpin(Integer.parseInt(spec.substring("spin:".length())));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("gupstress.schedule must be 'none' or 'spin:N', not '" + spec + "'");
    }
}
