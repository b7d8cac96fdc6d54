package org.gupstress.model.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One word of kernel memory accessed only through marked accesses: {@code READ_ONCE()} / {@code WRITE_ONCE()}
 * (opaque: single-copy atomic, never torn, fused or invented, and unordered) and {@code smp_load_acquire()} /
 * {@code smp_store_release()}. The plain variable of a litmus test ({@code x}, {@code y}); kernel structures
 * declare their own VarHandles with the same modes.
 *
 * <p>Neither pair orders a store before a later load: only {@code smp_mb()} ({@link Barriers}) does.
 */
public final class Word {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Word.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed only through {@link #VALUE}. */
    @SuppressWarnings("unused")
    private long value;

    public Word(long initial) {
        VALUE.set(this, initial);
    }

    /** {@code READ_ONCE(x)}: opaque load. */
    public long readOnce() {
        return (long) VALUE.getOpaque(this);
    }

    /** {@code WRITE_ONCE(x, v)}: opaque store. */
    public void writeOnce(long v) {
        VALUE.setOpaque(this, v);
    }

    /** {@code smp_load_acquire(&x)}: later accesses are not reordered before it. */
    public long loadAcquire() {
        return (long) VALUE.getAcquire(this);
    }

    /** {@code smp_store_release(&x, v)}: earlier accesses are not reordered after it. */
    public void storeRelease(long v) {
        VALUE.setRelease(this, v);
    }

    @Override
    public String toString() {
        return Long.toString(readOnce());
    }
}
