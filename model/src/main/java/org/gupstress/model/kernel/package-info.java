/**
 * The primitives layer (include/asm-generic/barrier.h, include/linux/atomic.h, bitops.h): how the kernel's memory
 * accesses map onto Java access modes.
 *
 * <table>
 *   <caption>Kernel primitive to Java</caption>
 *   <tr><th>kernel</th><th>model</th></tr>
 *   <tr><td>READ_ONCE / WRITE_ONCE</td><td>{@code VarHandle} opaque ({@link org.gupstress.model.kernel.Word})</td></tr>
 *   <tr><td>smp_load_acquire / smp_store_release</td><td>getAcquire / setRelease</td></tr>
 *   <tr><td>void atomics (atomic_inc, set_bit)</td><td>{@link org.gupstress.model.kernel.Atomic}: atomic, no barrier after the store</td></tr>
 *   <tr><td>value-returning atomics (atomic_dec_and_test, cmpxchg)</td><td>{@link org.gupstress.model.kernel.Atomic}: fully ordered</td></tr>
 *   <tr><td>smp_mb, smp_mb__after_atomic</td><td>{@link org.gupstress.model.kernel.Barriers} at a named
 *       {@link org.gupstress.model.kernel.BarrierSite}; a design weakens one site</td></tr>
 * </table>
 */
package org.gupstress.model.kernel;
