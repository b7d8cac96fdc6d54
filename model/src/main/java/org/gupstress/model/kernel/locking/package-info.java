/**
 * kernel/locking: spinlock_t and rw_semaphore. Every contended acquisition registers with the world's
 * {@link org.gupstress.model.kernel.sched.Tasks} as blocked on the lock (whose holders it knows), so that a deadlock
 * through it is detected when it closes.
 */
package org.gupstress.model.kernel.locking;
