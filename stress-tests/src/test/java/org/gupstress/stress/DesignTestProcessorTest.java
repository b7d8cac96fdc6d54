package org.gupstress.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.gupstress.processor.DesignTestProcessor;
import org.gupstress.stress.lint.SuiteLint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.infra.processors.JCStressTestProcessor;

/**
 * The probe of {@link DesignTestProcessor}: javac with gupstress's processor and JCStress's, as stress-tests compiles,
 * over a crafted scenario. A well-formed scenario yields tests graded from its enum that pass the lint and that
 * JCStress lists; each way of writing a grade by hand, or of leaving one out, is a compile error.
 */
class DesignTestProcessorTest {
    @TempDir
    Path dir;

    private static final String ENUM = """
            package probe;
            import static org.gupstress.stress.Grade.Kind.*;
            import org.gupstress.stress.Grade;
            public enum Seen {
                @Grade(kind = OK, desc = "Both saw the store.") SEEN,
                @Grade(kind = INTERESTING, desc = "Seen late: harmless.") LATE,
                @Grade(kind = BUG, desc = "Lost the store: no barrier orders it.") LOST,
                @Grade(kind = FORBIDDEN, desc = "A model oracle fired.") %s
            }
            """;

    /** A scenario with one SAFE and one BROKEN design; {@code extra} goes on the BROKEN design's class. */
    private static String scenario(String extra) {
        return """
                package probe;
                import org.gupstress.stress.*;
                import org.openjdk.jcstress.annotations.*;
                import org.openjdk.jcstress.infra.results.L_Result;
                @Scenario(family = "probe", id = "probe", title = "probe", outcomes = Seen.class)
                @GenerateTests
                public abstract class ProbeScenario {
                    final boolean barrier;
                    int seen;
                    ProbeScenario(boolean barrier) { this.barrier = barrier; }
                    @Actor public void writer() { seen = 1; }
                    @Actor public void reader() { seen += barrier ? 0 : 1; }
                    @Arbiter public void arbiter(L_Result r) { r.r1 = Seen.SEEN; }
                    @Design(value = "BARRIER", expected = Expected.SAFE, source = "probe")
                    public abstract static class Barrier extends ProbeScenario {
                        public Barrier() { super(true); }
                    }
                    %s
                    @Design(value = "NO_BARRIER", expected = Expected.BROKEN, source = "probe")
                    public abstract static class NoBarrier extends ProbeScenario {
                        public NoBarrier() { super(false); }
                        NoBarrier(int unused) { this(); }
                    }
                }
                """.formatted(extra);
    }

