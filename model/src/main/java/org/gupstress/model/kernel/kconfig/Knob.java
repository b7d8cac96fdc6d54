package org.gupstress.model.kernel.kconfig;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One named choice a design makes at one site of the model: a barrier's strength, whether writeback looks at
 * pins, which refcount base DAX pages use. The model reads a knob at exactly the site it governs, so a design
 * variant never copies an operation; it only sets knobs (see {@link Config}).
 *
 * <p>Knobs are declared as {@code static final} constants next to the code that reads them, so a reader who
 * finds the site finds the choice. Each knob gets a dense id at class initialization; {@link Config} stores
 * values in an array indexed by that id.
 *
 * @param <T> the value type
 */
public class Knob<T> {
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    final int id;
    private final String name;
    private final T defaultValue;
    private final String doc;

    /**
     * @param name         stable name, used in reports and error messages
     * @param defaultValue the kernel's merged behaviour (the value when no design sets the knob)
     * @param doc          one line: what the site does with the value
     */
    protected Knob(String name, T defaultValue, String doc) {
        this.id = NEXT_ID.getAndIncrement();
        this.name = Objects.requireNonNull(name);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.doc = Objects.requireNonNull(doc);
    }

    /** Declares a knob; call once, into a {@code static final} field. */
    public static <T> Knob<T> of(String name, T defaultValue, String doc) {
        return new Knob<>(name, defaultValue, doc);
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    static int maxId() {
        return NEXT_ID.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
