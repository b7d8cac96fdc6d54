package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One outcome that a design grades differently from its scenario's outcome enum, on the design's class: the
 * small, explicit exception to "an outcome's grade follows from its {@link Grade} and the design's verdict" for a
 * design whose purpose changes what an outcome means. GupVsWriteback's LONGTERM_REFUSED is the case: its GUP is
 * meant to be refused, so PIN_REFUSED, FORBIDDEN in every other design (a short-term pin cannot be refused there),
 * is its expected outcome, and STILL_DIRTY and PERSISTED, harmless elsewhere, mean the refusal failed.
 *
 * <p>What an override may do, enforced by the annotation processor (a compile error on the design) and by the suite
 * lint: name a constant of the scenario's outcome enum, once per design; change that outcome's grade for this design
 * (an override that gives the grade the enum already gives is refused); be of kind OK, INTERESTING or FORBIDDEN,
 * never BUG; and never touch the scenario's bug outcomes (a SAFE design cannot accept a bug, a BROKEN one cannot
 * forbid it) nor make {@code UNEXPECTED}, {@code HUNG} or {@code MODEL_VIOLATION} acceptable. The processor grades
 * such a design with a grading class of its own ({@code X.DesignGrades}), the enum's grades with these applied.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(DesignGrade.List.class)
public @interface DesignGrade {
    /** The outcome id: a constant of the scenario's outcome enum. */
    String id();

    /** What the outcome is in this design: OK, INTERESTING or FORBIDDEN. */
    Grade.Kind kind();

    /** One line: what the outcome means in this design. */
    String desc();

    /** The container of several {@link DesignGrade}s on one design. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        DesignGrade[] value();
    }
}
