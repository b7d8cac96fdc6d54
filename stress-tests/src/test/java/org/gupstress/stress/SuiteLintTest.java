package org.gupstress.stress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.gupstress.stress.lint.SuiteLint;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.runners.TestList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite lint ({@link SuiteLint}) over the whole suite, and its probe: for each rule, a deliberately bad class
 * (never {@code @JCStressTest}: never listed, never run) that the rule must catch, with the message it must give.
 */
class SuiteLintTest {
    /** The test sources, relative to the module (Surefire's working directory). */
    static final Path TEST_SOURCES = Path.of("src/test/java");

    @Test
    void everyTestIsWellFormed() {
        assertFalse(TestList.tests().isEmpty(), "META-INF/TestList lists no tests");
        assertTrue(Files.isDirectory(TEST_SOURCES), "the proofs' sources are at hand: " + TEST_SOURCES.toAbsolutePath());
        List<String> problems = SuiteLint.lintSuite(TEST_SOURCES);
        assertTrue(problems.isEmpty(), "suite lint:\n  " + String.join("\n  ", problems));
    }

    @Test
    void everyJcstressTestClassIsListed() throws Exception {
        // A @JCStressTest class the annotation processor did not list would never run.
        for (String name : TestList.tests()) {
            Class<?> c = Class.forName(TestList.getInfo(name).binaryName());
            for (Class<?> sibling : c.getEnclosingClass() == null ? new Class<?>[0] : c.getEnclosingClass().getDeclaredClasses()) {
                if (sibling.isAnnotationPresent(JCStressTest.class)) {
                    assertTrue(TestList.tests().contains(sibling.getCanonicalName()), sibling + " is not in META-INF/TestList");
                }
            }
        }
    }

