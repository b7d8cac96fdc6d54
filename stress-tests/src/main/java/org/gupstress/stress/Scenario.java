package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a scenario on its abstract base class: the race family, a stable id, a title, and the full outcome
 * set. Inherited, so every concrete design class carries it; the reports and the suite lint read it from there.
 *
 * <p>The base class annotates its actor and arbiter methods with JCStress's {@code @Actor} / {@code @Arbiter}
 * (JCStress ignores them there: it only looks at the concrete class). Every concrete class must re-declare each of
 * them and grade every outcome of {@link #outcomes()}; with {@link GenerateTests} the annotation processor writes the
 * concrete classes, their re-declarations and their grades (from the enum's {@link Grade}s), and the suite lint
 * fails the build if a hand-written class misses one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Scenario {
    /** The race family: "A", "B", "C", "D", "E", "primitives", or "litmus" (translated LKMM litmus tests). */
    String family();

    /** Stable scenario id, e.g. "gup-vs-writeback"; reports and baselines key on it. */
    String id();

    /** One line for reports. */
    String title();

    /** The scenario's full outcome set: an enum whose constant names are the outcome ids. */
    Class<? extends Enum<?>> outcomes();
}
