package org.gupstress.reports.merge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gupstress.reports.UserError;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.ReportBuilder;
import org.gupstress.reports.report.TestJudge;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.ForkResult;
import org.gupstress.reports.report.TestReport.OutcomeReport;
import org.gupstress.reports.suite.OutcomeSpec;

/**
 * {@code merge A.json B.json ...}: one report from shards of one run or from several hosts. Every input must come
 * from the same suite (same suite version and fingerprint); the forks of each test are pooled, so counts, samples
 * and measurement time add up, and each test is judged again with {@link TestJudge} exactly as if one run had
 * taken all those forks. Environments are kept per host. Links to JCStress's own pages are dropped: they point into
 * the inputs' directories.
 */
public final class Merger {
    private Merger() {
    }

    /**
     * @param reports the reports, with the names they were read from (for messages)
     */
    public static Report merge(Map<String, Report> reports) {
        if (reports.size() < 2) {
            throw new UserError("merge needs at least two reports");
        }
        String version = null;
        String first = null;
        for (Map.Entry<String, Report> e : reports.entrySet()) {
            if (version == null) {
                version = e.getValue().suiteVersion();
                first = e.getKey();
            } else if (!version.equals(e.getValue().suiteVersion())) {
                throw new UserError("suite version mismatch: " + first + " has " + version + ", " + e.getKey() + " has "
                        + e.getValue().suiteVersion() + "; merge only reports of the same build");
            }
        }

        Map<String, List<TestReport>> byName = new LinkedHashMap<>();
        List<Report.HostEnvironment> envs = new ArrayList<>();
        Set<String> profiles = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        boolean strict = false;
        String started = null;
        double wall = 0;
        for (Map.Entry<String, Report> e : reports.entrySet()) {
            Report r = e.getValue();
            for (TestReport t : r.tests()) {
                byName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t);
            }
            for (Report.HostEnvironment env : r.environments()) {
                addEnvironment(envs, env);
            }
            Report.RunInfo run = r.run();
            if (run != null) {
                profiles.add(String.valueOf(run.profile()));
                strict |= run.strict();
                if (run.startedAt() != null && (started == null || run.startedAt().compareTo(started) < 0)) {
                    started = run.startedAt();
                }
                if (run.wallSeconds() != null) {
                    wall = Math.max(wall, run.wallSeconds());
                }
                String what = e.getKey() + ": " + run.completion() + (run.shard() == null ? "" : ", shard " + run.shard());
                notes.add("merged " + what);
                if (run.notes() != null) {
                    run.notes().forEach(n -> notes.add(e.getKey() + ": " + n));
                }
            }
        }

        List<TestReport> tests = new ArrayList<>();
        for (List<TestReport> parts : byName.values()) {
            tests.add(mergeTest(parts));
        }
        tests.sort(ReportBuilder.ORDER);
        Report.RunInfo run = new Report.RunInfo(profiles.size() == 1 ? profiles.iterator().next() : String.join("+", profiles),
                null, null, null, null, strict, started, wall > 0 ? wall : null, "MERGED", List.copyOf(notes));
        return new Report(Report.SCHEMA, version, Instant.now().toString(), run, List.copyOf(envs),
                ReportBuilder.summary(tests), List.copyOf(tests));
    }

    /** One entry per host, JDK and OS; of two such entries the one with JCStress's details is kept. */
    static void addEnvironment(List<Report.HostEnvironment> envs, Report.HostEnvironment env) {
        for (int i = 0; i < envs.size(); i++) {
            Report.HostEnvironment e = envs.get(i);
            if (e.host().equals(env.host()) && e.jdk().equals(env.jdk()) && e.os().equals(env.os())) {
                if (e.details().size() < env.details().size()) {
                    envs.set(i, env);
                }
                return;
            }
        }
        envs.add(env);
    }

    static TestReport mergeTest(List<TestReport> parts) {
        TestReport f = parts.get(0);
        Map<String, OutcomeSpec> specs = new LinkedHashMap<>();
        List<ForkResult> forks = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> notRun = new LinkedHashSet<>();
        for (TestReport t : parts) {
            if (!t.design().equals(f.design()) || !t.expected().equals(f.expected())) {
                throw new UserError("test " + t.name() + " is " + t.design() + "/" + t.expected() + " in one report and "
                        + f.design() + "/" + f.expected() + " in another");
            }
            for (OutcomeReport o : t.outcomes()) {
                specs.putIfAbsent(o.id(), new OutcomeSpec(o.id(), o.grade(), o.description(), o.bug()));
            }
            forks.addAll(t.forkResults());
            hosts.addAll(t.hosts());
            if (t.forkResults().isEmpty()) {
                notRun.add(t.reason());
            }
        }
        TestJudge.TestMeta meta = new TestJudge.TestMeta(f.name(), f.family(), f.scenario(), f.title(), f.design(),
                f.expected(), f.source(), f.actors());
        return TestJudge.judge(meta, List.copyOf(specs.values()), forks, ReportBuilder.messages(forks), List.copyOf(hosts),
                null, String.join("; ", notRun)).withDesign(f.knobs(), f.reproduce());
    }
}
