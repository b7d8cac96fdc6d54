package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a scenario's grading class: a nested class of the scenario's base holding one {@code @Outcome} per
 * constant of the scenario's outcome enum and the default, graded for every design of one expected verdict. A design
 * takes its grades with {@code @JCStressMeta(Scenario.Safe.class)} (or {@code .Broken}), so the grades of a
 * scenario's SAFE designs are written once, those of its BROKEN designs once, and the suite lint checks that a
 * design's {@link Design#expected()} is the verdict its grading class is for (an OPEN design takes the BROKEN
 * grades: its contested outcomes are graded as bugs).
 *
 * <p>In the SAFE grades, every bug of the scenario is FORBIDDEN with a description of why the design cannot reach
 * it; in the BROKEN grades, it is ACCEPTABLE_INTERESTING with a description starting "BUG:".
 *
 * <p>For a {@link GenerateTests} scenario the annotation processor writes both classes, from the {@link Grade}s of
 * the outcome enum (and a design's own {@link DesignGrade}s, in a class of its own); hand-written ones remain possible
 * for a scenario in the older style (none today), and the processor
 * refuses one in a {@code @GenerateTests} scenario.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VerdictGrades {
    /** The verdict of the designs these grades are for: SAFE or BROKEN. */
    Expected value();
}
