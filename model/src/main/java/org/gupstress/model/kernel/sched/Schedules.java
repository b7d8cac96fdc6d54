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
