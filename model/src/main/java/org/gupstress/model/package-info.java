/**
 * The gupstress kernel model: the page lifecycle of the Linux kernel (folio, page table, VMA, address_space, inode,
 * storage) in plain Java with real concurrency. {@link org.gupstress.model.mm.World} is one small kernel; the
 * subpackages follow the kernel's subsystems: {@code kernel} (atomics, barriers, locking, scheduling, debug
 * oracles), {@code mm}, {@code fs}, {@code dax}, {@code drivers}, and {@code design} for the knobs a design sets.
 */
package org.gupstress.model;
