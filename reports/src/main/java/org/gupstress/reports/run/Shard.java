package org.gupstress.reports.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.UserError;

/**
 * {@code --shard I/N}: the I-th of N disjoint parts of the selected tests. The tests are sorted by name and dealt
 * round-robin, so the split depends only on the selection (every machine computes the same one), the N shards
 * together run every selected test exactly once, and their sizes differ by at most one.
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

    /** This shard's part of {@code items}, identified by {@code name}. */
    public <T> List<T> select(List<T> items, Function<T, String> name) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(name));
        List<T> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (i % count == index - 1) {
                out.add(sorted.get(i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
