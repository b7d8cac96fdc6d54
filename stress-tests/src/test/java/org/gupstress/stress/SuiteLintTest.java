package org.gupstress.stress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.runners.TestList;
import org.junit.jupiter.api.Test;

/**
 * The suite lint: JCStress 0.16 fails silently on the mistakes this catches (jcstress-notes.md). For every test in
 * {@code META-INF/TestList}:
 * <ul>
 *   <li>every {@code @Actor}/{@code @Arbiter} method of its superclasses is re-declared, with the same annotation, on
 *       the test class itself (JCStress ignores inherited actors, so a forgotten one silently drops an actor);</li>
 *   <li>the class itself declares an {@code @Outcome} for every constant of its scenario's outcome enum, each with a
 *       description, plus a default outcome last (a partial list on a subclass hides the base's);</li>
 *   <li>it has {@code @State}, {@code @Scenario} (inherited) and its own {@code @Design} with a source;</li>
 *   <li>bug outcomes are graded consistently with the expected verdict: a description starting "BUG:" is
 *       ACCEPTABLE_INTERESTING and appears only in BROKEN or OPEN designs; a BROKEN design has at least one.</li>
 * </ul>
 */
class SuiteLintTest {

    @Test
    void everyTestIsWellFormed() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>(TestList.tests());
        assertFalse(names.isEmpty(), "META-INF/TestList lists no tests");
        for (String name : names) {
            Class<?> c = Class.forName(TestList.getInfo(name).binaryName());
            problems.addAll(lint(c));
        }
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

    @Test
    void lintCatchesAForgottenActor() {
        assertTrue(lint(ForgetsAnActor.class).stream().anyMatch(p -> p.contains("does not re-declare actor b()")),
                () -> lint(ForgetsAnActor.class).toString());
    }

    @Test
    void lintCatchesAMissingOutcome() {
        assertTrue(lint(ForgetsAnOutcome.class).stream().anyMatch(p -> p.contains("no @Outcome for TWO")),
                () -> lint(ForgetsAnOutcome.class).toString());
    }

    @Test
    void lintCatchesAMissingDesign() {
        assertTrue(lint(NoDesign.class).stream().anyMatch(p -> p.contains("no @Design")),
                () -> lint(NoDesign.class).toString());
    }

    @Test
    void lintCatchesABugOutcomeInASafeDesign() {
        assertTrue(lint(SafeWithBug.class).stream().anyMatch(p -> p.contains("SAFE design grades a BUG: outcome")),
                () -> lint(SafeWithBug.class).toString());
    }

    static List<String> lint(Class<?> c) {
        List<String> problems = new ArrayList<>();
        String n = c.getName();
        if (!c.isAnnotationPresent(State.class)) {
            problems.add(n + ": no @State");
        }
        if (Modifier.isAbstract(c.getModifiers())) {
            problems.add(n + ": a @JCStressTest class must not be abstract");
        }
        Scenario scenario = c.getAnnotation(Scenario.class);
        Design design = c.getDeclaredAnnotation(Design.class);
        if (scenario == null) {
            problems.add(n + ": no @Scenario on it or its base");
        }
        if (design == null) {
            problems.add(n + ": no @Design on the test class itself");
        } else if (design.source().isBlank() || design.value().isBlank()) {
            problems.add(n + ": @Design needs a name and a source");
        }

        // Actors and the arbiter: everything a superclass marks must be re-declared here with the same annotation.
        for (Class<?> sup = c.getSuperclass(); sup != null && sup != Object.class; sup = sup.getSuperclass()) {
            for (Method m : sup.getDeclaredMethods()) {
                for (Class<? extends java.lang.annotation.Annotation> a : List.of(Actor.class, Arbiter.class)) {
                    if (m.isAnnotationPresent(a)) {
                        Method own = declared(c, m);
                        if (own == null || !own.isAnnotationPresent(a)) {
                            problems.add(n + ": does not re-declare " + (a == Actor.class ? "actor " : "arbiter ")
                                    + m.getName() + "() with @" + a.getSimpleName() + " (JCStress ignores inherited ones)");
                        }
                    }
                }
            }
        }

        // Outcomes: the full set, declared on the class itself, each described, default last.
        Outcome[] own = c.getDeclaredAnnotationsByType(Outcome.class);
        if (own.length == 0) {
            problems.add(n + ": declares no @Outcome of its own (inherited outcome lists are a JCStress trap)");
        } else if (!isDefault(own[own.length - 1])) {
            problems.add(n + ": the last @Outcome must be the default one (no id)");
        }
        Set<String> declaredIds = new LinkedHashSet<>();
        boolean anyBug = false;
        for (Outcome o : own) {
            if (!isDefault(o)) {
                declaredIds.addAll(Arrays.asList(o.id()));
            }
            if (o.desc().isBlank()) {
                problems.add(n + ": @Outcome " + Arrays.toString(o.id()) + " has no desc");
            }
            if (o.desc().startsWith("BUG:")) {
                anyBug = true;
                if (o.expect() != Expect.ACCEPTABLE_INTERESTING) {
                    problems.add(n + ": BUG: outcome " + Arrays.toString(o.id()) + " must be ACCEPTABLE_INTERESTING");
                }
                if (design != null && design.expected() == Expected.SAFE) {
                    problems.add(n + ": SAFE design grades a BUG: outcome " + Arrays.toString(o.id())
                            + " (it must be FORBIDDEN there)");
                }
            }
        }
        if (design != null && design.expected() == Expected.BROKEN && !anyBug) {
            problems.add(n + ": BROKEN design has no BUG: outcome to witness");
        }
        if (scenario != null) {
            for (Enum<?> e : scenario.outcomes().getEnumConstants()) {
                if (!declaredIds.contains(e.name())) {
                    problems.add(n + ": no @Outcome for " + e.name() + " of " + scenario.outcomes().getSimpleName());
                }
            }
        }
        return problems;
    }

    /** The default outcome has the default id, {@code { "" }}. */
    private static boolean isDefault(Outcome o) {
        return o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty());
    }

    private static Method declared(Class<?> c, Method m) {
        try {
            return c.getDeclaredMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    // ---- Deliberately broken classes the lint must catch (not @JCStressTest: never run, never listed). ----

    enum Two { ONE, TWO }

    @Scenario(family = "lint", id = "lint", title = "lint fixture", outcomes = Two.class)
    abstract static class Base {
        @Actor
        public void a() {
        }

        @Actor
        public void b() {
        }
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE, desc = "two")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class ForgetsAnActor extends Base {
        @Override
        @Actor
        public void a() {
        }
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class ForgetsAnOutcome extends Base {
        @Override
        @Actor
        public void a() {
        }

        @Override
        @Actor
        public void b() {
        }
    }

    @State
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE, desc = "two")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class NoDesign extends Base {
        @Override
        @Actor
        public void a() {
        }

        @Override
        @Actor
        public void b() {
        }
    }

    @State
    @Design(value = "X", expected = Expected.SAFE, source = "lint fixture")
    @Outcome(id = "ONE", expect = Expect.ACCEPTABLE, desc = "one")
    @Outcome(id = "TWO", expect = Expect.ACCEPTABLE_INTERESTING, desc = "BUG: two")
    @Outcome(expect = Expect.FORBIDDEN, desc = "default")
    static class SafeWithBug extends Base {
        @Override
        @Actor
        public void a() {
        }

        @Override
        @Actor
        public void b() {
        }
    }
}
