package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a scenario's abstract base class {@code XScenario}: generate its JCStress tests. The annotation processor
 * {@code org.gupstress.processor.DesignTestProcessor} (module {@code processor}, run when stress-tests compiles)
 * writes the class {@code X} next to it, with for each nested {@link Design} class {@code XScenario.D} a test
 * {@code X.D extends XScenario.D} carrying {@code @JCStressTest}, {@code @State}, the design's annotations, the
 * re-declaration of every {@code @Actor} and {@code @Arbiter} (JCStress 0.16 reads only a test class's own methods),
 * its constructors, and {@code @JCStressMeta} of a grading class derived from the {@link Grade}s of the scenario's
 * outcome enum and the design's expected verdict. No grade is written by hand, so none can be wrong: the processor
 * refuses an {@code @Outcome}, {@code @JCStressMeta}, {@code @JCStressTest} or {@code @State} anywhere in the
 * scenario, an enum constant without a {@link Grade}, and a BROKEN design in a scenario without a bug.
 *
 * <p>A design class is {@code public static abstract}, extends the scenario, and keeps its Javadoc, constructors and
 * overrides; the test's name {@code X.D} is what reports, baselines and {@code --tests} use.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GenerateTests {
    /**
     * This scenario's bugs when they are fewer than the outcome enum's {@link Grade.Kind#BUG} constants (an enum
     * shared with a scenario where another bug is reachable); a BUG constant not named here is FORBIDDEN in every
     * design of this scenario. Empty: every BUG constant.
     */
    String[] bugs() default {};
}
