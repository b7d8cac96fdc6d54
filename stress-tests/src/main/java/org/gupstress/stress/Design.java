package org.gupstress.stress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a concrete {@code @JCStressTest} class, which design it runs and what that design is expected to
 * do in this scenario. The single source of this metadata: {@code gupstress list} and the reports read it from
 * here. Not inherited: each concrete class must state its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Design {
    /** Stable design name, e.g. "FOLL_PIN_MERGED". */
    String value();

    /** The expected verdict in this scenario. */
    Expected expected();

    /** Where the design comes from: a seed file and message, a commit id, a document. */
    String source();
}
