package org.gupstress.reports.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.UserError;
import org.gupstress.reports.compare.Comparison;
import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gupstress compare BASE NEW}: Markdown explanation of the regressions; exit 1 if any. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare two report.json files; exit 1 on a regression.",
        description = {
        "Compare two report.json files. Regressions: a new FORBIDDEN outcome, a lost witness, a verdict turned",
        "ERROR, a significant shift of an outcome distribution (G-test, over-dispersion corrected, Holm-adjusted),",
        "samples per second dropped beyond a threshold. Prints Markdown; exit 1 on a regression."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE.json")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW.json")
    Path neu;

    @Option(names = "--alpha", defaultValue = "0.01", description = "Family-wise significance level for shifts (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-effect", defaultValue = "0.1", description = "Smallest Cramer's V that counts as a shift (default ${DEFAULT-VALUE}).")
    double minEffect;

    @Option(names = "--max-slowdown", defaultValue = "0.5", description = "Largest tolerated drop of samples/s, as a fraction (default ${DEFAULT-VALUE}).")
    double maxSlowdown;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the Markdown to FILE.")
    Path markdown;

    @Override
    public Integer call() {
        if (!(alpha > 0 && alpha < 1) || minEffect < 0 || !(maxSlowdown > 0 && maxSlowdown <= 1)) {
            throw new UserError("--alpha must be in (0,1), --min-effect >= 0, --max-slowdown in (0,1]");
        }
        Report b = ReportJson.read(base);
        Report n = ReportJson.read(neu);
        Comparison.Thresholds th = new Comparison.Thresholds(alpha, minEffect, maxSlowdown);
        Comparison.Result r = Comparison.compare(b, n, th);
        String md = "# gupstress compare\n\n`" + base + "` -> `" + neu + "`\n\n" + Comparison.markdown(r, th);
        System.out.print(md);
        System.out.flush();
        if (markdown != null) {
            try {
                Path tmp = Files.createTempFile(markdown.toAbsolutePath().getParent(), ".compare", ".tmp");
                Files.writeString(tmp, md, StandardCharsets.UTF_8);
                Files.move(tmp, markdown, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UserError("cannot write " + markdown + ": " + e.getMessage(), e);
            }
        }
        return r.regressed() ? ExitCode.FAILED : ExitCode.OK;
    }
}
