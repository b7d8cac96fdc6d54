package org.gupstress.processor;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes the JCStress tests of every scenario annotated {@code @org.gupstress.stress.GenerateTests}: for the
 * abstract scenario {@code XScenario}, the class {@code X} in the same package with, per nested {@code @Design} class
 * {@code XScenario.D}, a test {@code X.D extends XScenario.D} carrying {@code @JCStressTest}, {@code @State}, the
 * design's own annotations, its constructors, a re-declaration of every {@code @Actor} and {@code @Arbiter} method
 * it inherits (JCStress 0.16's processor reads only the test class's own methods), and {@code @JCStressMeta} of a
 * grading class written from the {@code @Grade} of each constant of the scenario's outcome enum.
 *
 * <p>JCStress's own processor then sees the generated tests in the next round: javac gives every processor the
 * sources generated in a round as the next round's root elements, and {@code JCStressTestProcessor} collects
 * {@code @JCStressTest} classes in every round and writes {@code META-INF/TestList} once, when processing is over.
 *
 * <p>JDK only: the stress-tests annotations are named by their qualified names, so this module needs nothing built
 * before it. What it refuses (a compile error on the element): a hand-written {@code @Outcome},
 * {@code @JCStressMeta}, {@code @JCStressTest} or {@code @State} in an opted-in scenario; an outcome constant without
 * a {@code @Grade}; {@code UNEXPECTED}, {@code HUNG} or {@code MODEL_VIOLATION} graded OK or INTERESTING; a BROKEN
 * or OPEN design in a scenario without a bug; a design class that is not {@code public static abstract}, generic,
 * or not a subclass of its scenario; a {@code @DesignGrade} that is not a per-design exception it may be (see below).
 *
 * <p>A design that carries {@code @org.gupstress.stress.DesignGrade}s (outcomes its purpose grades differently from
 * the enum, such as an expected refusal) gets a grading class of its own, {@code X.<Design>Grades}, for its verdict:
 * the enum's grades with its overrides applied. An override must name a constant of the enum once, change its grade
 * for this design, be OK, INTERESTING or FORBIDDEN, and leave the scenario's bugs and the never-acceptable outcomes
 * alone.
 */
