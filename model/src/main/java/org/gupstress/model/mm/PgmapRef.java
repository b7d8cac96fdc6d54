package org.gupstress.model.mm;

/**
 * Who holds a reference on a ZONE_DEVICE page's {@code dev_pagemap}, and what {@code memunmap_pages()} waits for:
 * the designs of seed 000 and of the kernel's eras (reference: kernel-protocols-2.md section 1). The world's config
 * chooses one, once ({@link Memremap#PGMAP_REF}); each site of the model asks the choice one question (the getters
 * below), so a design is one named choice, never a copied operation.
 *
 * <p>All designs share the driver's removal protocol of {@code kill_dax()} (clear the alive flag, wait for the
 * read-side sections of faults) and the GUP-fast protocol (read the PTE, grab the page, re-check the PTE, with
 * interrupts off so that the unmapper's TLB flush waits for it).
 *
 * <p>Not modelled, on purpose:
 * <ul>
 *   <li>the 1-based FS_DAX idle count of v5.18-v6.0 ({@code __put_devmap_managed_page()}:
 *       {@code page_ref_dec_return(page) == 1} wakes the waiter; {@code free_zone_device_page()} resets the count to
 *       1; torvalds/linux mm/memremap.c @8bb5e7f4). ZONE_DEVICE pages idle at 0 in every design here: in that era a
 *       page reference holds no pgmap reference, so where the count idles changes no outcome of this family (the
 *       unpin touches the freed {@code struct page} either way); GUP takes that era's reference with a plain
 *       increment, as the 1-based count let it ({@link DeviceMapping#gupFast});</li>
 *   <li>Dan's v3 double or missed get: {@code pgmap_request_folios()} reads {@code folio_ref_count()} after its
 *       {@code folio_ref_inc()} and could see a reference taken in between; every other reference here comes
 *       through the PTE, which the request publishes only after that read (a pfn walker would need modelling). The
 *       lost put ({@link #PER_PAGE_TRANSITION_RACY}) is the bug this design is run for;</li>
 *   <li>device-dax long-term pins ("-&gt;remove() will hang unless / until the longterm pin is dropped", Dan
 *       Williams 2021): a pin held across the removal is a legitimate reference; the removal's wait for it is the
 *       price the safe designs pay, not UNMAP_HUNG.</li>
 * </ul>
 */
