/**
 * The gupstress kernel model: the page lifecycle of the Linux kernel (folio, page table, VMA, address_space, inode,
 * storage) in plain Java with real concurrency. {@link org.gupstress.model.mm.World} is one small kernel; the
 * subpackages follow the kernel's subsystems, from the bottom: {@code kernel} (atomics, barriers, locking,
 * scheduling, debug oracles, and {@code kernel.kconfig} for the knobs a design sets), {@code mm}, {@code fs} (the
 * VFS), {@code dax}, the filesystems ({@code fs.ext4}) and {@code drivers}.
 */
package org.gupstress.model;
