package org.gupstress.model.kernel.sched.explore;

import java.util.Arrays;
import java.util.List;

/**
 * The shared variables ({@code Atomic}, {@code Word}, {@code Pointer}, a structure or array whose fields the field
 * descriptors access) one step read and wrote, by their creation numbers. Two steps
 * of different threads whose footprints do not conflict (neither writes what the other reads or writes) lead to the
 * same state in either order, provided every other effect of one of them is known to commute with the other: the
 * explorer relies on this only when one of the two is a store-buffer flush, whose only effect is its store (see
 * {@link Explorer}).
 *
 * @param reads   variables read, sorted, without duplicates
 * @param writes  variables written, sorted, without duplicates
 * @param unknown the step touched a variable that has no stable number (created outside the explored instance):
 *                it conflicts with everything
 */
public record Footprint(int[] reads, int[] writes, boolean unknown) {
    /** Nothing read or written. */
    public static final Footprint NONE = new Footprint(new int[0], new int[0], false);

    static Footprint of(List<Step.Event> events, boolean unknown) {
        int[] r = events.stream().filter(e -> e.kind() == Step.EventKind.READ || e.kind() == Step.EventKind.FORWARD)
                .mapToInt(Step.Event::variable).sorted().distinct().toArray();
        int[] w = events.stream().filter(e -> e.kind() == Step.EventKind.WRITE)
                .mapToInt(Step.Event::variable).sorted().distinct().toArray();
        return r.length == 0 && w.length == 0 && !unknown ? NONE : new Footprint(r, w, unknown);
    }

    /** True if the two steps may not commute: one writes a variable the other reads or writes. */
    public boolean conflicts(Footprint other) {
        return unknown || other.unknown || meet(writes, other.writes) || meet(writes, other.reads)
                || meet(reads, other.writes);
    }

    private static boolean meet(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return true;
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Footprint f && unknown == f.unknown && Arrays.equals(reads, f.reads)
                && Arrays.equals(writes, f.writes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(reads) + Arrays.hashCode(writes) + (unknown ? 1 : 0);
    }

    @Override
    public String toString() {
        return "reads " + Arrays.toString(reads) + " writes " + Arrays.toString(writes) + (unknown ? " unknown" : "");
    }
}
