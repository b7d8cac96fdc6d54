package org.gupstress.stress.litmus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a test of the {@code litmus} family: a translation of one file of the kernel's
 * {@code tools/memory-model/litmus-tests/} or {@code Documentation/litmus-tests/} onto the model's primitives, and the file's verdict. The suite lint
 * ({@code SuiteLint}) checks that the class is graded by {@link LitmusGrades.Never} for "Never" and
 * {@link LitmusGrades.Sometimes} for "Sometimes", and that its {@code @Design} cites the file;
 * {@code LitmusExplorationTest} checks the verdict under the explorer's memory models.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Litmus {
    /** The LKMM's verdict on the {@code exists} clause ("Result:" in the file). */
    enum Result { NEVER, SOMETIMES }

    /** The litmus file's name, e.g. {@code "SB+poonceonces"} (without {@code .litmus}). */
    String value();

    /**
     * The kernel directory that holds the file: {@code tools/memory-model/litmus-tests} (the LKMM's own tests) or one
     * of {@code Documentation/litmus-tests/}'s {@code atomic}, {@code locking}, {@code rcu}.
     */
    String dir() default "tools/memory-model/litmus-tests";

    /** Its verdict. */
    Result result();

    /**
     * For a SOMETIMES test that the explorer's weak memory model cannot reach: which LKMM feature it does not
     * model (see {@code WeakMemory}). Empty when the weak model must reach the outcome.
     */
    String notModelled() default "";
}
