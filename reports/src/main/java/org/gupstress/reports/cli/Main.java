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
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExitCodeExceptionMapper(e -> ExitCode.BAD_INPUT);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A usage error (unknown command or option, a value of the wrong type, a missing argument): one line saying
     * what, with a hint where to look, never the usage text; exit 2.
     */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("gupstress: " + usageMessage(e) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    static String usageMessage(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            boolean top = e.getCommandLine().getParent() == null;
            if (arg.startsWith("-")) {
                return "unknown option '" + arg + "'";
            }
            return top ? "unknown command '" + arg + "'" : "unexpected argument '" + arg + "'";
        }
        String m = e.getMessage() == null ? "bad usage" : e.getMessage().strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
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
