package org.gupstress.model.kernel.sched;

/**
 * One field of a model structure ({@code folio->index}) or one element of an array ({@code pte[3]}) as a location
 * of the memory a controlling schedule emulates: the key under which its store buffers, store forwarding and
 * {@link WeakMemory} know what a field descriptor ({@code kernel.IntField} and its kin) accessed, as they know a
 * {@code Word} by the object itself. A schedule interns them ({@link Locations}), so the same field of the same
 * structure is always the same object within one run and can be compared by identity.
 *
 * <p>For the explorer's reduction a location counts as its {@link #owner()} (the structure, or the array): coarser
 * than the field, hence sound (two steps that touch different fields of one structure are taken to conflict).
 */
public final class Location {
    private final Object owner;
    private final Object field;
    private final int index;

    Location(Object owner, Object field, int index) {
        this.owner = owner;
        this.field = field;
        this.index = index;
    }

    /** The structure whose field this is, or the array whose element it is. */
    public Object owner() {
        return owner;
    }

    /** How a trace names it after its owner's name: {@code .index} for a field, {@code [3]} for an element. */
    public String suffix() {
        return field == null ? "[" + index + "]" : "." + field;
    }

    @Override
    public String toString() {
        return owner.getClass().getSimpleName() + suffix();
    }
}
