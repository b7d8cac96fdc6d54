package org.gupstress.reports.suite;

import java.util.List;

import org.gupstress.stress.Expected;

/**
 * One JCStress test of the suite, described by its own declarations ({@code @Scenario} on the scenario's base
 * class, {@code @Design} and {@code @Outcome} on the test class) and by JCStress's {@code META-INF/TestList}.
 *
 * @param name      the test class name, as JCStress names it
 * @param family    race family ("A", "B", "C", "E", "primitives")
 * @param scenario  scenario id
 * @param title     scenario title
 * @param design    design name
 * @param expected  expected verdict
 * @param source    where the design comes from
 * @param actors    how many actor threads (hence CPUs) the test needs
 * @param outcomes  the declared outcomes in declaration order (the default outcome is not listed)
 */
public record TestEntry(String name, String family, String scenario, String title, String design, Expected expected,
                        String source, int actors, List<OutcomeSpec> outcomes) {

    /** The ids of the outcomes whose description starts with "BUG:". */
    public List<String> bugOutcomes() {
        return outcomes.stream().filter(OutcomeSpec::bug).map(OutcomeSpec::id).toList();
    }
}
