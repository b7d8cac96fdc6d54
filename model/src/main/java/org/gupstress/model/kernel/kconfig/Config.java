package org.gupstress.model.kernel.kconfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The knob settings of one world: an immutable map from {@link Knob} to value, with every unset knob at its
 * default (the kernel as merged). Built once per design and shared by every world of that design, so a JCStress
 * sample pays nothing to configure its world.
 *
 * <p>Thread-safety: immutable after {@link Builder#build()}; safe to share between threads through any
 * publication (the values array is final).
 */
public final class Config {
    private static final Config DEFAULTS = new Builder().build();

    private final Object[] values;
    private final Map<String, Object> described;

    private Config(Object[] values, Map<String, Object> described) {
        this.values = values;
        this.described = described;
    }

    /** The kernel as merged: every knob at its default. */
    public static Config defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this config's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values = Arrays.copyOf(values, Math.max(values.length, Knob.maxId()));
        b.described.putAll(described);
        return b;
    }

    /** The value of {@code knob} in this config: an array load, cheap enough for any hot path. */
    @SuppressWarnings("unchecked")
    public <T> T get(Knob<T> knob) {
        int id = knob.id;
        Object v = id < values.length ? values[id] : null;
        return v == null ? knob.defaultValue() : (T) v;
    }

    /** The knobs this config sets away from their defaults, for reports: "name=value" in setting order. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        described.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    @Override
    public String toString() {
        return "Config" + describe();
    }

    /** Not thread-safe; build on one thread, then share the {@link Config}. */
    public static final class Builder {
        private Object[] values = new Object[Knob.maxId()];
        private final Map<String, Object> described = new LinkedHashMap<>();

        private Builder() {
        }

        public <T> Builder set(Knob<T> knob, T value) {
            Objects.requireNonNull(value, knob.name());
            if (knob.id >= values.length) {
                values = Arrays.copyOf(values, Math.max(knob.id + 1, Knob.maxId()));
            }
            values[knob.id] = value;
            described.put(knob.name(), value);
            return this;
        }

        public Config build() {
            return new Config(values.clone(), new LinkedHashMap<>(described));
        }
    }
}