    /** Compiles the sources with both processors into {@code dir}; the errors, empty when it compiled. */
    private List<String> compile(Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = dir.resolve("src/probe/" + s.getKey() + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            files.add(f);
        }
        Path out = Files.createDirectories(dir.resolve("classes"));
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics,
                    List.of("-d", out.toString(), "-s", Files.createDirectories(dir.resolve("gen")).toString(),
                            "-classpath", System.getProperty("java.class.path")),
                    null, fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new DesignTestProcessor(), new JCStressTestProcessor()));
            task.call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(null));
            }
        }
        return errors;
    }

    private List<String> compile(String enumLast, String extra) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Seen", ENUM.formatted(enumLast));
        sources.put("ProbeScenario", scenario(extra));
        return compile(sources);
    }

    private static void assertRefused(List<String> errors, String expected) {
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected an error with '" + expected + "', got " + errors);
    }

    @Test
    void aWellFormedScenarioYieldsTestsGradedFromItsEnumThatTheLintAcceptsAndJcstressLists() throws Exception {
        assertEquals(List.of(), compile("MODEL_VIOLATION", ""));
        assertTrue(Files.readString(dir.resolve("classes/META-INF/TestList")).contains("probe.Probe.NoBarrier"),
                "JCStress's processor saw the generated tests in the next round");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> safe = loader.loadClass("probe.Probe$Barrier");
            Class<?> broken = loader.loadClass("probe.Probe$NoBarrier");
            assertEquals(List.of(), SuiteLint.lint(List.of(safe, broken)));
            assertEquals(Map.of("SEEN", Expect.ACCEPTABLE, "LATE", Expect.ACCEPTABLE_INTERESTING, "LOST", Expect.FORBIDDEN,
                    "MODEL_VIOLATION", Expect.FORBIDDEN, "", Expect.FORBIDDEN), grades(safe));
            assertEquals(Map.of("SEEN", Expect.ACCEPTABLE, "LATE", Expect.ACCEPTABLE_INTERESTING,
                    "LOST", Expect.ACCEPTABLE_INTERESTING, "MODEL_VIOLATION", Expect.FORBIDDEN, "", Expect.FORBIDDEN),
                    grades(broken));
            assertTrue(Outcomes.of(broken).stream().anyMatch(o -> o.desc().equals("BUG: lost the store: no barrier orders it.")));
            assertEquals(3, broken.getDeclaredMethods().length, "writer, reader and arbiter re-declared");
            broken.getDeclaredConstructor(int.class); // the design's constructors, mirrored
        }
    }

    private static Map<String, Expect> grades(Class<?> c) {
        Map<String, Expect> out = new LinkedHashMap<>();
        for (Outcome o : Outcomes.of(c)) {
            out.put(o.id().length == 0 ? "" : o.id()[0], o.expect());
        }
        return out;
    }

    @Test
    void aHandWrittenOutcomeOnADesignIsRefused() throws IOException {
        assertRefused(compile("MODEL_VIOLATION", """
                @Design(value = "MISGRADED", expected = Expected.SAFE, source = "probe")
                @Outcome(id = "LOST", expect = Expect.ACCEPTABLE_INTERESTING, desc = "BUG: lost")
                public abstract static class Misgraded extends ProbeScenario {
                    public Misgraded() { super(false); }
                }
                """), "@Outcome in a @GenerateTests scenario");
    }

    @Test
    void aHandWrittenGradingClassIsRefused() throws IOException {
        assertRefused(compile("MODEL_VIOLATION", """
                @VerdictGrades(Expected.SAFE)
                @Outcome(id = "LOST", expect = Expect.ACCEPTABLE, desc = "fine")
                static final class SafeGrades { }
                @Design(value = "META", expected = Expected.SAFE, source = "probe")
                @JCStressMeta(SafeGrades.class)
                public abstract static class Meta extends ProbeScenario {
                    public Meta() { super(false); }
                }
                """), "in a @GenerateTests scenario");
    }

    @Test
    void anUngradedOutcomeIsRefused() throws IOException {
        assertRefused(compile("MODEL_VIOLATION, UNGRADED", ""), "outcome UNGRADED has no @Grade");
    }

    @Test
    void aNeverAcceptableOutcomeGradedOkIsRefused() throws IOException {
        assertRefused(compileRegraded("kind = FORBIDDEN", "kind = OK"), "MODEL_VIOLATION is never acceptable");
    }

    @Test
    void aBrokenDesignWithoutABugToWitnessIsRefused() throws IOException {
        assertRefused(compileRegraded("kind = BUG", "kind = FORBIDDEN"), "is this scenario's BUG: nothing to witness");
    }

    /** The well-formed scenario with one grade of its enum changed. */
    private List<String> compileRegraded(String grade, String regraded) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Seen", ENUM.formatted("MODEL_VIOLATION").replace(grade, regraded));
        sources.put("ProbeScenario", scenario(""));
        return compile(sources);
    }

    /** A SAFE design of the probe scenario with {@code grades} (its {@code @DesignGrade}s) on its class. */
    private List<String> compileWithDesignGrades(String grades) throws IOException {
        return compile("MODEL_VIOLATION", """
                @Design(value = "REFUSING", expected = Expected.SAFE, source = "probe")
                %s
                public abstract static class Refusing extends ProbeScenario {
                    public Refusing() { super(true); }
                }
                """.formatted(grades));
    }

    /**
     * A design's {@code @DesignGrade} changes its own grade of that outcome (in a grading class of its own) and
     * nothing else: its siblings keep the enum's grades, every other outcome of it too, and the lint accepts all three.
     */
    @Test
    void aDesignGradeRegradesOneOutcomeOfItsDesignOnly() throws Exception {
        assertEquals(List.of(), compileWithDesignGrades(
                "@DesignGrade(id = \"LATE\", kind = Grade.Kind.FORBIDDEN, desc = \"Late means the refusal failed.\")"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> safe = loader.loadClass("probe.Probe$Barrier");
            Class<?> broken = loader.loadClass("probe.Probe$NoBarrier");
            Class<?> refusing = loader.loadClass("probe.Probe$Refusing");
            assertEquals(List.of(), SuiteLint.lint(List.of(safe, broken, refusing)));
            assertEquals(Map.of("SEEN", Expect.ACCEPTABLE, "LATE", Expect.FORBIDDEN, "LOST", Expect.FORBIDDEN,
                    "MODEL_VIOLATION", Expect.FORBIDDEN, "", Expect.FORBIDDEN), grades(refusing));
            assertEquals(Expect.ACCEPTABLE_INTERESTING, grades(safe).get("LATE"), "the sibling keeps the enum's grade");
            assertEquals("probe.Probe$RefusingGrades",
                    refusing.getAnnotation(org.openjdk.jcstress.annotations.JCStressMeta.class).value().getName());
        }
    }

    @Test
    void aDesignGradeThatAcceptsTheScenariosBugIsRefused() throws IOException {
        assertRefused(compileWithDesignGrades(
                "@DesignGrade(id = \"LOST\", kind = Grade.Kind.OK, desc = \"Lost is fine here.\")"),
                "LOST is the scenario's bug");
    }

    @Test
    void aDesignGradeThatMakesABugIsRefused() throws IOException {
        assertRefused(compileWithDesignGrades(
                "@DesignGrade(id = \"SEEN\", kind = Grade.Kind.BUG, desc = \"Seen is a bug here.\")"),
                "a design cannot make an outcome its scenario's bug");
    }

    @Test
    void aDesignGradeThatChangesNothingIsRefused() throws IOException {
        assertRefused(compileWithDesignGrades(
                "@DesignGrade(id = \"SEEN\", kind = Grade.Kind.OK, desc = \"Seen.\")"), "not an override");
    }

    @Test
    void aDesignGradeOfAnUnknownOutcomeIsRefused() throws IOException {
        assertRefused(compileWithDesignGrades(
                "@DesignGrade(id = \"GONE\", kind = Grade.Kind.FORBIDDEN, desc = \"Gone.\")"), "not a constant of Seen");
    }

    @Test
    void aDesignGradeThatMakesModelViolationAcceptableIsRefused() throws IOException {
        assertRefused(compileWithDesignGrades(
                "@DesignGrade(id = \"MODEL_VIOLATION\", kind = Grade.Kind.OK, desc = \"Fine.\")"), "is never acceptable");
    }

    @Test
    void aDesignGradedTwiceForOneOutcomeIsRefused() throws IOException {
        assertRefused(compileWithDesignGrades(
                "@DesignGrade(id = \"LATE\", kind = Grade.Kind.FORBIDDEN, desc = \"Late.\")\n"
                        + "@DesignGrade(id = \"LATE\", kind = Grade.Kind.OK, desc = \"Late again.\")"), "graded twice");
    }

    @Test
    void aConcreteDesignClassIsRefused() throws IOException {
        assertRefused(compile("MODEL_VIOLATION", """
                @Design(value = "CONCRETE", expected = Expected.SAFE, source = "probe")
                public static class Concrete extends ProbeScenario {
                    public Concrete() { super(true); }
                }
                """), "is public static abstract");
    }
}