public enum PgmapRef {
    /**
     * v5.18-v6.0, 27674ef6c73f "mm: remove the extra ZONE_DEVICE struct page refcount": the pgmap holds one bulk
     * reference per page from {@code memremap_pages()}, dropped all at once by {@code memunmap_pages()}; a page
     * reference holds no pgmap reference; GUP takes {@code get_dev_pagemap()} only for the walk; a PTE maps an FSDAX
     * page without a page reference. Reference: BROKEN ("memunmap_pages() can complete even though pages are still
     * mapped by the kernel", 0dc45ca1ce18).
     */
    NO_PGMAP_REF(true, Transition.NONE, false, true, false, Sweep.NONE, Inode.NONE),
    /**
     * 0dc45ca1ce18 "mm/memremap.c: take a pgmap reference on page allocation" (v6.1; device-private and coherent
     * pages today; 71389703839e's single init reference before v5.18; Jason's option A in seed 000): the page's
     * first reference takes a pgmap reference ({@code zone_device_page_init}: {@code percpu_ref_tryget_live}), its
     * last put drops it ({@code free_zone_device_folio}); no bulk references. Reference: SAFE.
     */
    PER_PAGE_TRANSITION(false, Transition.TRYGET_LIVE, false, true, true, Sweep.NONE, Inode.NONE),
    /**
     * Dan Williams' v3 {@code pgmap_request_folios()} / {@code pgmap_release_folios()} (Oct 2022, 10/25):
     * {@code folio_ref_inc(); if (folio_ref_count(folio) == 1) get} and
     * {@code folio_put(); if (!folio_ref_count(folio)) put_dev_pagemap()}: test-then-act on a count that a transient
     * reference moves in between. Jason Gunthorpe &lt;Y02v7/FIh6K2JlHm&gt;: "we have now lost the
     * put_dev_pagemap()". Reference: BROKEN (UNMAP_HUNG).
     */
    PER_PAGE_TRANSITION_RACY(false, Transition.TEST_THEN_ACT, false, true, true, Sweep.NONE, Inode.NONE),
    /**
     * Dan Williams v1/v2, "Fix the DAX-gup mistake" 10/18 and 18/18 (seed 000): {@code dax_associate_entry()} takes
     * the pgmap reference and a page reference, {@code dax_disassociate_entry()} drops it at truncate; GUP takes
     * none. Jason &lt;Yxc9cTvcyjCt5NXS&gt;: "once we put the pte we can have the refcount elevated by anything ...
     * what prevents the above from UAFing?". Reference: BROKEN (PGMAP_UAF).
     */
    PER_ENTRY(true, Transition.NONE, true, false, true, Sweep.NONE, Inode.NONE),
    /**
     * Seed 000's {@code pgmap_folio_get()} in common pgmap code (Jason: "intrinsic property of pgmap"; Jason
     * &lt;YyuLLsindwo0prz4&gt;: an "is pgmap alive" flag read at each 0 to 1): inside the read-side section, check
     * the alive flag, then take a pgmap reference with a plain {@code percpu_ref_get()}; the last put drops it.
     * Removal clears the flag and waits for the sections ({@code kill_dax()}'s SRCU) before it kills the ref.
     * Reference: SAFE.
     */
    INTRINSIC_PGMAP_FOLIO_GET(true, Transition.ALIVE_FLAG_INSIDE, false, false, true, Sweep.NONE, Inode.NONE),
    /** As {@link #INTRINSIC_PGMAP_FOLIO_GET} with the alive check made before entering the read-side section.
     *  Reference: BROKEN (REF_AFTER_DRAIN: the 0 to 1 slips past the drain). */
    INTRINSIC_CHECK_OUTSIDE(true, Transition.ALIVE_FLAG_OUTSIDE, false, false, true, Sweep.NONE, Inode.NONE),
    /**
     * Jason &lt;YzLy5jJOF0jdlrJK&gt;'s option B ("sweep all the pages and wait for them to become ref == 0"), Dan's
     * 2021 proposal &lt;161604048257.1463742&gt; and, in effect, FS_DAX since 2025 (Popple: GUP takes no pgmap
     * reference, "it's a driver responsibility to ensure that if pages are mapped ... they are not offlined"):
     * {@code memunmap_pages()} unmaps every PTE, waits for every page to go idle, then drains the bulk references;
     * page references hold no pgmap reference. Reference: SAFE.
     */
    SWEEP_AND_WAIT(true, Transition.NONE, false, false, false, Sweep.UNMAP_THEN_WAIT, Inode.NONE),
    /** As {@link #SWEEP_AND_WAIT} without the unmap: "a large number of actively mapped inodes unknown to the driver"
     *  (Dan, Mar 2021) stay mapped, and GUP-fast grabs a page after the wait. Reference: BROKEN (REF_AFTER_DRAIN). */
    SWEEP_NO_UNMAP(true, Transition.NONE, false, false, false, Sweep.WAIT_ONLY, Inode.NONE),
    /**
     * Dave Chinner (seed 000; Jan Kara, seed 003): "the inode is the arbiter": a pin holds an inode reference that
     * "will span the life of the pin"; the mount holds the pgmap (its bulk references here); unmount, and with it the
     * device's removal, waits for the inode's last reference. Reference: SAFE (removal blocks while a pin lives).
     */
    INODE_ARBITER(true, Transition.NONE, false, false, true, Sweep.NONE, Inode.PIN_AND_UNMOUNT),
    /**
     * {@link #INODE_ARBITER} without the condition Chinner attaches to it (seed 000: a pinner "must first ensure that
     * it holds an inode reference ... that will span the life of the pin"): unmount waits for the inode's references,
     * but a pin takes none of its own (as a FOLL_PIN today holds only the page, mm/gup.c {@code try_grab_folio()});
     * the inode is held by its open files and mappings only, and a pinner that closes its file before it unpins lets
     * the removal through. Reference: not listed; the model finds it BROKEN (PGMAP_UAF), the case Chinner's "even if
     * it's already closed all its fds" rules out.
     */
    INODE_ARBITER_FILES_ONLY(true, Transition.NONE, false, false, true, Sweep.NONE, Inode.UNMOUNT_ONLY);

