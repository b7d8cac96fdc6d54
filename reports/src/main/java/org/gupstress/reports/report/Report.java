package org.gupstress.reports.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.gupstress.reports.explore.ExplorationReport;

/**
 * The content of {@code report.json}: schema-versioned, one entry per test (DESIGN.md section 5). Every renderer
 * works from this, and {@code compare} and {@code merge} read it back.
 *
 * @param schema       {@link #SCHEMA}; readers refuse any other
 * @param suiteVersion the suite's version and fingerprint ({@code SuiteCatalog.version()})
 * @param generatedAt  ISO-8601 instant
 * @param run          how the run was made
 * @param environments one per host that contributed (several after {@code merge})
 * @param summary      how many tests got each verdict
 * @param tests        the tests, sorted by family, scenario, design
 * @param explorations per test name, what {@code gupstress explore} found (schema 2; null when nothing was explored)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String schema, String suiteVersion, String generatedAt, RunInfo run,
                     List<HostEnvironment> environments, Map<Verdict, Integer> summary, List<TestReport> tests,
                     Map<String, ExplorationReport> explorations) {

    /** The schema id of this version of report.json: 2 added {@code explorations}. */
    public static final String SCHEMA = "gupstress-report/2";
    /** The previous schema, still read (it has no explorations). */
    public static final String SCHEMA_1 = "gupstress-report/1";

    @JsonCreator
    public Report {
    }

    /** A report without explorations (a JCStress run). */
    public Report(String schema, String suiteVersion, String generatedAt, RunInfo run,
                  List<HostEnvironment> environments, Map<Verdict, Integer> summary, List<TestReport> tests) {
        this(schema, suiteVersion, generatedAt, run, environments, summary, tests, null);
    }

    /** The same report with {@code explorations} (null: none). */
    public Report withExplorations(Map<String, ExplorationReport> newExplorations) {
        return new Report(SCHEMA, suiteVersion, generatedAt, run, environments, summary, tests, newExplorations);
    }

    /**
     * How the run was made.
     *
     * @param profile         profile name, or null when re-rendered from a results file
     * @param jcstressOptions the JCStress command-line options used
     * @param testsRegex      the --tests regex, or null
     * @param shard           "I/N" or null
     * @param cpus            CPUs given to JCStress
     * @param strict          whether UNWITNESSED fails the run
     * @param startedAt       ISO-8601 instant, or null
     * @param wallSeconds     wall time of the JCStress run, or null
     * @param completion      COMPLETE, INTERRUPTED, DEADLINE, JCSTRESS_FAILED, RERENDERED or MERGED
     * @param notes           anything the reader should know (forks killed, results lost to truncation)
     * @param verdictOptions  the options given to {@code gupstress run}, besides --profile and --tests, that can
     *                        change a test's verdict ({@code --cpus N}, {@code --fork-deadline D}, {@code --strict}),
     *                        as given: every test's reproduce line repeats them; null when none was given
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunInfo(String profile, List<String> jcstressOptions, String testsRegex, String shard, Integer cpus,
                          boolean strict, String startedAt, Double wallSeconds, String completion, List<String> notes,
                          List<String> verdictOptions) {

        /** A run given no option that changes a verdict (a merge, a re-rendering, an exploration). */
        public RunInfo(String profile, List<String> jcstressOptions, String testsRegex, String shard, Integer cpus,
                       boolean strict, String startedAt, Double wallSeconds, String completion, List<String> notes) {
            this(profile, jcstressOptions, testsRegex, shard, cpus, strict, startedAt, wallSeconds, completion, notes,
                    null);
        }
    }

    /**
     * One host's environment.
     *
     * @param host     host name
     * @param cpus     CPUs of the host
     * @param jdk      JDK that ran the forks (from JCStress's environment record, or this JVM)
     * @param os       OS name, version and architecture
     * @param details  JCStress's environment record (java.vm.name, java.version, os.version, ...)
     */
    public record HostEnvironment(String host, int cpus, String jdk, String os, Map<String, String> details) {
    }
}
