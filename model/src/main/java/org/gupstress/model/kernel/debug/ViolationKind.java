package org.gupstress.model.kernel.debug;

/**
 * The named violations the model's oracles record. Names are stable: tests, outcomes and reports key on them.
 * Each constant says which kernel failure it stands for.
 */
public enum ViolationKind {
    /** A freed folio, a freed inode, or a storage block that another inode now owns was touched (KASAN). */
    USE_AFTER_FREE,
    /**
     * A ZONE_DEVICE page or its {@code dev_pagemap} was touched after {@code memunmap_pages()} freed the memmap
     * ({@code pageunmap_range()}): KASAN on a freed {@code struct page}. The message says what touched it.
     */
    PGMAP_UAF,
    /**
     * A ZONE_DEVICE page went 0 to 1, or GUP returned it, after {@code memunmap_pages()}'s
     * {@code wait_for_completion()} had returned: the drain was not a drain.
     */
    REF_AFTER_DRAIN,
    /** A reference count went below zero ({@code VM_BUG_ON_FOLIO(folio_ref_count(folio) <= 0)} in the put path). */
    REFCOUNT_UNDERFLOW,
    /** A folio's {@code _mapcount} went below -1: more unmaps than maps ("Bad page map" in the kernel). */
    MAPCOUNT_UNDERFLOW,
    /** FOLL_PIN accounting unbalanced: {@code nr_foll_pin_acquired != nr_foll_pin_released} at quiescence,
     *  or a pin count that does not return to its base. */
    PIN_IMBALANCE,
    /** A WARN the kernel would print; the message is the kernel's. */
    WARN,
    /** A BUG the kernel would hit (a crash); the message is the kernel's. */
    BUG,
    /**
     * A filesystem's own warning message, not a WARN: ext4's {@code ext4_warning_inode()} prints an
     * "EXT4-fs warning" line at KERN_WARNING, with no backtrace and no taint. The message is the filesystem's.
     */
    FS_WARNING,
    /**
     * Truncation removed the entry of a DAX page that something other than its mappings still holds, so its block
     * is about to be freed under that holder. The model's oracle: since Alistair Popple's "fs/dax: properly refcount
     * fs dax pages" (v6.15) the kernel prints nothing here; before it, {@code dax_disassociate_entry()} also WARNed
     * ({@code WARN_ON_ONCE(trunc && page_ref_count(page) > 1)}, d2c997c0f145), recorded as a {@link #WARN} besides.
     */
    BUSY_DAX_TRUNCATE,
    /** A PTE still mapped the folio writable after folio_mkclean() returned, with no write fault since. */
    WRITABLE_AFTER_MKCLEAN,
    /** A page-cache folio became dirty while the filesystem held no block reservation for it: the path to the
     *  ext4 BUG of 2018 (fs/ext4/inode.c, ext4_writepage: page_buffers() on a page without buffers). */
    DIRTY_WITHOUT_RESERVATION,
    /**
     * Tasks wait for each other, detected the moment the wait-for cycle closed (or every live task of the world
     * blocked with no wake-up pending): see {@link org.gupstress.model.kernel.sched.Tasks}.
     */
    DEADLOCK,
    /**
     * A task waits and no task is left that could wake it (every other task has returned, no wake-up pending): a lost
     * wake-up, or a wait on something the waiter holds itself. Detected when the last possible waker returns.
     */
    HUNG
}
