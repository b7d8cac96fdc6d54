package org.gupstress.reports.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.UserError;
import org.gupstress.reports.merge.Merger;
import org.gupstress.reports.render.ReportFiles;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gupstress merge A.json B.json ... --out DIR}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        header = "Merge the reports of shards or hosts into one.",
        description = {
        "Merge report.json files of shards or hosts into one report (all four files). Counts add up, each test",
        "is judged again on the pooled forks, environments are kept per host; the suite versions must match."})
final class MergeCommand implements Callable<Integer> {
    // at least two, checked in call(): picocli's own message for too few is not one a user should have to decode
    @Parameters(arity = "1..*", paramLabel = "REPORT.json")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--strict", description = "UNWITNESSED fails (exit code 1, junit failure).")
    boolean strict;

    @Override
    public Integer call() {
        if (inputs.size() < 2) {
            throw new UserError("merge needs at least two REPORT.json files, got one: " + inputs.get(0)
                    + " (see 'gupstress merge --help')");
        }
        Map<String, Report> reports = new LinkedHashMap<>();
        for (Path p : inputs) {
            if (reports.put(p.toString(), ReportJson.read(p)) != null) {
                throw new UserError("report " + p + " is given twice");
            }
        }
        Report merged = Merger.merge(reports);
        boolean strictRun = strict || merged.run().strict();
        if (strictRun != merged.run().strict()) {
            Report.RunInfo r = merged.run();
            merged = new Report(merged.schema(), merged.suiteVersion(), merged.generatedAt(),
                    new Report.RunInfo(r.profile(), r.jcstressOptions(), r.testsRegex(), r.shard(), r.cpus(), true,
                            r.startedAt(), r.wallSeconds(), r.completion(), r.notes()),
                    merged.environments(), merged.summary(), merged.tests());
        }
        ReportFiles.write(merged, out, null, false);
        Summary.print(System.out, merged, out);
        return merged.tests().stream().anyMatch(t -> t.verdict().fails(strictRun)) ? ExitCode.FAILED : ExitCode.OK;
    }
}
