package org.gupstress.model.kernel.sched;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A controlling schedule's table of {@link Location}s: one object per field of a structure, or per element of an
 * array, for the whole run. Synchronized: a script may let several threads go at once after its last step.
 */
public final class Locations {
    /** Per structure: its fields' locations by descriptor (a descriptor names one field of one class). */
    private final Map<Object, Map<Object, Location>> fields = new IdentityHashMap<>();
    /** Per array: its elements' locations by index. */
    private final Map<Object, Location[]> elements = new IdentityHashMap<>();

    /** The location of field {@code field} (a descriptor) of {@code owner}, or of element {@code index} of array
     *  {@code owner} if {@code field} is null. */
    public synchronized Location of(Object owner, Object field, int index) {
        if (field != null) {
            return fields.computeIfAbsent(owner, o -> new IdentityHashMap<>(4))
                    .computeIfAbsent(field, f -> new Location(owner, f, 0));
        }
        Location[] a = elements.get(owner);
        if (a == null || a.length <= index) {
            Location[] grown = new Location[Math.max(index + 1, java.lang.reflect.Array.getLength(owner))];
            if (a != null) {
                System.arraycopy(a, 0, grown, 0, a.length);
            }
            elements.put(owner, grown);
            a = grown;
        }
        Location l = a[index];
        if (l == null) {
            l = new Location(owner, null, index);
            a[index] = l;
        }
        return l;
    }
}
