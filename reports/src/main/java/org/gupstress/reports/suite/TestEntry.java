package org.gupstress.reports.suite;

import java.util.List;

import org.gupstress.stress.Expected;

/**
 * One JCStress test of the suite, described by its own declarations ({@code @Scenario} on the scenario's base
 * class, {@code @Design} and {@code @Outcome} on the test class) and by JCStress's {@code META-INF/TestList}.
 *
 * @param name      the test class name, as JCStress names it
 * @param family    race family ("A", "B", "C", "D", "E", "primitives", "litmus")
 * @param scenario  scenario id
 * @param title     scenario title
 * @param design    design name
 * @param expected  expected verdict
 * @param source    where the design comes from
 * @param actors    how many actor threads (hence CPUs) the test needs
 * @param outcomes  the declared outcomes in declaration order (the default outcome is not listed)
 * @param knobs     the design's knob settings away from the merged kernel's defaults, "name=value" in setting order
 *                  ({@link DesignKnobs}); null if they could not be read
 * @param proofs    the JUnit tests that reach this design's bug outcomes ({@link Proofs}): "Class#method"; empty
 *                  when none was found or the sources are not at hand
 */
public record TestEntry(String name, String family, String scenario, String title, String design, Expected expected,
                        String source, int actors, List<OutcomeSpec> outcomes, List<String> knobs, List<String> proofs) {

    public TestEntry {
        proofs = proofs == null ? List.of() : List.copyOf(proofs);
    }

    /** A test whose knobs and proofs are not known. */
    public TestEntry(String name, String family, String scenario, String title, String design, Expected expected,
                     String source, int actors, List<OutcomeSpec> outcomes) {
        this(name, family, scenario, title, design, expected, source, actors, outcomes, null, List.of());
    }

    /** The same test with its JUnit proofs. */
    public TestEntry withProofs(List<String> newProofs) {
        return new TestEntry(name, family, scenario, title, design, expected, source, actors, outcomes, knobs, newProofs);
    }

    /**
     * A {@code --tests} regex that selects exactly this test: its last two name parts, anchored at the end
     * ({@code \.GupFastVsMkclean\.NoBarrier$}).
     */
    public String selector() {
        String[] parts = name.split("\\.");
        String tail = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name;
        return "\\." + tail.replace(".", "\\.") + "$";
    }

    /** The ids of the outcomes whose description starts with "BUG:". */
    public List<String> bugOutcomes() {
        return outcomes.stream().filter(OutcomeSpec::bug).map(OutcomeSpec::id).toList();
    }
}
