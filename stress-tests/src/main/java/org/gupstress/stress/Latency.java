package org.gupstress.stress;

import java.util.concurrent.ThreadLocalRandom;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * Honest widening of a race window: at one schedule point, a random spin that stands for kernel (or device) work the
 * model leaves out, so that a race the kernel has in microseconds is not squeezed into the model's nanoseconds. Each
 * scenario that uses it names the work and its source where it installs it. Every other point keeps the stress
 * default; {@code explore} and the {@code Interleaving} scripts replace the world's schedule, so no deterministic
 * test depends on it.
 */
public final class Latency {
    /** {@code Thread.onSpinWait()} calls that took about 5 us on the AMD EPYC the suite was tuned on. */
    public static final int ABOUT_5_US = 200;

    private Latency() {
    }

    /** A schedule that spins a random 0..{@code maxSpins} {@code Thread.onSpinWait()} at {@code point}. */
    public static Schedule at(SchedulePoint point, int maxSpins) {
        if (maxSpins <= 0) {
            throw new IllegalArgumentException("maxSpins must be positive: " + maxSpins);
        }
        return p -> {
            if (p == point) {
                int n = ThreadLocalRandom.current().nextInt(maxSpins + 1);
                for (int i = 0; i < n; i++) {
                    Thread.onSpinWait();
                }
            } else {
                Schedules.stressDefault().at(p);
            }
        };
    }
}