@SupportedAnnotationTypes(DesignTestProcessor.GENERATE_TESTS)
public final class DesignTestProcessor extends AbstractProcessor {
    private static final String STRESS = "org.gupstress.stress.";
    static final String GENERATE_TESTS = STRESS + "GenerateTests";
    private static final String SCENARIO = STRESS + "Scenario";
    private static final String DESIGN = STRESS + "Design";
    private static final String GRADE = STRESS + "Grade";
    private static final String DESIGN_GRADE = STRESS + "DesignGrade";
    private static final String DESIGN_GRADES = DESIGN_GRADE + ".List";
    private static final String VERDICT_GRADES = STRESS + "VerdictGrades";
    private static final String JCSTRESS = "org.openjdk.jcstress.annotations.";
    private static final String ACTOR = JCSTRESS + "Actor";
    private static final String ARBITER = JCSTRESS + "Arbiter";
    /** Annotations that would grade or declare a test by hand: the processor writes them, nobody else. */
    private static final Set<String> WRITTEN_HERE = Set.of(JCSTRESS + "Outcome", JCSTRESS + "Outcome.Outcomes",
            JCSTRESS + "JCStressMeta", JCSTRESS + "JCStressTest", JCSTRESS + "State", VERDICT_GRADES);
    /** Outcomes that are never acceptable: the test's own failure, a hang, a model oracle. */
    private static final Set<String> NEVER_ACCEPTABLE = Set.of("UNEXPECTED", "HUNG", "MODEL_VIOLATION");
    private static final String UNCLASSIFIED = "Unclassified outcome: a bug in the test.";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement marker = processingEnv.getElementUtils().getTypeElement(GENERATE_TESTS);
        if (marker == null) {
            return false;
        }
        for (Element e : round.getElementsAnnotatedWith(marker)) {
            try {
                generate((TypeElement) e);
            } catch (Refused r) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, r.getMessage(), r.element);
            } catch (IOException io) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write the tests of "
                        + e + ": " + io.getMessage(), e);
            }
        }
        return false;
    }

    /** One graded outcome: its id, the JCStress grade in SAFE designs and in BROKEN/OPEN ones, and descriptions. */
    private record Graded(String id, String safeExpect, String safeDesc, String brokenExpect, String brokenDesc) {
        /** The scenario's bug: graded differently in SAFE and BROKEN designs. */
        boolean bug() {
            return !safeExpect.equals(brokenExpect);
        }
    }

    /** One {@code @Outcome} line of a grading class. */
    private record Line(String id, String expect, String desc) {
    }

    private void generate(TypeElement scenario) throws IOException {
        String name = scenario.getSimpleName().toString();
        if (scenario.getNestingKind().isNested() || !name.endsWith("Scenario") || name.equals("Scenario")
                || !scenario.getModifiers().contains(Modifier.ABSTRACT)) {
            throw new Refused(scenario, "@GenerateTests goes on a top-level abstract class named XScenario; its tests"
                    + " are generated as X");
        }
        String testName = name.substring(0, name.length() - "Scenario".length());
        String pkg = processingEnv.getElementUtils().getPackageOf(scenario).getQualifiedName().toString();
        refuseHandWrittenGrades(scenario);

        TypeElement outcomes = outcomeEnum(scenario);
        List<String> narrowed = strings(value(mirror(scenario, GENERATE_TESTS), "bugs"));
        List<Graded> grades = grades(scenario, outcomes, narrowed);
        boolean anyBug = grades.stream().anyMatch(Graded::bug);

        List<TypeElement> designs = new ArrayList<>();
        for (TypeElement d : ElementFilter.typesIn(scenario.getEnclosedElements())) {
            if (mirror(d, DESIGN) != null) {
                designs.add(d);
            }
        }
        if (designs.isEmpty()) {
            throw new Refused(scenario, "a @GenerateTests scenario has no nested @Design class to make tests of");
        }
        boolean anySafe = false;
        boolean anyBroken = false;
        Map<TypeElement, List<Line>> ownGrades = new LinkedHashMap<>();
        for (TypeElement d : designs) {
            boolean safe = verdict(d).equals("SAFE");
            if (!safe && !anyBug) {
                throw new Refused(d, "a " + verdict(d) + " design, but no constant of " + outcomes.getSimpleName()
                        + " is this scenario's BUG: nothing to witness");
            }
            List<AnnotationMirror> overrides = designGrades(d);
            if (!overrides.isEmpty()) {
                ownGrades.put(d, lines(grades, safe, overrides(d, overrides, grades, safe, outcomes)));
            } else if (safe) {
                anySafe = true;
            } else {
                anyBroken = true;
            }
        }

        try (PrintWriter w = new PrintWriter(processingEnv.getFiler()
                .createSourceFile(pkg + "." + testName, scenario).openWriter())) {
            w.println("package " + pkg + ";");
            w.println();
            w.println("/**");
            w.println(" * The JCStress tests of {@link " + name + "}, one per design, graded from the {@code @Grade} of");
            w.println(" * each constant of {@link " + outcomes.getQualifiedName() + "} and the design's expected verdict.");
            w.println(" * Generated by {@code " + getClass().getName() + "}: edit the scenario, not this file.");
            w.println(" */");
            w.println("@javax.annotation.processing.Generated(\"" + getClass().getName() + "\")");
            w.println("public final class " + testName + " {");
            w.println("    private " + testName + "() {");
            w.println("    }");
            if (anySafe) {
                gradingClass(w, "SAFE", "SafeGrades", lines(grades, true, Map.of()),
                        "The grades of every SAFE design of this scenario.");
            }
            if (anyBroken) {
                gradingClass(w, "BROKEN", "BrokenGrades", lines(grades, false, Map.of()),
                        "The grades of every BROKEN and OPEN design of this scenario.");
            }
            for (Map.Entry<TypeElement, List<Line>> o : ownGrades.entrySet()) {
                String simple = o.getKey().getSimpleName().toString();
                gradingClass(w, verdict(o.getKey()).equals("SAFE") ? "SAFE" : "BROKEN", gradesOf(o.getKey()),
                        o.getValue(), "The grades of {@link " + name + "." + simple + "}: those of its verdict, with its"
                                + " @DesignGrade overrides.");
            }
            for (TypeElement d : designs) {
                test(w, testName, d, ownGrades.containsKey(d) ? gradesOf(d)
                        : verdict(d).equals("SAFE") ? "SafeGrades" : "BrokenGrades");
            }
            w.println("}");
        }
    }

    private void refuseHandWrittenGrades(TypeElement type) {
        for (AnnotationMirror m : type.getAnnotationMirrors()) {
            String a = m.getAnnotationType().toString();
            if (WRITTEN_HERE.contains(a)) {
                throw new Refused(type, "@" + a.substring(a.lastIndexOf('.') + 1) + " in a @GenerateTests scenario: its"
                        + " tests and grades are generated from the outcome enum's @Grade and each @Design's verdict");
            }
        }
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            refuseHandWrittenGrades(nested);
        }
    }

    private TypeElement outcomeEnum(TypeElement scenario) {
        for (TypeElement t = scenario; t != null; t = superclass(t)) {
            AnnotationMirror s = mirror(t, SCENARIO);
            if (s != null) {
                TypeElement e = (TypeElement) ((DeclaredType) value(s, "outcomes").getValue()).asElement();
                if (e.getKind() != ElementKind.ENUM) {
                    throw new Refused(scenario, "@Scenario outcomes " + e + " is not an enum");
                }
                return e;
            }
        }
        throw new Refused(scenario, "a @GenerateTests scenario needs @Scenario(outcomes = ...)");
    }

    private List<Graded> grades(TypeElement scenario, TypeElement outcomes, List<String> narrowed) {
        List<Graded> out = new ArrayList<>();
        List<String> bugsSeen = new ArrayList<>();
        for (VariableElement c : ElementFilter.fieldsIn(outcomes.getEnclosedElements())) {
            if (c.getKind() != ElementKind.ENUM_CONSTANT) {
                continue;
            }
            String id = c.getSimpleName().toString();
            AnnotationMirror g = mirror(c, GRADE);
            if (g == null) {
                throw new Refused(c, "outcome " + id + " has no @Grade: every constant of a @GenerateTests scenario's"
                        + " outcome enum says whether it is OK, INTERESTING, BUG or FORBIDDEN (" + scenario + ")");
            }
            String kind = ((VariableElement) value(g, "kind").getValue()).getSimpleName().toString();
            String desc = (String) value(g, "desc").getValue();
            if (desc.isBlank()) {
                throw new Refused(c, "@Grade of " + id + " needs a desc");
            }
            if (NEVER_ACCEPTABLE.contains(id) && (kind.equals("OK") || kind.equals("INTERESTING"))) {
                throw new Refused(c, id + " is never acceptable: grade it FORBIDDEN (or BUG where it is the race's bug)");
            }
            boolean bug = kind.equals("BUG") && (narrowed.isEmpty() || narrowed.contains(id));
            if (kind.equals("BUG")) {
                bugsSeen.add(id);
            }
            String always = expect(kind);
            out.add(new Graded(id, always, desc, bug ? "ACCEPTABLE_INTERESTING" : always,
                    bug ? "BUG: " + decapitalize(desc) : desc));
        }
        for (String n : narrowed) {
            if (!bugsSeen.contains(n)) {
                throw new Refused(scenario, "@GenerateTests(bugs) names " + n + ", not a BUG constant of "
                        + outcomes.getSimpleName());
            }
        }
        return out;
    }

    /** The grading class of a design with its own grades. */
    private static String gradesOf(TypeElement design) {
        return design.getSimpleName() + "Grades";
    }

    /** The {@code @DesignGrade}s on a design, one or several. */
    private List<AnnotationMirror> designGrades(TypeElement d) {
        List<AnnotationMirror> out = new ArrayList<>();
        AnnotationMirror one = mirror(d, DESIGN_GRADE);
        if (one != null) {
            out.add(one);
        }
        AnnotationMirror list = mirror(d, DESIGN_GRADES);
        if (list != null) {
            for (Object o : (List<?>) value(list, "value").getValue()) {
                out.add((AnnotationMirror) ((AnnotationValue) o).getValue());
            }
        }
        return out;
    }

    /** A design's overrides, by id, each checked to be an exception it may make (see the class comment). */
    private Map<String, Line> overrides(TypeElement d, List<AnnotationMirror> mirrors, List<Graded> grades, boolean safe,
                                        TypeElement outcomes) {
        String cls = gradesOf(d);
        if (cls.equals("SafeGrades") || cls.equals("BrokenGrades")) {
            throw new Refused(d, "a design with @DesignGrade is graded by " + cls + ", the name of the scenario's shared"
                    + " grading class: rename the design");
        }
        Map<String, Graded> byId = new LinkedHashMap<>();
        grades.forEach(g -> byId.put(g.id(), g));
        Map<String, Line> out = new LinkedHashMap<>();
        for (AnnotationMirror m : mirrors) {
            String id = (String) value(m, "id").getValue();
            String kind = ((VariableElement) value(m, "kind").getValue()).getSimpleName().toString();
            String desc = (String) value(m, "desc").getValue();
            Graded g = byId.get(id);
            String where = "@DesignGrade(id = \"" + id + "\") on " + d.getSimpleName() + ": ";
            if (g == null) {
                throw new Refused(d, where + "not a constant of " + outcomes.getSimpleName());
            }
            if (out.containsKey(id)) {
                throw new Refused(d, where + "graded twice");
            }
            if (desc.isBlank()) {
                throw new Refused(d, where + "needs a desc");
            }
            if (kind.equals("BUG")) {
                throw new Refused(d, where + "a design cannot make an outcome its scenario's bug; grade it BUG in "
                        + outcomes.getSimpleName());
            }
            if (g.bug()) {
                throw new Refused(d, where + id + " is the scenario's bug: FORBIDDEN in every SAFE design and a"
                        + " witness in every BROKEN one, never overridden");
            }
            if (NEVER_ACCEPTABLE.contains(id) && !kind.equals("FORBIDDEN")) {
                throw new Refused(d, where + id + " is never acceptable");
            }
            String expect = expect(kind);
            if (expect.equals(safe ? g.safeExpect() : g.brokenExpect())) {
                throw new Refused(d, where + outcomes.getSimpleName() + " already grades it " + expect + " in a "
                        + verdict(d) + " design: not an override");
            }
            out.put(id, new Line(id, expect, desc));
        }
        return out;
    }

    private static String expect(String kind) {
        return switch (kind) {
            case "OK" -> "ACCEPTABLE";
            case "INTERESTING" -> "ACCEPTABLE_INTERESTING";
            default -> "FORBIDDEN";
        };
    }

    /** The {@code @Outcome}s of a design of verdict SAFE ({@code safe}) or BROKEN/OPEN, with {@code overrides}. */
    private static List<Line> lines(List<Graded> grades, boolean safe, Map<String, Line> overrides) {
        List<Line> out = new ArrayList<>();
        for (Graded g : grades) {
            Line own = overrides.get(g.id());
            out.add(own != null ? own : safe ? new Line(g.id(), g.safeExpect(), g.safeDesc())
                    : new Line(g.id(), g.brokenExpect(), g.brokenDesc()));
        }
        return out;
    }

    private void gradingClass(PrintWriter w, String verdict, String cls, List<Line> lines, String javadoc) {
        w.println();
        w.println("    /** " + javadoc + " */");
        w.println("    @" + VERDICT_GRADES + "(" + STRESS + "Expected." + verdict + ")");
        for (Line g : lines) {
            w.println("    @" + JCSTRESS + "Outcome(id = " + literal(g.id()) + ", expect = " + JCSTRESS + "Expect."
                    + g.expect() + ", desc = " + literal(g.desc()) + ")");
        }
        w.println("    @" + JCSTRESS + "Outcome(expect = " + JCSTRESS + "Expect.FORBIDDEN, desc = "
                + literal(UNCLASSIFIED) + ")");
        w.println("    static final class " + cls + " {");
        w.println("        private " + cls + "() {");
        w.println("        }");
        w.println("    }");
    }

    private void test(PrintWriter w, String testName, TypeElement d, String gradingClass) {
        TypeElement scenario = (TypeElement) d.getEnclosingElement();
        Set<Modifier> mods = d.getModifiers();
        if (!mods.contains(Modifier.PUBLIC) || !mods.contains(Modifier.STATIC) || !mods.contains(Modifier.ABSTRACT)
                || !d.getTypeParameters().isEmpty()) {
            throw new Refused(d, "a design class of a @GenerateTests scenario is public static abstract and not"
                    + " generic; its test " + testName + "." + d.getSimpleName() + " is generated");
        }
        if (!processingEnv.getTypeUtils().isSubtype(d.asType(), processingEnv.getTypeUtils().erasure(scenario.asType()))) {
            throw new Refused(d, "a design class must extend its scenario " + scenario.getSimpleName());
        }
        String simple = d.getSimpleName().toString();
        w.println();
        w.println("    /** {@link " + scenario.getSimpleName() + "." + simple + "} as a JCStress test. */");
        w.println("    @" + JCSTRESS + "JCStressTest");
        w.println("    @" + JCSTRESS + "State");
        for (AnnotationMirror m : d.getAnnotationMirrors()) {
            w.println("    " + annotation(m));
        }
        w.println("    @" + JCSTRESS + "JCStressMeta(" + testName + "." + gradingClass + ".class)");
        w.println("    public static class " + simple + " extends " + scenario.getSimpleName() + "." + simple + " {");
        for (ExecutableElement c : ElementFilter.constructorsIn(d.getEnclosedElements())) {
            if (c.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            w.println("        " + access(c) + simple + "(" + parameters(c) + ")" + throwsClause(c) + " {");
            w.println("            super(" + arguments(c) + ");");
            w.println("        }");
            w.println();
        }
        boolean first = true;
        for (ExecutableElement m : actorsAndArbiter(d)) {
            String a = mirror(m, ACTOR) != null ? ACTOR : ARBITER;
            if (!first) {
                w.println();
            }
            first = false;
            w.println("        @Override");
            w.println("        @" + a);
            w.println("        " + access(m) + m.getReturnType() + " " + m.getSimpleName() + "(" + parameters(m) + ")"
                    + throwsClause(m) + " {");
            w.println("            " + (m.getReturnType().getKind() == TypeKind.VOID ? "" : "return ") + "super."
                    + m.getSimpleName() + "(" + arguments(m) + ");");
            w.println("        }");
        }
        w.println("    }");
    }

    /** Every {@code @Actor} and {@code @Arbiter} method the design has, in declaration order from the top class down. */
    private List<ExecutableElement> actorsAndArbiter(TypeElement d) {
        List<TypeElement> chain = new ArrayList<>();
        for (TypeElement t = d; t != null; t = superclass(t)) {
            chain.add(0, t);
        }
        Map<String, ExecutableElement> out = new LinkedHashMap<>();
        for (TypeElement t : chain) {
            for (ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
                String key = m.getSimpleName() + "(" + parameters(m) + ")";
                if (mirror(m, ACTOR) != null || mirror(m, ARBITER) != null) {
                    if (m.getModifiers().contains(Modifier.PRIVATE) || m.getModifiers().contains(Modifier.STATIC)
                            || m.getModifiers().contains(Modifier.FINAL)) {
                        throw new Refused(m, "an @Actor or @Arbiter of a @GenerateTests scenario is an overridable"
                                + " instance method: its test re-declares it");
                    }
                    out.put(key, m); // an override keeps the place of the method it overrides
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private String verdict(TypeElement design) {
        return ((VariableElement) value(mirror(design, DESIGN), "expected").getValue()).getSimpleName().toString();
    }

    private TypeElement superclass(TypeElement t) {
        TypeMirror s = t.getSuperclass();
        return s.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) s).asElement() : null;
    }

    private static AnnotationMirror mirror(Element e, String type) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (m.getAnnotationType().toString().equals(type)) {
                return m;
            }
        }
        return null;
    }

    /** An element's value, its default if not given; null if {@code m} is null. */
    private AnnotationValue value(AnnotationMirror m, String element) {
        if (m == null) {
            return null;
        }
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : processingEnv.getElementUtils().getElementValuesWithDefaults(m).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(element)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("@" + m.getAnnotationType() + " has no element " + element);
    }

    private static List<String> strings(AnnotationValue v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (Object o : (List<?>) v.getValue()) {
                out.add((String) ((AnnotationValue) o).getValue());
            }
        }
        return out;
    }

    /** An annotation mirror as source: the values given explicitly, each written as a literal. */
    private static String annotation(AnnotationMirror m) {
        StringJoiner args = new StringJoiner(", ", "(", ")").setEmptyValue("");
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : m.getElementValues().entrySet()) {
            args.add(e.getKey().getSimpleName() + " = " + source(e.getValue()));
        }
        return "@" + m.getAnnotationType() + args;
    }

    private static String source(AnnotationValue v) {
        Object o = v.getValue();
        if (o instanceof String s) {
            return literal(s);
        } else if (o instanceof VariableElement c) {
            return ((TypeElement) c.getEnclosingElement()).getQualifiedName() + "." + c.getSimpleName();
        } else if (o instanceof TypeMirror t) {
            return t + ".class";
        } else if (o instanceof AnnotationMirror a) {
            return annotation(a);
        } else if (o instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            l.forEach(x -> j.add(source((AnnotationValue) x)));
            return j.toString();
        } else if (o instanceof Character c) {
            return "'" + escape(String.valueOf(c)) + "'";
        } else if (o instanceof Long x) {
            return x + "L";
        } else if (o instanceof Float x) {
            return x + "f";
        }
        return String.valueOf(o);
    }

    private static String literal(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** "Pin held" reads "BUG: pin held"; "GUP-fast pinned" stays as it is. */
    private static String decapitalize(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }

    private static String access(Element e) {
        Set<Modifier> m = e.getModifiers();
        return m.contains(Modifier.PUBLIC) ? "public " : m.contains(Modifier.PROTECTED) ? "protected " : "";
    }

    private static String parameters(ExecutableElement m) {
        StringJoiner j = new StringJoiner(", ");
        List<? extends VariableElement> ps = m.getParameters();
        for (int i = 0; i < ps.size(); i++) {
            TypeMirror t = ps.get(i).asType();
            String type = m.isVarArgs() && i == ps.size() - 1
                    ? ((ArrayType) t).getComponentType() + "..." : t.toString();
            j.add(type + " " + ps.get(i).getSimpleName());
        }
        return j.toString();
    }

    private static String arguments(ExecutableElement m) {
        StringJoiner j = new StringJoiner(", ");
        m.getParameters().forEach(p -> j.add(p.getSimpleName()));
        return j.toString();
    }

    private static String throwsClause(ExecutableElement m) {
        if (m.getThrownTypes().isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner(", ", " throws ", "");
        m.getThrownTypes().forEach(t -> j.add(t.toString()));
        return j.toString();
    }

    /** A refusal, reported as a compile error on the element at fault. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Element element;

        Refused(Element element, String message) {
            super(message);
            this.element = element;
        }
    }
}
