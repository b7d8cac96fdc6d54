package org.gupstress.model.kernel.sched.explore;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.model.kernel.sched.Schedule;

/**
 * Names the shared variables of a trace by where they live: the shortest path of fields from the test instance,
 * e.g. {@code folio.refcount} or {@code world.inodes[0].iCount}, found by a breadth-first walk over the fields of
 * the instance's object graph (model classes by reflection; arrays, collections and maps through their elements).
 * The model declares no names: its field names are the kernel's, so the path is what a kernel reader looks for. A
 * variable the walk cannot reach (a local of an actor) is named by its type and number, {@code Atomic#7}.
 *
 * <p>Run only after the threads ended (it reads fields without synchronization) and only for a trace that is kept.
 */
final class VariableNames {
    /** An upper bound on the objects visited: a test's world has a few hundred. */
    private static final int MAX_OBJECTS = 50_000;

    private VariableNames() {
    }

    static List<String> of(Object root, List<Object> variables) {
        Map<Object, String> paths = new IdentityHashMap<>();
        if (root != null) {
            walk(root, variables, paths);
        }
        List<String> out = new ArrayList<>(variables.size());
        for (int i = 0; i < variables.size(); i++) {
            Object v = variables.get(i);
            String p = paths.get(v);
            out.add(p != null ? p : v.getClass().getSimpleName() + "#" + i);
        }
        return List.copyOf(out);
    }

    private static void walk(Object root, List<Object> variables, Map<Object, String> paths) {
        Map<Object, Boolean> wanted = new IdentityHashMap<>();
        variables.forEach(v -> wanted.put(v, Boolean.TRUE));
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> queue = new ArrayDeque<>();
        seen.put(root, Boolean.TRUE);
        queue.add(new Object[] {root, ""});
        while (!queue.isEmpty() && seen.size() < MAX_OBJECTS && paths.size() < wanted.size()) {
            Object[] next = queue.poll();
            Object o = next[0];
            String path = (String) next[1];
            if (wanted.containsKey(o)) {
                paths.putIfAbsent(o, path);
                if (isLayerVariable(o)) {
                    continue; // a Word's or an Atomic's own fields are its value; a structure's fields are named
                }
            }
            List<Object[]> children = new ArrayList<>();
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        children.add(new Object[] {Array.get(o, i), path + "[" + i + "]"});
                    }
                }
            } else if (o instanceof Map<?, ?> m && isJdk(c)) {
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    children.add(new Object[] {e.getValue(), path + "[" + key(e.getKey(), i++) + "]"});
                }
            } else if (o instanceof Collection<?> col && isJdk(c)) {
                int i = 0;
                for (Object e : col) {
                    children.add(new Object[] {e, path + "[" + i++ + "]"});
                }
            } else if (!isJdk(c) && !(o instanceof Schedule) && !(o instanceof Thread) && !c.isEnum()) {
                for (Class<?> k = c; k != null && !isJdk(k); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        try {
                            f.setAccessible(true);
                            children.add(new Object[] {f.get(o), (path.isEmpty() ? "" : path + ".") + f.getName()});
                        } catch (RuntimeException | IllegalAccessException e) {
                            // an inaccessible field (a hidden class's): its objects stay unnamed
                        }
                    }
                }
            }
            for (Object[] child : children) {
                if (child[0] != null && seen.put(child[0], Boolean.TRUE) == null) {
                    queue.add(child);
                }
            }
        }
    }

    /** A variable of the kernel layer itself ({@code Word}, {@code Atomic}, ...), not a model structure or array. */
    private static boolean isLayerVariable(Object o) {
        return o.getClass().getPackageName().equals("org.gupstress.model.kernel");
    }

        private static String key(Object k, int index) {
        return k instanceof String || k instanceof Number || k instanceof Enum<?> ? String.valueOf(k) : "#" + index;
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }
}
