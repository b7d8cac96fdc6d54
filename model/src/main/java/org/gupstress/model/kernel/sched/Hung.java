package org.gupstress.model.kernel.sched;

/**
 * Thrown by a model wait that can never end: the world's deadlock detector ({@link Tasks}) found it in a wait-for
 * cycle, among tasks that are all blocked, or with nobody left to wake it, and recorded a DEADLOCK or HUNG
 * violation with the report (the exception's message). It unwinds the operation the way a fatal signal unwinds a
 * killable wait in the kernel ({@code -EINTR}): {@code finally} blocks release what the thread holds, and the actor
 * that started the operation catches it and finishes, so that JCStress (which has no timeout for a blocked actor)
 * never hangs. Unlike {@link Stall}, it is a finding about the model.
 */
public final class Hung extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Hung(String what) {
        super(what);
    }
}
