package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a BROKEN design: a bug outcome that JCStress reached and no JUnit script can reach yet, with the reason (the
 * model has no schedule point inside the window, so neither an {@code Interleaving} nor {@code explore} can stop a
 * thread there). The suite lint accepts the outcome without a proof only with this declaration, and fails if a
 * proof appears (then remove it). A gap to close, not a grade: the outcome stays a bug.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Unscripted {
    /** The bug outcome id. */
    String outcome();

    /** Why no script reaches it, and what would make one possible. */
    String why();
}
