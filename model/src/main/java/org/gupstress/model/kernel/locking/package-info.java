/** kernel/locking: spinlock_t and rw_semaphore, every acquisition bounded by the world's watchdog deadline. */
package org.gupstress.model.kernel.locking;
