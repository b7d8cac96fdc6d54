package org.gupstress.reports.suite;

import org.gupstress.stress.Expected;

/**
 * One JCStress test of the suite, described by its own declarations ({@code @Scenario} on the scenario's base
 * class, {@code @Design} on the test class) and by JCStress's {@code META-INF/TestList} (its actors).
 *
 * @param name      the test class name, as JCStress names it
 * @param family    race family ("A", "B", "C", "primitives")
 * @param scenario  scenario id
 * @param title     scenario title
 * @param design    design name
 * @param expected  expected verdict
 * @param source    where the design comes from
 * @param actors    how many actor threads (hence CPUs) the test needs
 */
public record TestEntry(String name, String family, String scenario, String title, String design, Expected expected,
                        String source, int actors) {
}
