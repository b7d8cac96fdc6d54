package org.gupstress.reports.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gupstress.stress.Expected;
import org.gupstress.stress.lint.SuiteLint;

/**
 * The judge's grades: each test's outcomes as its class grades them, made to agree with the design's declared
 * verdict whatever JCStress was told. A grade can only be raised to FORBIDDEN here, never lowered:
 * <ul>
 *   <li>in a SAFE design, every outcome that a sibling BROKEN or OPEN design of the same scenario marks as a bug
 *       ("BUG:"), or that its own description calls a bug, is FORBIDDEN;</li>
 *   <li>{@code UNEXPECTED} is FORBIDDEN in every design, and so is {@code HUNG} unless it is the scenario's bug in a
 *       BROKEN or OPEN design;</li>
 *   <li>an outcome no declaration names (unclassified) is FORBIDDEN ({@link #unclassified}).</li>
 * </ul>
 * The suite lint ({@link SuiteLint}) rejects such a suite before {@code run}; this makes the verdict hold even for
 * results judged without it (a results file re-rendered, a run with the lint skipped).
 */
public final class DeclaredVerdicts {
    /** How a grade the judge raised is described: the class's grade and description follow. */
    public static final String RAISED = "FORBIDDEN by the judge";

    private DeclaredVerdicts() {
    }

    /** The entries with their outcome grades enforced, in the same order. */
    public static List<TestEntry> enforce(List<TestEntry> entries) {
        Map<String, Set<String>> bugIds = new LinkedHashMap<>();
        for (TestEntry e : entries) {
            Set<String> ids = bugIds.computeIfAbsent(e.scenario(), k -> new LinkedHashSet<>());
            if (e.expected() != Expected.SAFE) {
                ids.addAll(e.bugOutcomes());
            }
        }
        List<TestEntry> out = new ArrayList<>();
        for (TestEntry e : entries) {
            Set<String> bugs = bugIds.get(e.scenario());
            List<OutcomeSpec> specs = new ArrayList<>();
            for (OutcomeSpec s : e.outcomes()) {
                specs.add(enforce(e.expected(), s, bugs));
            }
            out.add(new TestEntry(e.name(), e.family(), e.scenario(), e.title(), e.design(), e.expected(), e.source(),
                    e.actors(), List.copyOf(specs), e.knobs(), e.proofs()));
        }
        return out;
    }

    static OutcomeSpec enforce(Expected expected, OutcomeSpec s, Set<String> scenarioBugs) {
        if ("FORBIDDEN".equals(s.grade())) {
            return expected == Expected.SAFE && s.bug() ? new OutcomeSpec(s.id(), s.grade(), s.description(), false) : s;
        }
        String why = null;
        if (expected == Expected.SAFE && (s.bug() || scenarioBugs.contains(s.id()))) {
            why = "a bug of this scenario in a SAFE design";
        } else if (s.id().equals("UNEXPECTED")) {
            why = "UNEXPECTED is forbidden in every design";
        } else if (s.id().equals("HUNG") && !(expected != Expected.SAFE && s.bug())) {
            why = "a hang that is not the scenario's bug";
        }
        if (why == null) {
            return s;
        }
        return new OutcomeSpec(s.id(), "FORBIDDEN", RAISED + " (" + why + "; the test class grades it " + s.grade() + "): "
                + s.description(), false);
    }

    /** An outcome id that a fork saw and no declaration names: FORBIDDEN whatever JCStress's default said. */
    public static OutcomeSpec unclassified(String id, String jcstressGrade, String description) {
        String d = description == null || description.isBlank() ? "Unclassified outcome." : description;
        return new OutcomeSpec(id, "FORBIDDEN", "FORBIDDEN".equals(jcstressGrade) ? d
                : RAISED + " (unclassified; JCStress graded it " + jcstressGrade + "): " + d, false);
    }
}
