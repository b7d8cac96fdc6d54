package org.gupstress.stress;

import java.util.concurrent.atomic.AtomicBoolean;

import org.gupstress.model.mm.World;

/**
 * What an arbiter does with a sample that ended in something its race cannot produce (a violation of another kind,
 * a detected deadlock or hang): it grades it as the scenario's FORBIDDEN {@code UNEXPECTED} outcome and prints the world's
 * violations once per fork, so that the JCStress report's "VM output" says what went wrong.
 */
public final class Unexpected {
    private static final AtomicBoolean PRINTED = new AtomicBoolean();

    private Unexpected() {
    }

    public static void print(Class<?> test, World world, String why) {
        if (PRINTED.compareAndSet(false, true)) {
            System.out.println("gupstress.unexpected " + test.getSimpleName() + ": " + why + "; " + world.sanitizer());
        }
    }
}
