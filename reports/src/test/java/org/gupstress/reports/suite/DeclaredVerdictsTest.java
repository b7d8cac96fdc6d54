package org.gupstress.reports.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gupstress.stress.Expected;
import org.junit.jupiter.api.Test;

/** The judge's grades: raised to FORBIDDEN where the declared verdict demands it, never lowered. */
class DeclaredVerdictsTest {
    static TestEntry entry(String design, Expected expected, OutcomeSpec... outcomes) {
        return new TestEntry("t." + design, "A", "s", "title", design, expected, "src", 2, List.of(outcomes));
    }

    static OutcomeSpec grade(List<TestEntry> entries, String design, String id) {
        return entries.stream().filter(e -> e.design().equals(design)).findFirst().orElseThrow().outcomes().stream()
                .filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aSiblingsBugIsForbiddenInASafeDesignWhateverItsClassSays() {
        List<TestEntry> e = DeclaredVerdicts.enforce(List.of(
                entry("BROKEN", Expected.BROKEN, OutcomeSpec.of("OK", "ACCEPTABLE", "ok"),
                        OutcomeSpec.of("LOST", "ACCEPTABLE_INTERESTING", "BUG: lost")),
                entry("MISGRADED", Expected.SAFE, OutcomeSpec.of("OK", "ACCEPTABLE", "ok"),
                        OutcomeSpec.of("LOST", "ACCEPTABLE", "left acceptable"))));
        OutcomeSpec lost = grade(e, "MISGRADED", "LOST");
        assertEquals("FORBIDDEN", lost.grade());
        assertTrue(lost.description().startsWith("FORBIDDEN by the judge (a bug of this scenario in a SAFE design; the test"
                + " class grades it ACCEPTABLE)"), lost.description());
        assertEquals("ACCEPTABLE_INTERESTING", grade(e, "BROKEN", "LOST").grade(), "the BROKEN design keeps its bug");
        assertEquals("ACCEPTABLE", grade(e, "MISGRADED", "OK").grade(), "never lowered, never raised without cause");
    }

    @Test
    void aSafeDesignsOwnBugIsForbiddenAndNotCountedAsABug() {
        List<TestEntry> e = DeclaredVerdicts.enforce(List.of(entry("SAFE", Expected.SAFE,
                OutcomeSpec.of("LOST", "ACCEPTABLE_INTERESTING", "BUG: lost"))));
        assertEquals("FORBIDDEN", grade(e, "SAFE", "LOST").grade());
        assertFalse(grade(e, "SAFE", "LOST").bug());
    }

    @Test
    void unexpectedIsForbiddenEverywhereAndHungUnlessItIsTheBug() {
        List<TestEntry> e = DeclaredVerdicts.enforce(List.of(
                entry("BROKEN", Expected.BROKEN, OutcomeSpec.of("UNEXPECTED", "ACCEPTABLE", "oops"),
                        OutcomeSpec.of("HUNG", "ACCEPTABLE_INTERESTING", "BUG: lost wake-up")),
                entry("OTHER", Expected.BROKEN, OutcomeSpec.of("HUNG", "ACCEPTABLE_INTERESTING", "a hang, not called a bug"))));
        assertEquals("FORBIDDEN", grade(e, "BROKEN", "UNEXPECTED").grade());
        assertEquals("ACCEPTABLE_INTERESTING", grade(e, "BROKEN", "HUNG").grade());
        assertEquals("FORBIDDEN", grade(e, "OTHER", "HUNG").grade());
    }

    @Test
    void anUnclassifiedOutcomeIsForbiddenWhateverJcstressDefaulted() {
        OutcomeSpec s = DeclaredVerdicts.unclassified("WEIRD", "ACCEPTABLE", "default case");
        assertEquals("FORBIDDEN", s.grade());
        assertTrue(s.description().startsWith("FORBIDDEN by the judge (unclassified; JCStress graded it ACCEPTABLE)"));
    }
}
