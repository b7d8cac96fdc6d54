package org.gupstress.stress.litmus;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.gupstress.stress.Expected;
import org.gupstress.stress.VerdictGrades;
import org.openjdk.jcstress.annotations.Outcome;

/**
 * The two ways a litmus test is graded ({@code @JCStressMeta}). A litmus test is not a design of a scenario: it is
 * the LKMM's verdict on one outcome, so every litmus test is a SAFE "design" named {@code LKMM} whose only
 * FORBIDDEN outcome, if any, is the {@code exists} clause of a "Never" file. A "Sometimes" outcome is allowed and
 * interesting (JCStress highlights it), never a bug: seeing it is a fact about the hardware, and not seeing it
 * (most of them on x86) is no failure.
 */
public final class LitmusGrades {
    private LitmusGrades() {
    }

    /** A "Result: Never" file: the exists clause must never hold. */
    @VerdictGrades(Expected.SAFE)
    @Outcome(id = "NOT_EXISTS", expect = ACCEPTABLE, desc = "The exists clause did not hold.")
    @Outcome(id = "EXISTS", expect = FORBIDDEN, desc = "The exists clause held, which the LKMM forbids (Result: Never).")
    @Outcome(expect = FORBIDDEN, desc = "Unclassified outcome: a bug in the test.")
    public static final class Never {
        private Never() {
        }
    }

    /** A "Result: Sometimes" file: the exists clause may hold. */
    @VerdictGrades(Expected.SAFE)
    @Outcome(id = "NOT_EXISTS", expect = ACCEPTABLE, desc = "The exists clause did not hold.")
    @Outcome(id = "EXISTS", expect = ACCEPTABLE_INTERESTING, desc = "The exists clause held, which the LKMM allows (Result: Sometimes).")
    @Outcome(expect = FORBIDDEN, desc = "Unclassified outcome: a bug in the test.")
    public static final class Sometimes {
        private Sometimes() {
        }
    }
}
