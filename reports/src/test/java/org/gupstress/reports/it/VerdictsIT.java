package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SAFE design with a mis-graded bug outcome, through the CLI as a developer runs it. The design is store
 * buffering without {@code smp_mb()} declared SAFE, with NEITHER_SEEN (the bug its sibling ONCE_ONLY declares)
 * graded ACCEPTABLE_INTERESTING and described without "BUG:", so JCStress passes it and only the scenario's
 * siblings say it is a bug. It is compiled here, with JCStress's annotation processor, and added to copies of the
 * CLI jar and the JCStress jar.
 * <ul>
 *   <li>{@code run} refuses the suite: it fails the lint (one line, exit 2, nothing written);</li>
 *   <li>with the lint skipped, JCStress grades the run green, and the judge still makes the test FAIL: NEITHER_SEEN
 *       is FORBIDDEN in a SAFE design of a scenario whose BROKEN design calls it a bug.</li>
 * </ul>
 */
class VerdictsIT {
    static final String TEST = "org.gupstress.stress.primitives.MisGraded.OnceOnlyDeclaredSafe";
    static final String SOURCE = """
            package org.gupstress.stress.primitives;

            import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
            import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
            import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

            import org.gupstress.model.kernel.kconfig.Config;
            import org.gupstress.model.kernel.Strength;
            import org.gupstress.stress.Design;
            import org.gupstress.stress.Expected;
            import org.openjdk.jcstress.annotations.Actor;
            import org.openjdk.jcstress.annotations.Arbiter;
            import org.openjdk.jcstress.annotations.JCStressTest;
            import org.openjdk.jcstress.annotations.Outcome;
            import org.openjdk.jcstress.annotations.State;
            import org.openjdk.jcstress.infra.results.L_Result;

            public class MisGraded {
                @JCStressTest
                @State
                @Design(value = "ONCE_ONLY_DECLARED_SAFE", expected = Expected.SAFE, source = "VerdictsIT: a mis-graded SAFE design")
                @Outcome(id = "BOTH_SEEN", expect = ACCEPTABLE, desc = "Both saw.")
                @Outcome(id = "ONE_SEEN", expect = ACCEPTABLE, desc = "One saw.")
                @Outcome(id = "NEITHER_SEEN", expect = ACCEPTABLE_INTERESTING, desc = "Neither saw (mis-graded: not FORBIDDEN).")
                @Outcome(expect = FORBIDDEN, desc = "Unclassified outcome: a bug in the test.")
                public static class OnceOnlyDeclaredSafe extends StoreBufferingScenario {
                    public OnceOnlyDeclaredSafe() {
                        super(Config.builder().set(SITE, Strength.NONE).build());
                    }

                    @Override
                    @Actor
                    public void cpu0() {
                        super.cpu0();
                    }

                    @Override
                    @Actor
                    public void cpu1() {
                        super.cpu1();
                    }

                    @Override
                    @Arbiter
                    public void arbiter(L_Result r) {
                        super.arbiter(r);
                    }
                }
            }
            """;

    static Path cliJar;
    static Path jcstressJar;

    @BeforeAll
    static void buildTheCraftedSuite() throws Exception {
        Path dir = Cli.fresh("verdicts-build");
        Path realJcstress = Cli.HOME.resolve("stress-tests/target/jcstress.jar");
        Path src = Files.createDirectories(dir.resolve("src/org/gupstress/stress/primitives")).resolve("MisGraded.java");
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        boolean ok = javac.getTask(out, fm, null, List.of("-d", classes.toString(), "-classpath", realJcstress.toString(),
                        "-processorpath", realJcstress.toString(),
                        "-processor", "org.openjdk.jcstress.infra.processors.JCStressTestProcessor"),
                null, fm.getJavaFileObjects(src)).call();
        assertTrue(ok, "the crafted design compiles:\n" + out);
        cliJar = withCraftedTest(Cli.JAR, classes, dir.resolve("gupstress.jar"));
        jcstressJar = withCraftedTest(realJcstress, classes, dir.resolve("jcstress.jar"));
    }

    @Test
    void runRefusesASuiteThatFailsItsLint() throws Exception {
        Path out = Cli.fresh("verdicts-lint");
        Path log = Cli.IT_DIR.resolve("verdicts-lint.log");
        int code = Cli.run(cliJar, crafted(), log, 2, "run", "--tests", "MisGraded", "--out", out.resolve("r").toString());
        String text = Cli.log(log).strip();
        assertEquals(2, code, text);
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("gupstress: the suite fails its lint"), text);
        // two rules catch it (the scenario-wide grades, and the outcome enum's @Grade); the line names the first
        assertTrue(text.contains("MisGraded$OnceOnlyDeclaredSafe: ") && text.contains("NEITHER_SEEN ACCEPTABLE_INTERESTING")
                && text.contains("(2 problems;"), text);
        assertTrue(!Files.exists(out.resolve("r")), "nothing written");
    }

    @Test
    void theJudgeFailsAMisGradedSafeDesignThatJcstressPasses() throws Exception {
        Path out = Cli.fresh("verdicts-judge");
        // 500 ms of sampling: store buffering without a fence shows NEITHER_SEEN within the forks' first thousands of samples
        int code = Cli.run(cliJar, crafted(), out.resolve("cli.log"), 5, "run", "--skip-lint", "--tests", "MisGraded", "--time",
                "500", "--out", out.toString());
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(1, code, log);
        Report r = ReportJson.read(out.resolve("report.json"));
        TestReport t = r.tests().stream().filter(x -> x.name().equals(TEST)).findFirst().orElseThrow();
        assertEquals(Verdict.FAIL, t.verdict(), t.reason());
        assertTrue(t.reason().startsWith("FORBIDDEN outcome NEITHER_SEEN seen"), t.reason());
        var neither = t.outcomes().stream().filter(o -> o.id().equals("NEITHER_SEEN")).findFirst().orElseThrow();
        assertEquals("FORBIDDEN", neither.grade());
        assertTrue(neither.description().startsWith("FORBIDDEN by the judge (a bug of this scenario in a SAFE design; the"
                + " test class grades it ACCEPTABLE_INTERESTING)"), neither.description());
        assertTrue(t.forkResults().stream().allMatch(f -> f.status().equals("NORMAL")), "JCStress itself saw no failure");
    }

    /** The forks run the crafted JCStress jar; the catalog comes from the crafted CLI jar. */
    private static List<String> crafted() {
        return List.of("-Dgupstress.jcstress.jar=" + jcstressJar);
    }

    /**
     * A copy of {@code jar} with the crafted classes added and their {@code META-INF/TestList} lines appended to the
     * jar's own, as the shade plugin's AppendingTransformer does. The jar is edited as a zip file system, which copies
     * the entries it does not change as they are (inflating and deflating the 40 MB of both jars took seconds).
     */
    static Path withCraftedTest(Path jar, Path classes, Path to) throws IOException {
        String craftedList = Files.readString(classes.resolve("META-INF/TestList"));
        Files.copy(jar, to, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(to)) {
            Path list = zip.getPath("META-INF/TestList");
            String own = Files.readString(list);
            Files.writeString(list, own + (own.isEmpty() || own.endsWith("\n") ? "" : "\n") + craftedList);
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path f : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                    Path entry = zip.getPath(classes.relativize(f).toString().replace(java.io.File.separatorChar, '/'));
                    Files.createDirectories(entry.getParent());
                    Files.copy(f, entry, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
