package org.gupstress.stress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.Outcome;

/**
 * A test class's outcome grades exactly as JCStress 0.16's annotation processor collects them
 * ({@code JCStressTestProcessor.parseAndValidate}): the {@code @Outcome}s of its {@code @JCStressMeta} class first
 * (a scenario's {@link VerdictGrades} class), then its own; both read with {@code @Outcome}'s inheritance. JCStress
 * grades a result by the first exact match in that order, and by the last default (no id).
 */
public final class Outcomes {
    private Outcomes() {
    }

    /** Every {@code @Outcome} that grades {@code test}, in JCStress's order. */
    public static List<Outcome> of(Class<?> test) {
        List<Outcome> out = new ArrayList<>();
        JCStressMeta meta = test.getAnnotation(JCStressMeta.class);
        if (meta != null) {
            out.addAll(Arrays.asList(meta.value().getAnnotationsByType(Outcome.class)));
        }
        out.addAll(Arrays.asList(test.getAnnotationsByType(Outcome.class)));
        return out;
    }

    /** The default outcome has the default id, {@code { "" }}. */
    public static boolean isDefault(Outcome o) {
        return o.id().length == 0 || (o.id().length == 1 && o.id()[0].isEmpty());
    }
}
