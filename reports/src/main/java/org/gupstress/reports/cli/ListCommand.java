package org.gupstress.reports.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.gupstress.reports.UserError;
import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.suite.SuiteCatalog;
import org.gupstress.reports.suite.TestEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gupstress list}: every test with its family, scenario, design, expected verdict and actors, the design's
 * knob settings, and with {@code --cpus N} which tests a machine of N CPUs cannot run.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every test: family, scenario, design, expected verdict, actors, the design's knob settings.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Machine-readable output (with each test's outcomes, grades, knobs and JUnit proofs).")
    boolean json;

    @Option(names = "--cpus", paramLabel = "N", description = "Mark the tests a machine with N CPUs cannot run (they need more actors than CPUs).")
    Integer cpus;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (cpus != null && cpus < 1) {
            throw new UserError("--cpus " + cpus + ": must be at least 1");
        }
        SuiteCatalog catalog = SuiteCatalog.load(Home.home());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(catalog.entries()));
            out.flush();
            return 0;
        }
        out.printf("%-10s %-34s %-36s %-8s %-6s %s%n", "FAMILY", "SCENARIO", "DESIGN", "EXPECTED", "ACTORS",
                cpus == null ? "TEST" : "ON " + Fmt.plural(cpus, "CPU").toUpperCase(java.util.Locale.ROOT) + "  TEST");
        int cannot = 0;
        for (TestEntry e : catalog.entries()) {
            String runs = "";
            if (cpus != null) {
                boolean ok = e.actors() <= cpus;
                cannot += ok ? 0 : 1;
                runs = String.format("%-8s ", ok ? "runs" : "NOT_RUN");
            }
            out.printf("%-10s %-34s %-36s %-8s %-6d %s%s%n", e.family(), e.scenario(), e.design(), e.expected(),
                    e.actors(), runs, e.name());
            out.printf("           knobs: %s%n", knobs(e.knobs()));
        }
        out.printf("%s, suite %s%n", Fmt.plural(catalog.entries().size(), "test"), catalog.version());
        if (cpus != null) {
            out.printf("on %s: %d of %s cannot run (they need more actors than CPUs; a run reports them NOT_RUN)%n",
                    Fmt.plural(cpus, "CPU"), cannot, Fmt.plural(catalog.entries().size(), "test"));
        }
        out.flush();
        return 0;
    }

    /** Knob settings as one phrase: "merged kernel (all defaults)" when the design sets none. */
    static String knobs(List<String> knobs) {
        if (knobs == null) {
            return "unknown (the test could not be instantiated)";
        }
        return knobs.isEmpty() ? "none set (every knob at the merged kernel's default)" : String.join(", ", knobs);
    }
}
