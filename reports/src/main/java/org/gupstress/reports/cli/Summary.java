package org.gupstress.reports.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.gupstress.reports.render.ReportFiles;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;

/** The few lines the CLI prints after writing a report. */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream out, Report report, Path dir) {
        out.println();
        for (TestReport t : report.tests()) {
            out.printf("  %-11s %-40s %s%n", t.verdict(), t.family() + "/" + t.scenario() + " " + t.design(), t.reason());
        }
        StringBuilder counts = new StringBuilder(org.gupstress.reports.report.Fmt.plural(report.tests().size(), "test"));
        report.summary().forEach((v, n) -> {
            if (n > 0) {
                counts.append(counts.indexOf(":") < 0 ? ": " : ", ").append(n).append(' ').append(v);
            }
        });
        out.printf("%ngupstress: %s (%s); report: %s%n", counts,
                report.run() == null ? "" : report.run().completion(),
                String.join(" ", ReportFiles.NAMES.stream().map(n -> dir.resolve(n).toString()).toList()));
        out.flush();
    }
}
