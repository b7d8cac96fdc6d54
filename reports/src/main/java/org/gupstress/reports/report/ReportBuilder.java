package org.gupstress.reports.report;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.gupstress.reports.UserError;
import org.gupstress.reports.report.Report.HostEnvironment;
import org.gupstress.reports.report.Report.RunInfo;
import org.gupstress.reports.report.TestJudge.TestMeta;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.suite.DeclaredVerdicts;
import org.gupstress.reports.suite.OutcomeSpec;
import org.gupstress.reports.suite.SuiteCatalog;
import org.gupstress.reports.suite.TestEntry;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.runners.TestConfig;
import org.openjdk.jcstress.vm.CompileMode;

/**
 * Builds a {@link Report} from JCStress's per-fork {@link TestResult}s. Design, scenario and expected verdict come
 * from the test classes' own declarations ({@link SuiteCatalog}); the grade of an outcome id JCStress saw but no
 * {@code @Outcome} names comes from JCStress's own {@code TestGrading} (the test's default outcome).
 */
public final class ReportBuilder {
    private static final int MAX_MESSAGES = 20;

    private ReportBuilder() {
    }

    /**
     * @param catalog      this build's suite
     * @param results      one TestResult per fork
     * @param planned      the tests the run covered; tests without results become NOT_RUN. Null: the tests in
     *                     {@code results}
     * @param notRun       reasons for planned tests that were not given to JCStress
     * @param missingReason why a planned test given to JCStress has no result (interrupted, deadline), or null
     * @param run          run information
     * @param jcstressPage link to JCStress's page for a test, or null when there is none
     */
    public static Report build(SuiteCatalog catalog, Collection<TestResult> results, List<TestEntry> planned,
                               Map<String, String> notRun, String missingReason, RunInfo run,
                               Function<String, String> jcstressPage) {
        return build(catalog, results, Map.of(), Map.of(), planned, notRun, missingReason, run, jcstressPage);
    }

    /**
     * A fork known only from JCStress's console (a run cut short), with the grades the console printed.
     *
     * @param fork   the fork
     * @param grades grade per outcome id, as JCStress printed them
     */
    public record Recovered(ForkResult fork, Map<String, String> grades) {
    }

    /**
     * As {@link #build(SuiteCatalog, Collection, List, Map, String, RunInfo, Function)}, plus forks recovered from
     * the console and the forks' wall times, by test name.
     *
     * @param forkSeconds per test, the wall time of each of its forks in the order JCStress reported them (the
     *                    results file's order, then the recovered forks'); a test absent here has no wall time
     */
    public static Report build(SuiteCatalog catalog, Collection<TestResult> results, Map<String, List<Recovered>> recovered,
                               Map<String, List<Double>> forkSeconds, List<TestEntry> planned, Map<String, String> notRun,
                               String missingReason, RunInfo run, Function<String, String> jcstressPage) {
        String host = hostName();
        Map<String, List<TestResult>> byName = new TreeMap<>();
        for (TestResult r : results) {
            byName.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        }
        List<TestEntry> tests = new ArrayList<>();
        if (planned != null) {
            tests.addAll(planned);
        }
        Set<String> plannedNames = new LinkedHashSet<>();
        tests.forEach(t -> plannedNames.add(t.name()));
        Set<String> withResults = new java.util.TreeSet<>(byName.keySet());
        withResults.addAll(recovered.keySet());
        for (String name : withResults) {
            TestEntry e = catalog.find(name).orElseThrow(() -> new UserError("the results hold test " + name
                    + ", which this build's suite does not have; render them with the build that ran them"));
            if (plannedNames.add(name)) {
                tests.add(e);
            }
        }

        Map<String, String> env = null;
        List<TestReport> reports = new ArrayList<>();
        for (TestEntry e : tests) {
            List<TestResult> forks = byName.getOrDefault(e.name(), List.of());
            List<Recovered> extra = recovered.getOrDefault(e.name(), List.of());
            List<OutcomeSpec> specs = specs(e, forks, extra);
            List<ForkResult> forkResults = new ArrayList<>();
            for (TestResult r : forks) {
                forkResults.add(fork(host, r, specs));
                if (env == null && r.getEnv() != null) {
                    env = r.getEnv().entries();
                }
            }
            extra.forEach(x -> forkResults.add(x.fork()));
            List<Double> seconds = forkSeconds.get(e.name());
            if (seconds != null) {
                for (int i = 0; i < forkResults.size() && i < seconds.size(); i++) {
                    forkResults.set(i, forkResults.get(i).withWallSeconds(seconds.get(i)));
                }
            }
            String reason = notRun.getOrDefault(e.name(), missingReason);
            TestReport t = TestJudge.judge(meta(e), specs, forkResults, messages(forkResults),
                    forkResults.isEmpty() ? List.of() : List.of(host),
                    forkResults.isEmpty() ? null : jcstressPage.apply(e.name()), reason);
            reports.add(describe(t, e, run));
        }
        reports.sort(ORDER);
        return new Report(Report.SCHEMA, catalog.version(), Instant.now().toString(), run,
                List.of(environment(host, env)), summary(reports), List.copyOf(reports));
    }

