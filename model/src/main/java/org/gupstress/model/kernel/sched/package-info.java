/**
 * kernel/sched, kernel/hung_task.c and lockdep's bookkeeping: the world's {@link org.gupstress.model.kernel.sched.Tasks}
 * (which threads run in it, which are blocked on what, who holds what) with its deadlock detector,
 * {@code wait_var_event} / {@code wake_up_var} ({@link org.gupstress.model.kernel.sched.WaitVar}), the last-resort
 * {@link org.gupstress.model.kernel.sched.Watchdog}, and the schedule points at which stress runs widen race windows
 * and JUnit tests script exact interleavings ({@link org.gupstress.model.kernel.sched.Interleaving}).
 */
package org.gupstress.model.kernel.sched;
