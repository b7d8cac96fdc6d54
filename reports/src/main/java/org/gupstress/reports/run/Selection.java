package org.gupstress.reports.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.gupstress.reports.UserError;
import org.gupstress.reports.suite.SuiteCatalog;
import org.gupstress.reports.suite.TestEntry;

/**
 * Which tests a run covers: the catalog filtered by {@code --tests} (a regex searched in the test name, as JCStress's
 * {@code -t} does), then cut to {@code --shard}, then split into the tests JCStress can schedule and the ones it
 * cannot: JCStress 0.16 silently skips a test with more actors than CPUs ("No scheduling is possible"); here such a
 * test is reported NOT_RUN with the reason, never dropped.
 *
 * @param selected every test of this run (this shard), sorted by name
 * @param runnable the ones JCStress will run
 * @param notRun   the others, with the reason
 * @param cpus     CPUs given to JCStress
 * @param shard    the shard this is
 * @param matched  how many tests matched --tests before the shard was cut
 */
public record Selection(List<TestEntry> selected, List<TestEntry> runnable, Map<String, String> notRun, int cpus,
                        Shard shard, int matched) {

    /**
     * @param regex         --tests, or null for every test
     * @param shard         --shard
     * @param requestedCpus --cpus, or null for every CPU of the machine
     * @param machineCpus   CPUs of the machine
     */
    public static Selection of(SuiteCatalog catalog, String regex, Shard shard, Integer requestedCpus, int machineCpus) {
        return of(catalog.entries(), regex, shard, requestedCpus, machineCpus, t -> 1.0);
    }

    /** As {@link #of(SuiteCatalog, String, Shard, Integer, int)}, the shard balanced by {@code seconds} per test. */
    public static Selection of(SuiteCatalog catalog, String regex, Shard shard, Integer requestedCpus, int machineCpus,
                               java.util.function.ToDoubleFunction<TestEntry> seconds) {
        return of(catalog.entries(), regex, shard, requestedCpus, machineCpus, seconds);
    }

    /** As {@link #of(SuiteCatalog, String, Shard, Integer, int)}, over a list of tests. */
    public static Selection of(List<TestEntry> entries, String regex, Shard shard, Integer requestedCpus, int machineCpus) {
        return of(entries, regex, shard, requestedCpus, machineCpus, t -> 1.0);
    }

    /**
     * The selection. A test that needs more CPUs than given costs nothing in the shard balance (it will not run);
     * the others cost {@code seconds}.
     */
    public static Selection of(List<TestEntry> entries, String regex, Shard shard, Integer requestedCpus, int machineCpus,
                               java.util.function.ToDoubleFunction<TestEntry> seconds) {
        int cpus = requestedCpus == null ? machineCpus : requestedCpus;
        if (cpus < 1) {
            throw new UserError("--cpus " + cpus + ": must be at least 1");
        }
        if (cpus > machineCpus) {
            throw new UserError("--cpus " + cpus + ": this machine has only " + machineCpus + " CPUs");
        }
        List<TestEntry> matched;
        if (regex == null) {
            matched = entries;
        } else {
            Pattern p;
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new UserError("--tests '" + regex + "' is not a valid regular expression: " + e.getDescription());
            }
            matched = entries.stream().filter(e -> p.matcher(e.name()).find()).toList();
            if (matched.isEmpty()) {
                throw new UserError("--tests '" + regex + "' matches none of the " + entries.size()
                        + " tests (see ./gupstress list)");
            }
        }
        int usable = cpus;
        List<TestEntry> selected = shard.select(matched, TestEntry::name,
                e -> e.actors() > usable ? 0.0 : seconds.applyAsDouble(e));
        List<TestEntry> runnable = new ArrayList<>();
        Map<String, String> notRun = new LinkedHashMap<>();
        for (TestEntry e : selected) {
            if (e.actors() > cpus) {
                notRun.put(e.name(), "needs " + e.actors() + " CPUs, " + cpus + " available"
                        + (requestedCpus != null && requestedCpus < machineCpus ? " (--cpus " + requestedCpus + ")" : ""));
            } else {
                runnable.add(e);
            }
        }
        return new Selection(List.copyOf(selected), List.copyOf(runnable), java.util.Collections.unmodifiableMap(notRun), cpus,
                shard, matched.size());
    }

    /** The JCStress {@code -t} regex that selects exactly the runnable tests. */
    public String jcstressRegex() {
        return runnable.stream().map(e -> Pattern.quote(e.name())).collect(Collectors.joining("|", "^(", ")$"));
    }
}
