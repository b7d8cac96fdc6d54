package org.gupstress.stress.lint;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.gupstress.stress.Design;
import org.gupstress.stress.DesignGrade;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Outcomes;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unscripted;
import org.gupstress.stress.VerdictGrades;
import org.gupstress.stress.explore.JcstressSubject;
import org.gupstress.stress.explore.SuiteExplorer;
import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.stress.litmus.Litmus;
import org.gupstress.stress.litmus.LitmusGrades;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The suite lint: the mistakes JCStress 0.16 makes silently (jcstress-notes.md) and the grading rules that make a
 * verdict mean what its label says. It reads both styles of test class the same way: those the processor generates
 * for a {@link GenerateTests} scenario (whose grades it derives from the outcome enum's {@link Grade}s) and the
 * hand-written ones. It runs in {@code ./mvnw test} ({@code SuiteLintTest}) and, cheaply (reflection
 * over the listed classes and one scan of the test sources), before every {@code ./gupstress run}, which refuses a
 * suite that fails it.
 *
 * <p>Per test class:
 * <ul>
 *   <li>{@code @State}, not abstract, {@code @Scenario} (inherited) and its own {@code @Design} with a source;</li>
 *   <li>every {@code @Actor}/{@code @Arbiter} method of its superclasses is re-declared, with the same annotation, on
 *       the class itself (JCStress ignores inherited actors, so a forgotten one silently drops an actor);</li>
 *   <li>its {@code @JCStressMeta} class, if any, is its scenario's {@link VerdictGrades} class for the design's
 *       verdict (BROKEN for an OPEN design);</li>
 *   <li>its outcomes, as JCStress reads them (those of its {@code @JCStressMeta} class, then its own), grade every
 *       constant of the scenario's outcome enum, each with a description, and name no other id; none is inherited
 *       from the scenario's base (a partial list on a subclass hides the base's); a default outcome exists and is
 *       FORBIDDEN;</li>
 *   <li>a description starting "BUG:" is ACCEPTABLE_INTERESTING and appears only in BROKEN or OPEN designs; a BROKEN
 *       design has at least one;</li>
 *   <li>when its scenario's outcome enum carries {@link Grade}s: every constant has one, and every outcome is graded
 *       as {@link Grade.Kind#expect} says for the design's verdict (what the processor writes; a hand-written test of
 *       such a scenario is held to it too).</li>
 * </ul>
 * Per test of the {@code litmus} family (a translated LKMM litmus test, not a design of a scenario): a
 * {@link Litmus} annotation, a SAFE design named {@code LKMM} whose source is exactly its file and result
 * ({@code DIR/NAME.litmus (Result: Never)}, DIR the {@link Litmus#dir()} it names), the scenario id the file's name, and the
 * grades of its result ({@link LitmusGrades.Never}: the exists clause FORBIDDEN; {@link LitmusGrades.Sometimes}:
 * ACCEPTABLE_INTERESTING, never "BUG:").
 * <p>Per scenario (all test classes with the same {@code @Scenario} id):
 * <ul>
 *   <li>the scenario's bug ids (every id graded "BUG:" by some BROKEN or OPEN design) are FORBIDDEN in every SAFE
 *       design and "BUG:" ACCEPTABLE_INTERESTING in every BROKEN and OPEN one;</li>
 *   <li>{@code UNEXPECTED} is FORBIDDEN everywhere, and so is {@code HUNG} unless it is the scenario's bug;</li>
 *   <li>with the test sources at hand ({@link #lintProofs}): every bug id of the scenario is named by a JUnit proof
 *       ({@link ProofScan}) or found by {@code explore} ({@link #EXPLORE}: a bound-2 exploration of the designs that
 *       grade it, run only for ids no JUnit proof names, so a fully scripted suite costs nothing), or declared
 *       {@link Unscripted} with the reason on a design that grades it; and every BROKEN or OPEN design has a proof of
 *       either kind.</li>
 * </ul>
 */
public final class SuiteLint {
    /** The prefix of a bug outcome's description. */
    public static final String BUG = "BUG:";

    /** Outcome ids that no design may accept: the test's own failure, and a hang that is not the race's bug. */
    public static final Set<String> NEVER_ACCEPTABLE = Set.of("UNEXPECTED", "HUNG");

    private SuiteLint() {
    }

    /** Every test class in {@code META-INF/TestList} on the classpath. */
    public static List<Class<?>> listedTests() {
        List<Class<?>> out = new ArrayList<>();
        for (String name : new TreeSet<>(TestList.tests())) {
            try {
                out.add(Class.forName(TestList.getInfo(name).binaryName(), false, SuiteLint.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("test " + name + " is listed in META-INF/TestList but its class is missing", e);
            }
        }
        return out;
    }

    /**
     * Lints the whole suite on the classpath: every class, every scenario, and the proofs when {@code testSources}
     * (the root of {@code stress-tests/src/test/java}) is a directory; null skips the proofs.
     */
    public static List<String> lintSuite(Path testSources) {
        List<Class<?>> tests = listedTests();
        List<String> problems = new ArrayList<>(lint(tests));
        if (testSources != null && java.nio.file.Files.isDirectory(testSources)) {
            problems.addAll(lintProofs(tests, testSources, EXPLORE));
        }
        return problems;
    }

    /** The bound at which {@link #EXPLORE} searches: the bound {@code ./mvnw verify} explores the suite at. */
    public static final int EXPLORE_BOUND = 2;

    /**
     * The second kind of proof: the bug outcomes {@code explore} reaches in a design, DFS with the reduction to
     * {@link #EXPLORE_BOUND} preemptions (a BROKEN design's search stops at the bound of its first bug). The same
     * search as {@code ./gupstress explore --tests REGEX --bound 2}; each reached bug comes with a replayable trace.
     */
    public static final Function<Class<?>, Set<String>> EXPLORE = design -> {
        // The bound ends the search, not the clock (the largest design takes about 2 s at bound 2): the lint's answer
        // must not depend on the machine's speed, so the budget is only a last resort.
        Explorer.Options options = new Explorer.Options(Explorer.Strategy.DFS, EXPLORE_BOUND,
                java.time.Duration.ofMinutes(10), 0, Long.MAX_VALUE);
        Set<String> bugs = new TreeSet<>();
        SuiteExplorer.explore(design, options).grades()
                .forEach((o, g) -> {
                    if (g == JcstressSubject.Grade.BUG) {
                        bugs.add(o);
                    }
                });
        return bugs;
    };

    /** The class rules for each of {@code tests} and the scenario rules for the scenarios they form. */
    public static List<String> lint(Collection<Class<?>> tests) {
        List<String> problems = new ArrayList<>();
        for (Class<?> c : tests) {
            problems.addAll(lintClass(c));
        }
        for (Map.Entry<String, List<Class<?>>> s : byScenario(tests).entrySet()) {
            problems.addAll(lintScenario(s.getKey(), s.getValue()));
        }
        return problems;
    }

    /** The rules one test class must satisfy on its own. */
    public static List<String> lintClass(Class<?> c) {
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

        for (Class<?> sup = c.getSuperclass(); sup != null && sup != Object.class; sup = sup.getSuperclass()) {
            for (Method m : sup.getDeclaredMethods()) {
                for (Class<? extends Annotation> a : List.of(Actor.class, Arbiter.class)) {
                    if (m.isAnnotationPresent(a)) {
                        Method own = declared(c, m);
                        if (own == null || !own.isAnnotationPresent(a)) {
                            problems.add(n + ": does not re-declare " + (a == Actor.class ? "actor " : "arbiter ")
                                    + m.getName() + "() with @" + a.getSimpleName() + " (JCStress ignores inherited ones)");
                        }
                    }
                }
            }
            if (sup.getDeclaredAnnotationsByType(Outcome.class).length > 0) {
                problems.add(n + ": inherits @Outcome from " + sup.getName()
                        + " (grade through @JCStressMeta or on the test class: inherited lists are a JCStress trap)");
            }
        }

        JCStressMeta meta = c.getAnnotation(JCStressMeta.class);
        if (scenario != null && scenario.family().equals(LITMUS)) {
            problems.addAll(lintLitmus(c, scenario, design, meta));
        }
        if (meta != null && design != null) {
            VerdictGrades grades = meta.value().getAnnotation(VerdictGrades.class);
            Expected wanted = design.expected() == Expected.OPEN ? Expected.BROKEN : design.expected();
            if (grades == null) {
                problems.add(n + ": its @JCStressMeta class " + meta.value().getName() + " is not a @VerdictGrades class");
            } else if (grades.value() != wanted) {
                problems.add(n + ": a " + design.expected() + " design graded by " + meta.value().getName() + ", the "
                        + grades.value() + " grades of its scenario");
            }
        }
        List<Outcome> outcomes = outcomes(c);
        if (outcomes.isEmpty()) {
            problems.add(n + ": grades no outcome (no @JCStressMeta class with @Outcome, no @Outcome of its own)");
        }
        Outcome dflt = null;
        Set<String> ids = new LinkedHashSet<>();
        boolean anyBug = false;
        for (Outcome o : outcomes) {
            if (isDefault(o)) {
                dflt = o;
            } else {
                ids.addAll(Arrays.asList(o.id()));
            }
            if (o.desc().isBlank()) {
                problems.add(n + ": @Outcome " + Arrays.toString(o.id()) + " has no desc");
            }
            if (o.desc().startsWith(BUG)) {
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
        if (!outcomes.isEmpty() && dflt == null) {
            problems.add(n + ": no default @Outcome (no id): an unclassified outcome must be graded FORBIDDEN explicitly");
        } else if (dflt != null && dflt.expect() != Expect.FORBIDDEN) {
            problems.add(n + ": the default @Outcome is " + dflt.expect().name() + "; an unclassified outcome must be FORBIDDEN");
        }
        if (design != null && design.expected() == Expected.BROKEN && !anyBug) {
            problems.add(n + ": BROKEN design has no BUG: outcome to witness");
        }
        if (scenario != null) {
            Set<String> names = new LinkedHashSet<>();
            for (Enum<?> e : scenario.outcomes().getEnumConstants()) {
                names.add(e.name());
                if (!ids.contains(e.name())) {
                    problems.add(n + ": no @Outcome for " + e.name() + " of " + scenario.outcomes().getSimpleName());
                }
            }
            for (String id : ids) {
                if (!names.contains(id)) {
                    problems.add(n + ": @Outcome " + id + " is not a constant of " + scenario.outcomes().getSimpleName());
                }
            }
            if (design != null) {
                problems.addAll(lintEnumGrades(c, scenario, design));
            }
        }
        return problems;
    }

    /**
     * The grades of a test whose scenario's outcome enum carries {@link Grade}s are the ones {@link Grade.Kind#expect}
     * gives for its design's verdict; a BUG constant that the scenario's {@link GenerateTests#bugs()} leaves out is
     * not its bug.
     */
    static List<String> lintEnumGrades(Class<?> c, Scenario scenario, Design design) {
        List<String> problems = new ArrayList<>();
        List<String> bugs = List.of();
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            GenerateTests g = s.getDeclaredAnnotation(GenerateTests.class);
            if (g != null) {
                bugs = List.of(g.bugs());
                break;
            }
        }
        Class<?> outcomes = scenario.outcomes();
        List<String> ungraded = new ArrayList<>();
        boolean graded = false;
        Map<String, Outcome> byId = byId(c);
        Map<String, DesignGrade> overrides = new LinkedHashMap<>();
        for (DesignGrade d : designGrades(c)) {
            if (overrides.put(d.id(), d) != null) {
                problems.add(c.getName() + ": @DesignGrade " + d.id() + " given twice");
            }
        }
        for (Field f : outcomes.getFields()) {
            if (!f.isEnumConstant()) {
                continue;
            }
            Grade g = f.getAnnotation(Grade.class);
            if (g == null) {
                ungraded.add(f.getName());
                continue;
            }
            graded = true;
            Outcome o = byId.get(f.getName());
            boolean scenarioBug = bugs.isEmpty() || bugs.contains(f.getName());
            boolean bug = g.kind() == Grade.Kind.BUG && scenarioBug;
            Expect want = g.kind().expect(design.expected(), scenarioBug);
            DesignGrade own = overrides.remove(f.getName());
            if (own != null) {
                if (bug || own.kind() == Grade.Kind.BUG) {
                    problems.add(c.getName() + ": @DesignGrade " + f.getName() + " overrides a bug outcome or makes one"
                            + " (a design's own grades leave the scenario's bugs alone)");
                } else if (NEVER_ACCEPTABLE.contains(f.getName()) && own.kind() != Grade.Kind.FORBIDDEN) {
                    problems.add(c.getName() + ": @DesignGrade makes " + f.getName() + " acceptable");
                } else {
                    want = own.kind().expect(design.expected(), false);
                }
            }
            if (o != null && o.expect() != want) {
                problems.add(c.getName() + ": grades " + f.getName() + " " + o.expect().name() + ", but its @Grade(kind = "
                        + g.kind() + ") in " + outcomes.getSimpleName() + " makes it " + want.name() + " in a "
                        + design.expected() + " design");
            }
        }
        for (String id : overrides.keySet()) {
            problems.add(c.getName() + ": @DesignGrade " + id + " is not a constant of " + outcomes.getSimpleName());
        }
        if (graded && !ungraded.isEmpty()) {
            problems.add(c.getName() + ": " + outcomes.getSimpleName() + " grades some constants with @Grade but not "
                    + ungraded);
        }
        return problems;
    }

    /** The {@link DesignGrade}s of a test: on its class, or else on the nearest design class it extends. */
    static List<DesignGrade> designGrades(Class<?> c) {
        for (Class<?> s = c; s != null && s != Object.class; s = s.getSuperclass()) {
            DesignGrade[] own = s.getDeclaredAnnotationsByType(DesignGrade.class);
            if (own.length > 0) {
                return List.of(own);
            }
        }
        return List.of();
    }

    /** The family of translated LKMM litmus tests. */
    public static final String LITMUS = "litmus";

    /** How a litmus test must be declared and graded (see the class comment). */
    private static List<String> lintLitmus(Class<?> c, Scenario scenario, Design design, JCStressMeta meta) {
        List<String> problems = new ArrayList<>();
        String n = c.getName();
        Litmus litmus = c.getDeclaredAnnotation(Litmus.class);
        if (litmus == null) {
            problems.add(n + ": a litmus-family test without @Litmus (its file and LKMM result)");
            return problems;
        }
        boolean never = litmus.result() == Litmus.Result.NEVER;
        String source = litmus.dir() + "/" + litmus.value() + ".litmus (Result: "
                + (never ? "Never" : "Sometimes") + ")";
        if (!scenario.id().equals(litmus.value())) {
            problems.add(n + ": scenario id " + scenario.id() + " is not its litmus file's name " + litmus.value());
        }
        if (design != null && (design.expected() != Expected.SAFE || !design.value().equals("LKMM")
                || !design.source().equals(source))) {
            problems.add(n + ": a litmus test is @Design(value = \"LKMM\", expected = SAFE, source = \"" + source
                    + "\")");
        }
        Class<?> grades = never ? LitmusGrades.Never.class : LitmusGrades.Sometimes.class;
        if (meta == null || meta.value() != grades) {
            problems.add(n + ": a " + litmus.result() + " litmus test is graded by @JCStressMeta(" + grades.getCanonicalName()
                    + ".class)");
        }
        if (never && !litmus.notModelled().isEmpty()) {
            problems.add(n + ": notModelled is for a SOMETIMES outcome the weak model cannot reach, not for a NEVER one");
        }
        return problems;
    }

    /** The rules that relate the designs of one scenario. */
    public static List<String> lintScenario(String scenario, List<Class<?>> designs) {
        List<String> problems = new ArrayList<>();
        Set<String> bugIds = bugIds(designs);
        for (Class<?> c : designs) {
            Design d = c.getDeclaredAnnotation(Design.class);
            if (d == null) {
                continue;
            }
            Map<String, Outcome> graded = byId(c);
            for (String id : bugIds) {
                Outcome o = graded.get(id);
                if (o == null) {
                    continue; // lintClass reports the missing outcome
                }
                if (d.expected() == Expected.SAFE && o.expect() != Expect.FORBIDDEN) {
                    problems.add(c.getName() + ": SAFE design grades " + id + " " + o.expect().name() + ", a bug of scenario "
                            + scenario + " (a sibling BROKEN or OPEN design's BUG:); it must be FORBIDDEN");
                }
                if (d.expected() != Expected.SAFE && (o.expect() != Expect.ACCEPTABLE_INTERESTING || !o.desc().startsWith(BUG))) {
                    problems.add(c.getName() + ": " + d.expected() + " design grades " + id + " " + o.expect().name()
                            + (o.desc().startsWith(BUG) ? "" : " without BUG:") + ", a bug of scenario " + scenario
                            + "; it must be a BUG: outcome, ACCEPTABLE_INTERESTING, in every BROKEN and OPEN design");
                }
            }
            for (String id : NEVER_ACCEPTABLE) {
                Outcome o = graded.get(id);
                if (o != null && o.expect() != Expect.FORBIDDEN && !bugIds.contains(id)) {
                    problems.add(c.getName() + ": grades " + id + " " + o.expect().name() + "; it must be FORBIDDEN in every design"
                            + (id.equals("HUNG") ? " unless it is the scenario's bug" : ""));
                }
            }
        }
        return problems;
    }

    /** The proof rules with JUnit proofs only ({@link #lintProofs(Collection, Path, Function)} without explore). */
    public static List<String> lintProofs(Collection<Class<?>> tests, Path testSources) {
        return lintProofs(tests, testSources, null);
    }

    /**
     * The proof rules: every bug id of each scenario is named by a JUnit proof of one of its BROKEN or OPEN designs or
     * reached by {@code explored} in one of them, and every BROKEN or OPEN design has a proof of either kind.
     * {@code explored} (null: JUnit proofs only) is asked only about designs that a JUnit proof leaves short: a design
     * with no proof, or one grading a bug id no proof names.
     */
    public static List<String> lintProofs(Collection<Class<?>> tests, Path testSources,
                                          Function<Class<?>, Set<String>> explored) {
        Map<String, Set<String>> bugIdsByTest = new LinkedHashMap<>();
        for (Class<?> c : tests) {
            Design d = c.getDeclaredAnnotation(Design.class);
            if (d != null && d.expected() != Expected.SAFE) {
                Set<String> ids = new LinkedHashSet<>();
                for (Outcome o : outcomes(c)) {
                    if (o.desc().startsWith(BUG)) {
                        ids.addAll(Arrays.asList(o.id()));
                    }
                }
                bugIdsByTest.put(c.getCanonicalName(), ids);
            }
        }
        Map<String, List<ProofScan.Proof>> proofs = ProofScan.scan(testSources, bugIdsByTest);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Class<?>>> s : byScenario(tests).entrySet()) {
            Set<String> proved = new TreeSet<>();
            for (Class<?> c : s.getValue()) {
                if (!bugIdsByTest.containsKey(c.getCanonicalName())) {
                    continue;
                }
                List<ProofScan.Proof> own = proofs.getOrDefault(c.getCanonicalName(), List.of());
                own.forEach(p -> proved.addAll(p.outcomes()));
            }
            Set<String> unproved = new TreeSet<>(bugIds(s.getValue()));
            unproved.removeAll(proved);
            Map<Class<?>, Set<String>> reached = new LinkedHashMap<>();
            Set<String> byExplore = new TreeSet<>();
            for (Class<?> c : s.getValue()) {
                Set<String> ids = bugIdsByTest.get(c.getCanonicalName());
                if (ids == null || explored == null) {
                    continue;
                }
                boolean noJunitProof = proofs.getOrDefault(c.getCanonicalName(), List.of()).isEmpty();
                if (noJunitProof || ids.stream().anyMatch(unproved::contains)) {
                    Set<String> found = new TreeSet<>(explored.apply(c));
                    found.retainAll(ids);
                    reached.put(c, found);
                    byExplore.addAll(found);
                    unproved.removeAll(found);
                }
            }
            for (Class<?> c : s.getValue()) {
                if (bugIdsByTest.containsKey(c.getCanonicalName())
                        && proofs.getOrDefault(c.getCanonicalName(), List.of()).isEmpty()
                        && reached.getOrDefault(c, Set.of()).isEmpty()) {
                    problems.add(c.getName() + ": " + c.getDeclaredAnnotation(Design.class).expected()
                            + " design has no JUnit proof in " + ProofScan.SOURCES + " (a @Test that runs new "
                            + c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName() + "() and names its bug outcome)"
                            + (explored == null ? "" : " and explore at bound " + EXPLORE_BOUND + " reaches none of its bugs"));
                }
            }
            for (Class<?> c : s.getValue()) {
                Unscripted u = c.getDeclaredAnnotation(Unscripted.class);
                if (u == null) {
                    continue;
                }
                if (u.why().isBlank() || !bugIdsByTest.getOrDefault(c.getCanonicalName(), Set.of()).contains(u.outcome())) {
                    problems.add(c.getName() + ": @Unscripted needs a reason and one of the design's bug outcomes, not "
                            + u.outcome());
                } else if (proved.contains(u.outcome())) {
                    problems.add(c.getName() + ": @Unscripted(" + u.outcome() + ") but a JUnit proof names it now: remove"
                            + " the declaration");
                } else if (byExplore.contains(u.outcome())) {
                    problems.add(c.getName() + ": @Unscripted(" + u.outcome() + ") but explore reaches it now: remove"
                            + " the declaration");
                } else {
                    unproved.remove(u.outcome());
                }
            }
            for (String id : unproved) {
                problems.add("scenario " + s.getKey() + ": bug outcome " + id + " is named by no JUnit proof of a BROKEN or"
                        + " OPEN design in " + ProofScan.SOURCES
                        + (explored == null ? "" : " and explore at bound " + EXPLORE_BOUND + " reaches it in none"));
            }
        }
        return problems;
    }

    /** A test class's outcomes in the order JCStress reads them ({@link Outcomes#of}). */
    public static List<Outcome> outcomes(Class<?> c) {
        return Outcomes.of(c);
    }

    /** The ids graded "BUG:" by any BROKEN or OPEN design among {@code designs}. */
    public static Set<String> bugIds(Collection<Class<?>> designs) {
        Set<String> ids = new TreeSet<>();
        for (Class<?> c : designs) {
            Design d = c.getDeclaredAnnotation(Design.class);
            if (d != null && d.expected() != Expected.SAFE) {
                for (Outcome o : outcomes(c)) {
                    if (o.desc().startsWith(BUG)) {
                        ids.addAll(Arrays.asList(o.id()));
                    }
                }
            }
        }
        return ids;
    }

    /** The test classes grouped by their scenario's id. */
    public static Map<String, List<Class<?>>> byScenario(Collection<Class<?>> tests) {
        Map<String, List<Class<?>>> out = new TreeMap<>();
        for (Class<?> c : tests) {
            Scenario s = c.getAnnotation(Scenario.class);
            if (s != null) {
                out.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /** The first outcome grading each id, as JCStress's exact match picks it. */
    private static Map<String, Outcome> byId(Class<?> c) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (Outcome o : outcomes(c)) {
            for (String id : o.id()) {
                out.putIfAbsent(id, o);
            }
        }
        return out;
    }

    static boolean isDefault(Outcome o) {
        return Outcomes.isDefault(o);
    }

    private static Method declared(Class<?> c, Method m) {
        try {
            return c.getDeclaredMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
