package org.gupstress.reports.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.gupstress.reports.suite.SuiteCatalog;
import org.gupstress.reports.suite.TestEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code gupstress} command line. */
@Command(name = "gupstress", mixinStandardHelpOptions = true, version = "gupstress 0.1.0",
        description = "JCStress laboratory for the kernel's page pinning protocols.",
        subcommands = {Main.ListCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code gupstress list}: every test with its family, scenario, design and expected verdict. */
    @Command(name = "list", description = "List every test: family, scenario, design, expected verdict.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SuiteCatalog catalog = SuiteCatalog.load();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(catalog.entries()));
            } else {
                out.printf("%-10s %-28s %-28s %-8s %s%n", "FAMILY", "SCENARIO", "DESIGN", "EXPECTED", "TEST");
                for (TestEntry e : catalog.entries()) {
                    out.printf("%-10s %-28s %-28s %-8s %s%n", e.family(), e.scenario(), e.design(), e.expected(), e.name());
                }
            }
            out.flush();
            return 0;
        }
    }
}