    /** Report order: family, scenario, design. */
    public static final java.util.Comparator<TestReport> ORDER = java.util.Comparator.comparing(TestReport::family)
            .thenComparing(TestReport::scenario).thenComparing(TestReport::design);

    public static Map<Verdict, Integer> summary(List<TestReport> tests) {
        Map<Verdict, Integer> s = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            s.put(v, 0);
        }
        tests.forEach(t -> s.merge(t.verdict(), 1, Integer::sum));
        return s;
    }

    /**
     * A test's messages over all its forks: first any STALL a fork reported ({@link TestJudge#parseStall}: a model
     * wait's last-resort timer; the judge makes the test ERROR with it, whatever it counted), untagged; then each
     * distinct line once, tagged with the first fork that printed it ("[fork 2] gupstress.unexpected ..."), at most
     * {@link #MAX_MESSAGES}; lines from forks in error first, so the reason of an ERROR quotes what went wrong.
     */
    public static List<String> messages(List<ForkResult> forks) {
        Map<String, String> byText = new LinkedHashMap<>();
        for (ForkResult f : forks) {
            String stall = TestJudge.parseStall(f.messages());
            if (stall != null) {
                byText.putIfAbsent("\u0000" + stall, stall);
            }
        }
        for (boolean failedPass : List.of(true, false)) {
            for (int i = 0; i < forks.size(); i++) {
                ForkResult f = forks.get(i);
                if (failedPass == "NORMAL".equals(f.status())) {
                    continue;
                }
                for (String m : f.messages()) {
                    if (byText.size() < MAX_MESSAGES) {
                        byText.putIfAbsent(m, "[fork " + (i + 1) + "] " + m);
                    }
                }
            }
        }
        return List.copyOf(byText.values());
    }

    /**
     * The test with its design described: the knob settings and the reproduce block (the run line with the same
     * profile and every option of the run that can change a verdict, the JUnit proofs of a BROKEN or OPEN design's
     * bug, the explore command that searches for its trace).
     */
    public static TestReport describe(TestReport t, TestEntry e, RunInfo info) {
        String profile = info == null ? null : info.profile();
        StringBuilder run = new StringBuilder("./gupstress run");
        if (profile != null && !profile.equals("smoke")) {
            run.append(" --profile ").append(profile);
        }
        run.append(" --tests '").append(e.selector()).append('\'');
        if (info != null && info.verdictOptions() != null) {
            for (String o : info.verdictOptions()) {
                run.append(' ').append(o.matches("[A-Za-z0-9._/:=+-]+") ? o : "'" + o.replace("'", "'\\''") + "'");
            }
        }
        List<String> options = info == null || info.jcstressOptions() == null ? List.of() : info.jcstressOptions();
        int prepend = options.indexOf("-jvmArgsPrepend");
        if (prepend >= 0 && prepend + 1 < options.size()) {
            for (String arg : options.get(prepend + 1).split(" ")) {
                run.append(" --fork-jvm-arg '").append(arg).append('\'');
            }
        }
        List<String> proofs = "SAFE".equals(t.expected()) ? null : e.proofs();
        String explore = "SAFE".equals(t.expected()) && t.verdict() != Verdict.FAIL ? null
                : "./gupstress explore --tests '" + e.selector() + "' --traces";
        return t.withDesign(e.knobs(), new TestReport.Reproduce(run.toString(), proofs,
                proofs == null ? null : org.gupstress.reports.suite.Proofs.command(proofs), explore, null));
    }

    static TestMeta meta(TestEntry e) {
        return new TestMeta(e.name(), e.family(), e.scenario(), e.title(), e.design(), e.expected().name(), e.source(),
                e.actors());
    }

    /** The declared outcomes plus any other id a fork saw: unclassified, FORBIDDEN whatever JCStress's default said. */
    private static List<OutcomeSpec> specs(TestEntry e, List<TestResult> forks, List<Recovered> recovered) {
        List<OutcomeSpec> specs = new ArrayList<>(e.outcomes());
        Set<String> known = new LinkedHashSet<>();
        specs.forEach(s -> known.add(s.id()));
        Map<String, OutcomeSpec> extra = new TreeMap<>();
        for (TestResult r : forks) {
            for (String key : r.getStateKeys()) {
                if (!known.contains(key) && !extra.containsKey(key)) {
                    GradingResult g = r.grading().gradingResults.get(key);
                    extra.put(key, DeclaredVerdicts.unclassified(key, g.expect.name(), g.description));
                }
            }
        }
        for (Recovered r : recovered) {
            r.grades().forEach((id, grade) -> {
                if (!known.contains(id) && !extra.containsKey(id)) {
                    extra.put(id, DeclaredVerdicts.unclassified(id, grade, "Unclassified outcome (from JCStress's console)."));
                }
            });
        }
        specs.addAll(extra.values());
        return specs;
    }

    private static ForkResult fork(String host, TestResult r, List<OutcomeSpec> specs) {
        TestConfig c = r.getConfig();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (OutcomeSpec s : specs) {
            long n = r.getCount(s.id());
            if (n > 0) {
                counts.put(s.id(), n);
            }
        }
        return new ForkResult(host, c.jvmArgs == null ? List.of() : List.copyOf(c.jvmArgs), compileMode(c),
                r.status().name(), c.iters, c.time, r.getTotalCount(), counts,
                TestJudge.parseFirstWitness(r.getVmOut(), Witness.PREFIX),
                ForkResult.capture(r.getMessages(), r.getVmOut(), r.getVmErr()), null);
    }

    private static String compileMode(TestConfig c) {
        if (c.compileMode == CompileMode.UNIFIED) {
            return "unified";
        }
        List<String> parts = new ArrayList<>();
        List<String> actors = c.actorNames == null ? List.of() : c.actorNames;
        for (int a = 0; a < actors.size(); a++) {
            String mode = CompileMode.isInt(c.compileMode, a) ? "int" : CompileMode.isC1(c.compileMode, a) ? "C1" : "C2";
            parts.add(actors.get(a) + ":" + mode);
        }
        return String.join(", ", parts);
    }

    /** The environment detail naming this host's CPU model (memory-ordering results depend on it). */
    public static final String CPU_MODEL = "cpu.model";

    /** The CPU model: /proc/cpuinfo's "model name" (x86) or "CPU part"/"Hardware" lines (arm), else os.arch. */
    static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && List.of("model name", "Hardware", "cpu model", "uarch").contains(line.substring(0, colon).strip())) {
                    return line.substring(colon + 1).strip();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return System.getProperty("os.arch");
    }

    static HostEnvironment environment(String host, Map<String, String> jcstressEnv) {
        Map<String, String> env = new TreeMap<>();
        env.put(CPU_MODEL, cpuModel());
        if (jcstressEnv != null) {
            jcstressEnv.forEach((k, v) -> env.put(k, v == null ? "" : v));
        } else {
            // no result carried JCStress's record (a run known only from the console): the forks ran this JDK
            for (String key : List.of("java.version", "java.vendor", "java.vm.version", "java.vm.vendor", "java.vm.name",
                    "java.specification.version", "os.name", "os.arch", "os.version")) {
                env.put(key, System.getProperty(key, ""));
            }
        }
        String jdk = env.getOrDefault("java.vm.name", System.getProperty("java.vm.name")) + " "
                + env.getOrDefault("java.version", System.getProperty("java.version"));
        String os = env.getOrDefault("os.name", System.getProperty("os.name")) + " "
                + env.getOrDefault("os.version", System.getProperty("os.version")) + " "
                + env.getOrDefault("os.arch", System.getProperty("os.arch"));
        return new HostEnvironment(host, Runtime.getRuntime().availableProcessors(), jdk, os, env);
    }

    /** This machine's name (HOSTNAME, else the resolver's, else "localhost"). */
    public static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
