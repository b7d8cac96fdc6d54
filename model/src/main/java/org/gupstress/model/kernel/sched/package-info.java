/**
 * kernel/sched and kernel/hung_task.c: {@code wait_var_event} / {@code wake_up_var}
 * ({@link org.gupstress.model.kernel.sched.WaitVar}), the hung-task {@link org.gupstress.model.kernel.sched.Watchdog},
 * and the schedule points at which stress runs widen race windows and JUnit tests script exact interleavings
 * ({@link org.gupstress.model.kernel.sched.Interleaving}).
 */
package org.gupstress.model.kernel.sched;
