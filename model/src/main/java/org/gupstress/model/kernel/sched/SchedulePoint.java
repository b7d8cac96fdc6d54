package org.gupstress.model.kernel.sched;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named step of a kernel protocol at which a {@link Schedule} may act: after writeback cleared the dirty bit,
 * between GUP-fast's pin and its PTE re-check, before a waiter sleeps. Points are declared as
 * {@code static final} constants in the class whose code reaches them; names are dotted
 * {@code function.step}, e.g. {@code "gup_fast.after_pin"}, and scripts refer to them by that name.
 *
 * <p>Points are interned: one instance per name, so a script that names a point which no code declares fails
 * fast ({@link #named(String)}) instead of waiting for a point that never comes.
 */
public final class SchedulePoint {
    private static final ConcurrentHashMap<String, SchedulePoint> BY_NAME = new ConcurrentHashMap<>();

    private final String name;
    private final String doc;

    private SchedulePoint(String name, String doc) {
        this.name = name;
        this.doc = doc;
    }

    /**
     * Declares a point. Call once, into a {@code static final} field of the class that reaches it.
     *
     * @param name {@code function.step}
     * @param doc  one line: where exactly the point stands and which race window it opens
     * @throws IllegalStateException if another point already has this name
     */
    public static SchedulePoint declare(String name, String doc) {
        SchedulePoint p = new SchedulePoint(Objects.requireNonNull(name), Objects.requireNonNull(doc));
        SchedulePoint prior = BY_NAME.putIfAbsent(name, p);
        if (prior != null) {
            throw new IllegalStateException("schedule point declared twice: " + name);
        }
        return p;
    }

    /**
     * The declared point with this name. The declaring class must have been initialized; scripts call this
     * after building their world, which loads every class the scenario touches.
     *
     * @throws IllegalArgumentException naming the known points with the same prefix, if none has this name
     */
    public static SchedulePoint named(String name) {
        SchedulePoint p = BY_NAME.get(name);
        if (p == null) {
            String prefix = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : name;
            throw new IllegalArgumentException("no schedule point named '" + name + "'; declared points starting with '"
                    + prefix + "': " + BY_NAME.keySet().stream().filter(n -> n.startsWith(prefix)).sorted().toList());
        }
        return p;
    }

    public String name() {
        return name;
    }

    public String doc() {
        return doc;
    }

    @Override
    public String toString() {
        return name;
    }
}
