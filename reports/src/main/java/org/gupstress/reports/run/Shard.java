package org.gupstress.reports.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.UserError;

/**
 * {@code --shard I/N}: the I-th of N disjoint parts of the selected tests, balanced by expected duration. Longest
 * first, each test goes to the shard with the least expected time so far (ties: the lower index; equal durations:
 * by name), so the split depends only on the selection and the durations (every machine computes the same one,
 * given the same {@code --durations} report), the N shards together run every selected test exactly once, and no
 * shard carries all the slow tests. With equal durations this deals the tests round-robin by name.
 *
 * @param index 1-based shard index
 * @param count number of shards
 */
public record Shard(int index, int count) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    /** The whole selection. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new UserError("--shard " + index + "/" + count + ": the index must be between 1 and the count (" + count + ")");
        }
    }

    /** Parses "I/N". */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new UserError("--shard '" + text + "': expected I/N, e.g. 1/4");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** This shard's part of {@code items}, identified by {@code name}, all of equal expected duration. */
    public <T> List<T> select(List<T> items, Function<T, String> name) {
        return select(items, name, t -> 1.0);
    }

    /**
     * This shard's part of {@code items}, balanced by {@code seconds} (expected duration of each): longest
     * processing time first, sorted by name within the shard.
     */
    public <T> List<T> select(List<T> items, Function<T, String> name, java.util.function.ToDoubleFunction<T> seconds) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble((T t) -> -seconds.applyAsDouble(t)).thenComparing(name));
        double[] load = new double[count];
        List<T> out = new ArrayList<>();
        for (T t : sorted) {
            int least = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            load[least] += seconds.applyAsDouble(t);
            if (least == index - 1) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(name));
        return out;
    }

    /** Each test's wall time in an earlier report (tests that did not run are absent): {@code --durations}. */
    public static java.util.Map<String, Double> weights(org.gupstress.reports.report.Report earlier) {
        java.util.Map<String, Double> w = new java.util.HashMap<>();
        for (org.gupstress.reports.report.TestReport t : earlier.tests()) {
            Double s = t.wallSeconds() != null ? t.wallSeconds() : t.forks() > 0 ? t.measuredSeconds() : null;
            if (s != null && s > 0) {
                w.put(t.name(), s);
            }
        }
        return w;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
