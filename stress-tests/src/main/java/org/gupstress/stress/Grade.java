package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.openjdk.jcstress.annotations.Expect;

/**
 * The grade of one outcome, on its constant in a scenario's outcome enum: the one source of the {@code @Outcome}
 * grades of every design of a {@link GenerateTests} scenario. What a design is graded follows from the kind and the
 * design's {@link Design#expected()}, so a SAFE design cannot accept its scenario's bug and a BROKEN one cannot
 * forbid it:
 * <ul>
 *   <li>{@link Kind#OK}: ACCEPTABLE in every design;</li>
 *   <li>{@link Kind#INTERESTING}: ACCEPTABLE_INTERESTING in every design (harmless, worth counting);</li>
 *   <li>{@link Kind#BUG}: the race's bug. FORBIDDEN in SAFE designs (described by {@link #desc()}),
 *       ACCEPTABLE_INTERESTING in BROKEN and OPEN ones, described "BUG: " + {@link #desc()};</li>
 *   <li>{@link Kind#FORBIDDEN}: FORBIDDEN in every design (a bug of the model or test, or a bug no design here
 *       may show). {@code UNEXPECTED}, {@code HUNG} and {@code MODEL_VIOLATION} must be FORBIDDEN or BUG, and an
 *       outcome the enum does not name is FORBIDDEN always.</li>
 * </ul>
 * The annotation processor {@code org.gupstress.processor.DesignTestProcessor} writes these grades; the suite lint
 * checks every test of a scenario whose enum carries them against {@link Kind#expect}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Grade {
    /** What the outcome is. */
    Kind kind();

    /** One line, a sentence: what happened (for a BUG, written so that it reads after "BUG: " too). */
    String desc();

    /** What an outcome is, whatever the design. */
    enum Kind {
        OK, INTERESTING, BUG, FORBIDDEN;

        /** The grade of an outcome of this kind in a design expected {@code verdict}; {@code bug}: it is this
         *  scenario's bug (a BUG outcome a scenario leaves out of {@link GenerateTests#bugs()} is FORBIDDEN). */
        public Expect expect(Expected verdict, boolean bug) {
            switch (this) {
                case OK:
                    return Expect.ACCEPTABLE;
                case INTERESTING:
                    return Expect.ACCEPTABLE_INTERESTING;
                case BUG:
                    return bug && verdict != Expected.SAFE ? Expect.ACCEPTABLE_INTERESTING : Expect.FORBIDDEN;
                default:
                    return Expect.FORBIDDEN;
            }
        }
    }
}
