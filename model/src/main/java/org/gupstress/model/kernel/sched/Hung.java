package org.gupstress.model.kernel.sched;

/**
 * Thrown by a model wait that can never end: the world's deadlock detector ({@link Tasks}) found it in a wait-for
 * cycle, among tasks that are all blocked, or with nobody left to wake it, and recorded a DEADLOCK or HUNG
 * violation with the report (the exception's message). It unwinds the operation the way a fatal signal unwinds a
 * killable wait in the kernel ({@code -EINTR}): {@code finally} blocks release what the thread holds, and the actor
 * that started the operation catches it and finishes, so that JCStress (which has no timeout for a blocked actor)
 * never hangs. Unlike {@link Stall}, it is a finding about the model.
 *
 * <p>It carries no stack trace: it is control flow, thrown in a large share of the samples of a design that
 * deadlocks (about half of them in {@code ReclaimVsPin.BreakLayoutFinalEvictable}), where a trace of the actor's
 * dozens of frames is work no one reads (in one five-test run the saving was within the run-to-run spread: such a
 * sample's cost is the blocked thread's sleep and wake-up). Where it was thrown is not news: the message names the
 * wait, the tasks in the cycle and the locks they hold (the report the violation recorded).
 */
public final class Hung extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Hung(String what) {
        super(what, null, false, false);
    }
}
