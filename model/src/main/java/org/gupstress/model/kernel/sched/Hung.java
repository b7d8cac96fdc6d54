package org.gupstress.model.kernel.sched;

/**
 * Thrown by a model wait whose deadline expired, after the watchdog recorded a HUNG violation. It unwinds the
 * operation the way a fatal signal unwinds a killable wait in the kernel ({@code -EINTR}): {@code finally}
 * blocks release what the thread holds, and the actor that started the operation catches it and finishes, so
 * that JCStress (which has no timeout for a blocked actor) never hangs.
 */
public final class Hung extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Hung(String what) {
        super(what);
    }
}
