/**
 * fs/dax.c: the filesystem helpers for FSDAX files: faults (called from a filesystem's DAX {@code vm_ops}), mapping
 * entries, layout breaking, writeback and eviction designs ({@link org.gupstress.model.dax.Dax}), and what a pin of
 * a FSDAX page may hold besides the page ({@link org.gupstress.model.dax.DaxPin}, designs that were never merged).
 * The DAX page's reference count is mm's ({@link org.gupstress.model.mm.DaxPage}). Nothing in mm or the VFS calls
 * this package.
 */
package org.gupstress.model.dax;
