/**
 * mm/: folios and their reference counts, page tables, VMAs, GUP and FOLL_PIN ({@link org.gupstress.model.mm.Gup}),
 * the reverse map ({@link org.gupstress.model.mm.Rmap}), faults and zap ({@link org.gupstress.model.mm.Memory}),
 * mmap/munmap, the page cache ({@link org.gupstress.model.mm.Filemap}), writeback
 * ({@link org.gupstress.model.mm.PageWriteback}) and truncation ({@link org.gupstress.model.mm.Truncate}).
 * Addresses are virtual page numbers.
 */
package org.gupstress.model.mm;
