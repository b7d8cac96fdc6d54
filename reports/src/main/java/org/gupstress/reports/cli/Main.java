package org.gupstress.reports.cli;

import java.io.PrintWriter;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.UserError;
import org.gupstress.reports.results.ResultsFilter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gupstress} command line. Exit codes: 0 everything passed, 1 a FAIL/ERROR verdict (UNWITNESSED too
 * under --strict) or a regression found by compare, 2 bad input (one line on stderr), 3 the run did not complete.
 */
@Command(name = "gupstress", mixinStandardHelpOptions = true, version = "gupstress 0.1.0",
        description = "JCStress laboratory for the kernel's page pinning protocols.",
        subcommands = {ListCommand.class, RunCommand.class, ExploreCommand.class, ReportCommand.class, CompareCommand.class,
                MergeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:everything that ran passed; compare: no regression",
                "1:a FAIL or ERROR verdict (UNWITNESSED too with --strict); compare: a regression",
                "2:bad input or usage (one line on stderr says what; nothing was written)",
                "3:the run did not complete (deadline, JCStress died); the partial report was written"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // before anything could deserialize: the allow-list for JCStress results files, JVM-wide
        ResultsFilter.install();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setExitCodeExceptionMapper(e -> ExitCode.BAD_INPUT);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Bad input: one clear line, exit 2. Anything else is a bug: its stack trace, exit 2 as well. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UserError) {
            err.println("gupstress: " + e.getMessage());
        } else {
            err.println("gupstress: internal error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.BAD_INPUT;
    }
}