    /** How a page's first reference and last put treat the pgmap. */
    public enum Transition {
        /** Page references hold no pgmap reference. */
        NONE,
        /** 0 to 1: {@code percpu_ref_tryget_live()}; last put: {@code percpu_ref_put()}. */
        TRYGET_LIVE,
        /** Dan's v3: the get and the put decided by reading {@code folio_ref_count()} after the inc / the put. */
        TEST_THEN_ACT,
        /** 0 to 1: alive flag checked inside the read-side section, then {@code percpu_ref_get()}. */
        ALIVE_FLAG_INSIDE,
        /** The alive flag checked before the read-side section. */
        ALIVE_FLAG_OUTSIDE
    }

    /** Whether the inode arbitrates: a pin's inode reference, and the removal's wait for the inode's last one. */
    public enum Inode {
        /** The inode plays no part in the removal. */
        NONE,
        /** Unmount (and with it the removal) waits for the inode's last reference; a pin takes none. */
        UNMOUNT_ONLY,
        /** A pin holds an inode reference for its life, and unmount waits for the last one. */
        PIN_AND_UNMOUNT
    }

    /** What {@code memunmap_pages()} does about the pages themselves before it drains the pgmap. */
    public enum Sweep {
        /** Nothing: the pgmap reference is what it waits for. */
        NONE,
        /** Unmap every PTE (and wait for GUP-fast through the TLB flush), then wait for each page to go idle. */
        UNMAP_THEN_WAIT,
        /** Wait for each page to go idle, leaving its PTEs. */
        WAIT_ONLY
    }

    private final boolean bulkRefs;
    private final Transition transition;
    private final boolean entryHoldsPgmap;
    private final boolean gupGetsPgmap;
    private final boolean mappingHoldsPage;
    private final Sweep sweep;
    private final Inode inode;

    PgmapRef(boolean bulkRefs, Transition transition, boolean entryHoldsPgmap, boolean gupGetsPgmap,
             boolean mappingHoldsPage, Sweep sweep, Inode inode) {
        this.bulkRefs = bulkRefs;
        this.transition = transition;
        this.entryHoldsPgmap = entryHoldsPgmap;
        this.gupGetsPgmap = gupGetsPgmap;
        this.mappingHoldsPage = mappingHoldsPage;
        this.sweep = sweep;
        this.inode = inode;
    }

    /** {@code memremap_pages()} takes {@code percpu_ref_get_many(nr_pages)} and memunmap drops them. */
    public boolean bulkRefs() {
        return bulkRefs;
    }

    /** What the first reference and the last put of a page do to the pgmap. */
    public Transition transition() {
        return transition;
    }

    /** {@code dax_associate_entry()} takes a pgmap reference, {@code dax_disassociate_entry()} drops it. */
    public boolean entryHoldsPgmap() {
        return entryHoldsPgmap;
    }

    /** GUP brackets its walk with {@code get_dev_pagemap()} / {@code put_dev_pagemap()} (before 2025). */
    public boolean gupGetsPgmap() {
        return gupGetsPgmap;
    }

    /** A PTE (with its DAX entry) holds a page reference, dropped when it is zapped. */
    public boolean mappingHoldsPage() {
        return mappingHoldsPage;
    }

    /** What memunmap_pages() does to the pages before the drain. */
    public Sweep sweep() {
        return sweep;
    }

    /** A pin holds an inode reference for its life (GUP takes it, unpin drops it). */
    public boolean pinHoldsInode() {
        return inode == Inode.PIN_AND_UNMOUNT;
    }

    /** The removal is unmount's: it waits for the inode's last reference before memunmap_pages(). */
    public boolean unmountWaitsForInode() {
        return inode != Inode.NONE;
    }
}
