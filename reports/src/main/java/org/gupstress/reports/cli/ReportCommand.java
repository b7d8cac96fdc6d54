package org.gupstress.reports.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.compare.Comparison;
import org.gupstress.reports.render.ReportFiles;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.ReportBuilder;
import org.gupstress.reports.results.ResultsReader;
import org.gupstress.reports.suite.SuiteCatalog;
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

    @Override
    public Integer call() {
        Report base = baseline == null ? null : ReportJson.read(baseline);
        SuiteCatalog catalog = SuiteCatalog.load();
        ResultsReader.Contents c = ResultsReader.read(file, partial ? ResultsReader.Mode.PARTIAL : ResultsReader.Mode.COMPLETE);
        List<String> notes = new ArrayList<>();
        notes.add("re-rendered from " + file);
        if (c.truncated()) {
            notes.add("the results file is truncated: results after the cut are missing");
        }
        Report.RunInfo run = new Report.RunInfo(null, null, null, null, null, strict, null, null, "RERENDERED", notes);
        Path pages = out.resolve("jcstress");
        Report report = ReportBuilder.build(catalog, c.results(), null, java.util.Map.of(), null, run,
                name -> Files.isRegularFile(pages.resolve(name + ".html")) ? "jcstress/" + name + ".html" : null);
        Comparison.Result cmp = base == null ? null : Comparison.compare(base, report, Comparison.Thresholds.DEFAULT);
        ReportFiles.write(report, out, cmp == null ? null : Comparison.markdown(cmp, Comparison.Thresholds.DEFAULT),
                Files.isRegularFile(pages.resolve("index.html")));
        Summary.print(System.out, report, out);
        boolean failed = report.tests().stream().anyMatch(t -> t.verdict().fails(strict)) || (cmp != null && cmp.regressed());
        return failed ? ExitCode.FAILED : ExitCode.OK;
    }
}
