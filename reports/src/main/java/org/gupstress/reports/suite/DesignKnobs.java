package org.gupstress.reports.suite;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.gupstress.model.kernel.kconfig.Config;

/**
 * A design's knob settings, read from the design itself: the test class is instantiated exactly as JCStress does
 * (its public no-argument constructor builds one world from the design's {@link Config}), and the {@link Config}
 * that world was built from is found by walking the instance's fields. No second, hand-kept list: what is shown is
 * what the test runs.
 *
 * <p>The walk is breadth-first, a few levels deep, and follows only the test's own objects (classes of the stress
 * tests, {@code org.gupstress.stress.}: the test state, a scenario's world holder) and the model's {@code World};
 * it stops at the first {@link Config}. Model objects other than the world are not followed: some are shared
 * between worlds (a schedule, a registry) and could lead to another design's config.
 */
public final class DesignKnobs {
    private static final String TESTS = "org.gupstress.stress.";
    private static final String WORLD = "World";
    private static final int MAX_DEPTH = 4;

    private DesignKnobs() {
    }

    /**
     * @return {@link Config#describe()} of the design's config ("name=value" for each knob set away from its
     *         default, in setting order; empty for the merged kernel, and for a test that builds no model
     *         {@code World} at all, such as the litmus family's tests on bare primitives), or null if the test could
     *         not be instantiated or holds a world but no config
     */
    public static List<String> of(Class<?> testClass) {
        Object state;
        try {
            Constructor<?> c = testClass.getDeclaredConstructor();
            c.setAccessible(true);
            state = c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
        Config config = find(state);
        if (config == null) {
            return holdsAWorld(state) ? null : List.of();
        }
        return List.copyOf(config.describe());
    }

    /** Whether the walk {@link #find} makes from {@code root} meets a model {@code World}. */
    static boolean holdsAWorld(Object root) {
        return walk(root, o -> isWorld(o)) != null;
    }

    private static boolean isWorld(Object o) {
        return o.getClass().getSimpleName().equals(WORLD) && o.getClass().getName().startsWith("org.gupstress.");
    }

    static Config find(Object root) {
        return (Config) walk(root, o -> o instanceof Config);
    }

    /** Breadth-first over the test's own objects and the world (see the class comment): the first object that matches. */
    private static Object walk(Object root, java.util.function.Predicate<Object> match) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> queue = new ArrayDeque<>();
        queue.add(new Object[]{root, 0});
        while (!queue.isEmpty()) {
            Object[] next = queue.poll();
            Object o = next[0];
            int depth = (Integer) next[1];
            if (o != null && match.test(o)) {
                return o;
            }
            if (o == null || depth >= MAX_DEPTH || !seen.add(o) || !(o.getClass().getName().startsWith(TESTS)
                    || isWorld(o))) {
                continue;
            }
            for (Class<?> k = o.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        queue.add(new Object[]{f.get(o), depth + 1});
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // a field we may not read (module boundaries): not the config
                    }
                }
            }
        }
        return null;
    }
}