    /**
     * Initializes every class of the model and of the stress tests: a schedule point declared twice under one name
     * (two families naming the same step) fails here rather than in whichever test first loads both classes.
     */
    @Test
    void everyClassInitializes() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Class<?> anchor : List.of(org.gupstress.model.mm.World.class, Scenario.class)) {
            java.nio.file.Path root = java.nio.file.Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                    String rel = root.relativize(f).toString();
                    if (!rel.endsWith(".class") || rel.contains("$") && rel.contains("_jcstress")) {
                        continue;
                    }
                    String name = rel.substring(0, rel.length() - ".class".length()).replace(java.io.File.separatorChar, '.');
                    try {
                        Class.forName(name, true, SuiteLintTest.class.getClassLoader());
                    } catch (Throwable t) {
                        problems.add(name + ": " + (t.getCause() != null ? t.getCause() : t));
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), "classes that fail to initialize:\n  " + String.join("\n  ", problems));
    }

    // ---- The probe: each rule fails on a crafted bad class. ----

    @Test
    void catchesAForgottenActor() {
        probe(List.of(ForgetsAnActor.class), p -> p.contains("does not re-declare actor b()"));
    }

    @Test
    void catchesAMissingOutcome() {
        probe(List.of(ForgetsAnOutcome.class), p -> p.contains("no @Outcome for TWO"));
    }

    @Test
    void catchesAMissingDesign() {
        probe(List.of(NoDesign.class), p -> p.contains("no @Design"));
    }

    @Test
    void catchesABugOutcomeInASafeDesign() {
        probe(List.of(SafeWithBug.class), p -> p.contains("SAFE design grades a BUG: outcome"));
    }

    @Test
    void catchesABrokenDesignWithoutABug() {
        probe(List.of(BrokenWithoutBug.class), p -> p.contains("BROKEN design has no BUG: outcome"));
    }

    @Test
    void catchesAnAcceptableDefault() {
        probe(List.of(AcceptableDefault.class), p -> p.contains("the default @Outcome is ACCEPTABLE"));
    }

    @Test
    void catchesAMissingDefault() {
        probe(List.of(NoDefault.class), p -> p.contains("no default @Outcome"));
    }

    @Test
    void catchesAnInheritedOutcomeList() {
        probe(List.of(InheritsOutcomes.class), p -> p.contains("inherits @Outcome"));
    }

    @Test
    void catchesAnIdOutsideTheScenario() {
        probe(List.of(StrayId.class), p -> p.contains("@Outcome THREE is not a constant of Three"));
    }

    /** A hand-written test of a scenario whose enum carries @Grade is held to it, with no BROKEN sibling needed. */
    @Test
    void catchesAGradeThatContradictsTheEnumsGrade() {
        probe(List.of(AcceptsAGradedBug.class),
                p -> p.contains("AcceptsAGradedBug: grades TWO ACCEPTABLE, but its @Grade(kind = BUG) in GradedTwo makes it"
                        + " FORBIDDEN in a SAFE design"));
    }

    /** The case of issue 10: PIN_MISSED left ACCEPTABLE (no "BUG:") in a SAFE design while a sibling calls it a bug. */
    @Test
    void catchesASiblingsBugAcceptedInASafeDesign() {
        probe(List.of(Broken.class, SafeAcceptsTheBug.class),
                p -> p.contains("SafeAcceptsTheBug: SAFE design grades TWO ACCEPTABLE, a bug of scenario lint"));
    }

    @Test
    void catchesABugNotInterestingInAnotherBrokenDesign() {
        probe(List.of(Broken.class, BrokenWithoutTheSiblingsBug.class),
                p -> p.contains("BrokenWithoutTheSiblingsBug: BROKEN design grades TWO FORBIDDEN without BUG:"));
    }

    @Test
    void catchesAnAcceptedUnexpected() {
        probe(List.of(AcceptsUnexpected.class), p -> p.contains("grades UNEXPECTED ACCEPTABLE; it must be FORBIDDEN"));
    }

    @Test
    void catchesAnAcceptedHung() {
        probe(List.of(AcceptsHung.class), p -> p.contains("grades HUNG ACCEPTABLE_INTERESTING; it must be FORBIDDEN"));
    }

    @Test
    void metaGradingIsReadAsJcstressReadsIt() {
        assertTrue(SuiteLint.lint(List.of(Broken.class, SafeByMeta.class)).isEmpty(),
                () -> SuiteLint.lint(List.of(Broken.class, SafeByMeta.class)).toString());
        probe(List.of(Broken.class, SafeByWrongMeta.class), p -> p.contains("SafeByWrongMeta: SAFE design grades a BUG: outcome [TWO]"));
        probe(List.of(Broken.class, SafeByWrongMeta.class),
                p -> p.contains("SafeByWrongMeta: a SAFE design graded by " + BrokenGrades.class.getName() + ", the BROKEN grades"));
    }

    /** A design's own grades ({@link DesignGrade}) may not touch the scenario's bugs, nor accept HUNG or UNEXPECTED. */
    @Test
    void catchesADesignGradeThatAcceptsTheScenariosBug() {
        probe(List.of(OverridesTheBug.class), p -> p.contains("OverridesTheBug: @DesignGrade TWO overrides a bug outcome"));
    }

    @Test
    void catchesADesignGradeThatAcceptsHung() {
        probe(List.of(AcceptsHungByDesignGrade.class), p -> p.contains("@DesignGrade makes HUNG acceptable"));
    }

    @Test
    void catchesADesignGradeOfNoConstantAndOneGivenTwice() {
        probe(List.of(StrayDesignGrade.class), p -> p.contains("@DesignGrade THREE is not a constant of GradedTwo"));
        probe(List.of(StrayDesignGrade.class), p -> p.contains("@DesignGrade ONE given twice"));
    }

    @Test
    void catchesAMetaClassThatIsNotAVerdictsGrades() {
        probe(List.of(GradedByAnything.class), p -> p.contains("is not a @VerdictGrades class"));
    }

    @Test
    void catchesABrokenDesignWithoutAProof(@TempDir Path sources) throws Exception {
        List<Class<?>> tests = List.of(Outer.Unproved.class);
        List<String> problems = SuiteLint.lintProofs(tests, sources);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Outer$Unproved: BROKEN design has no JUnit proof")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("bug outcome TWO is named by no JUnit proof")), problems::toString);

        // A proof in the design's package that instantiates it and names its bug outcome satisfies both rules.
        Path pkg = Files.createDirectories(sources.resolve("org/gupstress/stress"));
        Files.writeString(pkg.resolve("OuterTest.java"), """
                class OuterTest {
                    @Test
                    void reachesTwo() {
                        assertEquals(Two.TWO, run(new Outer.Unproved()));
                    }
                }
                """);
        assertTrue(SuiteLint.lintProofs(tests, sources).isEmpty(), () -> SuiteLint.lintProofs(tests, sources).toString());
    }

    @Test
    void acceptsABugFoundByExploreInsteadOfAJunitProof(@TempDir Path sources) {
        List<Class<?>> tests = List.of(Outer.Unproved.class);
        // No JUnit proof: an exploration that reaches the bug is the proof; one that reaches nothing is not.
        assertTrue(SuiteLint.lintProofs(tests, sources, c -> java.util.Set.of("TWO")).isEmpty());
        List<String> problems = SuiteLint.lintProofs(tests, sources, c -> java.util.Set.of());
        assertTrue(problems.stream().anyMatch(p -> p.contains("Outer$Unproved: BROKEN design has no JUnit proof")
                && p.contains("explore at bound 2 reaches none of its bugs")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("bug outcome TWO is named by no JUnit proof")
                && p.contains("explore at bound 2 reaches it in none")), problems::toString);
    }

    @Test
    void theRealExplorationProvesARealDesignWithoutItsScripts(@TempDir Path sources) {
        // The re-walk of the two-actor decomposition, with its scripts out of sight (an empty source tree): the lint
        // without explore rejects it, the lint with the real bound-2 exploration accepts it.
        List<Class<?>> tests = List.of(org.gupstress.stress.zap.ZapAndUnpinVsMkclean.MapcountRewalk.class);
        assertFalse(SuiteLint.lintProofs(tests, sources).isEmpty());
        List<String> problems = SuiteLint.lintProofs(tests, sources, SuiteLint.EXPLORE);
        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void acceptsAnUnscriptedBugOnlyWithItsReason(@TempDir Path sources) {
        List<String> problems = SuiteLint.lintProofs(List.of(Outer.Excused.class), sources);
        assertFalse(problems.stream().anyMatch(p -> p.contains("bug outcome TWO is named by no JUnit proof")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Outer$Excused: BROKEN design has no JUnit proof")), problems::toString);
    }

    private static void probe(List<Class<?>> classes, Predicate<String> expected) {
        List<String> problems = new ArrayList<>(SuiteLint.lint(classes));
        assertTrue(problems.stream().anyMatch(expected), () -> "the lint missed it; it said: " + problems);
    }

    // ---- Deliberately broken classes the lint must catch (not @JCStressTest: never run, never listed). ----

    enum Two { ONE, TWO, UNEXPECTED, HUNG }

    enum Three { ONE }

    enum GradedTwo {
        @Grade(kind = Grade.Kind.OK, desc = "one")
        ONE,
        @Grade(kind = Grade.Kind.BUG, desc = "two")
        TWO,
        @Grade(kind = Grade.Kind.FORBIDDEN, desc = "unexpected")
        UNEXPECTED,
        @Grade(kind = Grade.Kind.FORBIDDEN, desc = "hung")
        HUNG
    }

    @Scenario(family = "lint", id = "lint-graded", title = "lint fixture", outcomes = GradedTwo.class)
    abstract static class EnumGradedBase {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE, desc = "two, accepted by hand")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class AcceptsAGradedBug extends EnumGradedBase {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @DesignGrade(id = "TWO", kind = Grade.Kind.OK, desc = "the scenario's bug, accepted as this design's own grade")
    static class OverridesTheBug extends EnumGradedBase {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @DesignGrade(id = "HUNG", kind = Grade.Kind.OK, desc = "a hang, accepted as this design's own grade")
    static class AcceptsHungByDesignGrade extends EnumGradedBase {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @DesignGrade(id = "THREE", kind = Grade.Kind.FORBIDDEN, desc = "no such outcome")
    @DesignGrade(id = "ONE", kind = Grade.Kind.FORBIDDEN, desc = "one, forbidden here")
    @DesignGrade(id = "ONE", kind = Grade.Kind.INTERESTING, desc = "one, interesting here")
    static class StrayDesignGrade extends EnumGradedBase {
    }

    @Scenario(family = "lint", id = "lint", title = "lint fixture", outcomes = Two.class)
    abstract static class Base {
    }

    abstract static class ActorBase extends Base {
        @Actor
        public void a() {
        }

        @Actor
        public void b() {
        }
    }

    /** The grades a SAFE design gets, as a meta class. */
    @VerdictGrades(Expected.SAFE)
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two cannot happen here")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static final class SafeGrades {
    }

    @VerdictGrades(Expected.BROKEN)
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE_INTERESTING, desc = "BUG: two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static final class BrokenGrades {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class ForgetsAnActor extends ActorBase {
        @Override
        @Actor
        public void a() {
        }
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class ForgetsAnOutcome extends Base {
    }

    @State
    @JCStressMeta(SafeGrades.class)
    static class NoDesign extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @JCStressMeta(BrokenGrades.class)
    static class SafeWithBug extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.BROKEN, source = "lint fixture")
    @JCStressMeta(SafeGrades.class)
    static class BrokenWithoutBug extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.ACCEPTABLE, desc = "default")
    static class AcceptableDefault extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    static class NoDefault extends Base {
    }

    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    abstract static class GradedBase extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    static class InheritsOutcomes extends GradedBase {
    }

    @Scenario(family = "lint", id = "lint-three", title = "lint fixture", outcomes = Three.class)
    abstract static class ThreeBase {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "THREE", expect = Expect.ACCEPTABLE, desc = "three")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class StrayId extends ThreeBase {
    }

    @State
    @Design(value = "BROKEN", expected = Expected.BROKEN, source = "lint fixture")
    @JCStressMeta(BrokenGrades.class)
    static class Broken extends Base {
    }

    @State
    @Design(value = "SAFE", expected = Expected.SAFE, source = "lint fixture")
    @JCStressMeta(SafeGrades.class)
    static class SafeByMeta extends Base {
    }

    @State
    @Design(value = "SAFE", expected = Expected.SAFE, source = "lint fixture")
    @JCStressMeta(BrokenGrades.class)
    static class SafeByWrongMeta extends Base {
    }

    @State
    @Design(value = "SAFE", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE, desc = "two, left acceptable")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class SafeAcceptsTheBug extends Base {
    }

    @State
    @Design(value = "BROKEN2", expected = Expected.BROKEN, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE_INTERESTING, desc = "BUG: one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class BrokenWithoutTheSiblingsBug extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.ACCEPTABLE, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class AcceptsUnexpected extends Base {
    }

    @State
    @Design(value = "X", expected = Expected.BROKEN, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE_INTERESTING, desc = "BUG: two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.ACCEPTABLE_INTERESTING, desc = "hung, but not called a bug")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class AcceptsHung extends Base {
    }
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.FORBIDDEN, desc = "two")
    @Outcome(id = "UNEXPECTED", expect = Expect.FORBIDDEN, desc = "unexpected")
    @Outcome(id = "HUNG", expect = Expect.FORBIDDEN, desc = "hung")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static final class NotGrades {
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @JCStressMeta(NotGrades.class)
    static class GradedByAnything extends Base {
    }
}

/** A design in a nested class, as the suite's designs are, for the proof rule. */
class Outer {
    @State
    @Design(value = "UNPROVED", expected = Expected.BROKEN, source = "lint fixture")
    @JCStressMeta(SuiteLintTest.BrokenGrades.class)
    static class Unproved extends SuiteLintTest.Base {
    }

    @State
    @Design(value = "EXCUSED", expected = Expected.BROKEN, source = "lint fixture")
    @JCStressMeta(SuiteLintTest.BrokenGrades.class)
    @Unscripted(outcome = "TWO", why = "lint fixture: no schedule point in the window")
    static class Excused extends SuiteLintTest.Base {
    }
}
