package org.gupstress.reports.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.UserError;
import org.gupstress.reports.compare.Comparison;
import org.gupstress.reports.render.ReportFiles;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.ReportBuilder;
import org.gupstress.reports.results.ResultsReader;
import org.gupstress.reports.run.RunRecord;
import org.gupstress.reports.suite.SuiteCatalog;
import org.gupstress.reports.suite.TestEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gupstress report RESULTS}: re-render the four files from a JCStress results file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Re-render the report from a JCStress results file.",
        description = {
        "Re-render report.json, junit.xml, summary.md and index.html from a JCStress results file",
        "(jcstress-results-*.bin.gz, or DIR/jcstress/results.bin.gz of a gupstress run). The file is read",
        "through a deserialization allow-list; anything else in it is refused."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS_FILE", description = "The JCStress results file.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gupstress-out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--strict", description = "UNWITNESSED fails (exit code 1, junit failure).")
    boolean strict;

    @Option(names = "--partial", description = "Accept a truncated file (an interrupted run) and render what it holds.")
    boolean partial;

    @Option(names = "--baseline", paramLabel = "BASE.json", description = "Compare with this report (summary.md; exit 1 on a regression).")
    Path baseline;

    @Option(names = "--force", description = "Replace a report already in --out (by default 'report' never overwrites one).")
    boolean force;

    @Override
    public Integer call() {
        for (String name : ReportFiles.NAMES) {
            if (!force && Files.exists(out.resolve(name))) {
                throw new UserError("--out " + out + " already holds a report (" + name + "); give another --out, or --force "
                        + "to replace it");
            }
        }
        Report base = baseline == null ? null : ReportJson.read(baseline);
        SuiteCatalog catalog = SuiteCatalog.load(Home.home());
        ResultsReader.Contents c = ResultsReader.read(file, partial ? ResultsReader.Mode.PARTIAL : ResultsReader.Mode.COMPLETE);
        RunRecord record = RunRecord.besides(file);
        List<String> notes = new ArrayList<>();
        notes.add("re-rendered from " + file);
        if (c.truncated()) {
            notes.add("the results file is truncated: results after the cut are missing");
        }
        Report.RunInfo run;
        List<TestEntry> planned = null;
        Map<String, String> notRun = Map.of();
        Map<String, List<Double>> forkSeconds = Map.of();
        String suiteVersion;
        if (record != null) {
            if (!catalog.version().equals(record.suiteVersion())) {
                throw new UserError("the results were produced by suite " + record.suiteVersion() + " and this build is suite "
                        + catalog.version() + ": re-render them with the build that ran them");
            }
            suiteVersion = record.suiteVersion();
            Report.RunInfo r = record.run();
            List<String> all = new ArrayList<>(r.notes() == null ? List.of() : r.notes());
            all.addAll(notes);
            run = new Report.RunInfo(r.profile(), r.jcstressOptions(), r.testsRegex(), r.shard(), r.cpus(), strict || r.strict(),
                    r.startedAt(), r.wallSeconds(), r.completion(), List.copyOf(all));
            planned = record.planned().stream().map(n -> catalog.find(n).orElseThrow(() -> new UserError("the run record "
                    + "lists test " + n + ", which this build's suite does not have"))).toList();
            notRun = record.notRun();
            forkSeconds = record.forkSeconds();
        } else {
            // JCStress's own results file: which build and run made it is unknown; the report says so rather than
            // claiming this build's suite version (merge and compare then refuse to mix it with other runs)
            suiteVersion = "unknown (graded by suite " + catalog.version() + ")";
            notes.add("no gupstress run record (" + RunRecord.FILE + ") beside the results file: profile, wall time, CPUs and "
                    + "tests that did not run are unknown");
            run = new Report.RunInfo(null, null, null, null, null, strict, null, null, "RERENDERED", notes);
        }
        Path pages = out.resolve("jcstress");
        Report report = ReportBuilder.build(catalog, c.results(), Map.of(), forkSeconds, planned, notRun, null, run,
                name -> Files.isRegularFile(pages.resolve(name + ".html")) ? "jcstress/" + name + ".html" : null);
        report = new Report(report.schema(), suiteVersion, report.generatedAt(), report.run(), report.environments(),
                report.summary(), report.tests());
        Comparison.Result cmp = base == null ? null : Comparison.compare(base, report, Comparison.Thresholds.DEFAULT);
        ReportFiles.write(report, out, cmp == null ? null : Comparison.markdown(cmp, Comparison.Thresholds.DEFAULT),
                Files.isRegularFile(pages.resolve("index.html")));
        Summary.print(System.out, report, out);
        boolean failed = report.tests().stream().anyMatch(t -> t.verdict().fails(run.strict())) || (cmp != null && cmp.regressed());
        return failed ? ExitCode.FAILED : ExitCode.OK;
    }
}
