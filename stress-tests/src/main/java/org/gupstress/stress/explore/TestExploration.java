package org.gupstress.stress.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Trace;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.InitialState;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.explore.JcstressSubject.Grade;

/**
 * The exploration of one JCStress test class and the verdict it supports:
 * <ul>
 *   <li>FAIL: a FORBIDDEN outcome was reached (for a SAFE design: the design is wrong, or the model is);</li>
 *   <li>PASS: a BROKEN design's bug outcome was reached; a SAFE design reached no forbidden outcome within the
 *       bound; an OPEN design ran (the reason says which contested outcomes it reached);</li>
 *   <li>UNWITNESSED: a BROKEN design's bug was not reached within the bound and budget;</li>
 *   <li>ERROR: a run stalled, or an actor threw something other than {@code Hung}.</li>
 * </ul>
 * Every BUG or FORBIDDEN outcome comes with the shortest schedule found, as a timeline and an {@code Interleaving}
 * script ({@link #script(String)}).
 *
 * @param test        the test class's canonical name
 * @param family      its scenario's family
 * @param scenario    its scenario id
 * @param design      its design
 * @param expected    its expected verdict
 * @param threads     its actors, in the explorer's order
 * @param verdict     PASS, FAIL, UNWITNESSED or ERROR
 * @param reason      one line for the report
 * @param exploration what the search did
 * @param grades      every reached outcome's grade (OK, BUG, FORBIDDEN)
 */
public record TestExploration(String test, String family, String scenario, String design, Expected expected,
                              List<String> threads, String verdict, String reason, Exploration exploration,
                              Map<String, Grade> grades) {

    /** Judges {@code e}, the exploration of {@code subject}. */
    static TestExploration judge(JcstressSubject subject, Exploration e) {
        Class<?> c = subject.testClass();
        Scenario s = c.getAnnotation(Scenario.class);
        Design d = c.getAnnotation(Design.class);
        Map<String, Grade> grades = new LinkedHashMap<>();
        e.histogram().keySet().forEach(o -> grades.put(o, o.startsWith("EXCEPTION: ") ? Grade.FORBIDDEN : subject.grade(o)));
        List<String> forbidden = new ArrayList<>();
        List<String> bugs = new ArrayList<>();
        grades.forEach((o, g) -> {
            if (g == Grade.FORBIDDEN) {
                forbidden.add(o);
            } else if (g == Grade.BUG) {
                bugs.add(o);
            }
        });
        String within = within(e);
        String verdict;
        String reason;
        boolean exception = forbidden.stream().anyMatch(o -> o.startsWith("EXCEPTION: "));
        if (e.error() != null || exception) {
            verdict = "ERROR";
            reason = e.error() != null ? e.error().lines().findFirst().orElse("") : "an actor threw: " + forbidden;
        } else if (!forbidden.isEmpty()) {
            verdict = "FAIL";
            reason = "forbidden outcome " + String.join(", ", forbidden) + " reached " + within;
        } else if (d.expected() == Expected.BROKEN) {
            verdict = bugs.isEmpty() ? "UNWITNESSED" : "PASS";
            reason = bugs.isEmpty() ? "no bug outcome " + within
                    : "bug " + String.join(", ", bugs) + " reached at schedule " + e.firstBug() + " " + within;
        } else if (d.expected() == Expected.OPEN) {
            verdict = "PASS";
            reason = (bugs.isEmpty() ? "no contested outcome " : "contested outcome " + String.join(", ", bugs)
                    + " reached ") + within;
        } else {
            verdict = "PASS";
            reason = "no forbidden outcome " + within;
        }
        return new TestExploration(c.getCanonicalName(), s.family(), s.id(), d.value(), d.expected(),
                subject.threadNames(), verdict, reason, e, Map.copyOf(grades));
    }

    /** "within 2 preemptions (1234 schedules)", "in all 96 schedules", or what stopped the search. */
    private static String within(Exploration e) {
        if (e.strategy().equals("pct")) {
            return "in " + e.schedules() + " PCT schedules of depth " + e.boundReached() + " (not exhaustive)";
        }
        if (e.complete()) {
            return "in all " + e.schedulesAtBound() + " schedules (complete: no bound was needed)";
        }
        if (e.exhausted()) {
            return "within " + e.boundReached() + " preemption" + (e.boundReached() == 1 ? "" : "s") + " ("
                    + e.schedulesAtBound() + " schedules, exhaustive)";
        }
        return "in " + e.schedules() + " schedules; bound " + e.boundReached() + " not exhausted (budget)";
    }

    /** The outcomes graded BUG or FORBIDDEN that were reached, each with its shortest trace. */
    public Map<String, Trace> bugTraces() {
        Map<String, Trace> out = new LinkedHashMap<>();
        grades.forEach((o, g) -> {
            if (g != Grade.OK && exploration.traces().containsKey(o)) {
                out.put(o, exploration.traces().get(o));
            }
        });
        return out;
    }

    private Class<?> testClass() {
        int dot = test.lastIndexOf('.');
        try {
            return Class.forName(test.substring(0, dot) + "$" + test.substring(dot + 1));
        } catch (ClassNotFoundException nested) {
            try {
                return Class.forName(test); // a top-level test class (the litmus family)
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** True for FAIL, UNWITNESSED and ERROR. */
    public boolean failed() {
        return !verdict.equals("PASS");
    }

    /**
     * The paste-ready JUnit body that reproduces the shortest schedule to {@code outcome}: it builds the test class,
     * runs its actors under {@code Interleaving.inEveryWorld()} step by step, and checks the arbiter's outcome.
     * Needs {@code import org.gupstress.model.kernel.sched.Interleaving;} (under a memory model other than TSO also
     * {@code org.gupstress.model.kernel.sched.MemoryModel}), {@code org.openjdk.jcstress.infra.results.L_Result}
     * and {@code static org.junit.jupiter.api.Assertions.assertEquals}.
     */
    public String script(String outcome) {
        Trace t = exploration.traces().get(outcome);
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(test).append(": ").append(outcome).append(", explored schedule ").append(t.schedule())
                .append(" (").append(t.steps().size()).append(" steps, ").append(t.preemptions()).append(" preemptions)\n");
        if (InitialState.count(testClass()) > 1) {
            sb.append(test).append(" s = InitialState.with(").append(t.state()).append(", ").append(test)
                    .append("::new);\n");
        } else {
            sb.append(test).append(" s = new ").append(test).append("();\n");
        }
        sb.append(t.scriptStart()).append('\n');
        for (String th : threads) {
            sb.append("        .thread(\"").append(th).append("\", s::").append(th).append(")\n");
        }
        for (String step : t.scriptSteps()) {
            sb.append("        ").append(step).append('\n');
        }
        sb.append("        .run();\n");
        sb.append("L_Result r = new L_Result();\n");
        sb.append("s.arbiter(r);\n");
        sb.append("assertEquals(\"").append(outcome).append("\", String.valueOf(r.r1));\n");
        return sb.toString();
    }
}
