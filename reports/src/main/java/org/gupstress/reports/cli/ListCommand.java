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

/** {@code gupstress list}: every test with its family, scenario, design and expected verdict. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List every test: family, scenario, design, expected verdict, actors.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Machine-readable output (with each test's outcomes and grades).")
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
            out.printf("%-10s %-28s %-28s %-8s %-6s %s%n", "FAMILY", "SCENARIO", "DESIGN", "EXPECTED", "ACTORS", "TEST");
            for (TestEntry e : catalog.entries()) {
                out.printf("%-10s %-28s %-28s %-8s %-6d %s%n", e.family(), e.scenario(), e.design(), e.expected(),
                        e.actors(), e.name());
            }
            out.printf("%d tests, suite %s%n", catalog.entries().size(), catalog.version());
        }
        out.flush();
        return 0;
    }
}
