package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;

import org.gupstress.model.kernel.kconfig.Knob;
import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.Atomic;
import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.LongArray;
import org.gupstress.model.kernel.LongField;
import org.gupstress.model.kernel.RefField;
import org.gupstress.model.kernel.debug.ViolationKind;

/**
 * {@code struct folio} (include/linux/mm_types.h) with the reference-count helpers of include/linux/mm.h and
 * page_ref.h. The fields the kernel reads and writes concurrently are {@link Atomic}s with the kernel's
 * ordering; {@code mapping} is read with READ_ONCE ({@link #mapping()}), as GUP-fast does.
 *
 * <ul>
 *   <li>{@code _refcount}: the page cache holds one reference, every PTE that maps the folio one, every
 *       FOLL_GET one; a FOLL_PIN on a small folio adds {@link #GUP_PIN_COUNTING_BIAS} (1024 in the kernel,
 *       configurable per world so that false positives of {@link #folioMaybeDmaPinned()} become observable);</li>
 *   <li>{@code _mapcount}: -1 when unmapped (the kernel's convention); {@link #folioMapcount()} adds one;</li>
 *   <li>{@code _pincount}: FOLL_PIN count of a large folio (order &gt; 0), exact;</li>
 *   <li>flags: PG_locked (a sleeping lock, see {@link Filemap#folioLock}), PG_dirty, PG_writeback,
 *       PG_uptodate; {@code private} (the filesystem's block reservation, what ext4's buffer heads stand for).</li>
 * </ul>
 *
 * <p>Oracles: a folio knows when it was freed; any later reference operation or data access records
 * USE_AFTER_FREE with what touched it. A put below zero records REFCOUNT_UNDERFLOW. A DAX folio is the
 * {@code struct page} of a persistent-memory block ({@link #daxBlock()}): its data is the block's data.
 */
public final class Folio {
    /** GUP_PIN_COUNTING_BIAS (include/linux/mm.h): what one FOLL_PIN adds to a small folio's _refcount. */
    public static final Knob<Integer> GUP_PIN_COUNTING_BIAS = Knob.of("gup_pin_counting_bias", 1024,
            "_refcount added per FOLL_PIN of a small folio; folio_maybe_dma_pinned() tests refcount >= bias");

    /** Page flag bit numbers (enum pageflags). */
    public static final int PG_LOCKED = 0;
    public static final int PG_UPTODATE = 1;
    public static final int PG_DIRTY = 2;
    public static final int PG_WRITEBACK = 3;
    /**
     * The model's stand-in for {@code FOLIO_MAPPING_KSM} in the low bits of {@code folio->mapping}: the folio is a
     * KSM page, write-protected in every PTE and shared; {@code folio_test_ksm()}. A flag bit rather than pointer
     * tagging because the model's {@code mapping} field is typed; set once, under the folio lock, never cleared.
     */
    public static final int PG_KSM = 4;

    /** Data words per page in the model: enough to see a torn or half-written page. */
    public static final int PAGE_WORDS = 4;

    private static final RefField<AddressSpace> MAPPING =
            RefField.of(MethodHandles.lookup(), Folio.class, "mapping", AddressSpace.class);
    private static final LongField INDEX = LongField.of(MethodHandles.lookup(), Folio.class, "index");
    private static final RefField<Object> PRIVATE =
            RefField.of(MethodHandles.lookup(), Folio.class, "private_", Object.class);
    private static final RefField<String> FREED_BY =
            RefField.of(MethodHandles.lookup(), Folio.class, "freedBy", String.class);
    private static final RefField<Thread> LOCK_OWNER =
            RefField.of(MethodHandles.lookup(), Folio.class, "lockOwner", Thread.class);

    private final World world;
    private final long pfn;
    private final int order;
    private final PageMemory daxBlock;
    private final long[] data;

    /** {@code _refcount}. */
    final Atomic refcount;
    /** {@code _mapcount}, -1 based. */
    final Atomic mapcount;
    /** {@code _pincount} (large folios only). */
    final Atomic pincount;
    /** {@code flags}: PG_* bits. */
    final Atomic flags;
    /**
     * Oracle bookkeeping, not a kernel field: how many times a fault made a PTE of this folio writable after the
     * filesystem was told ({@code page_mkwrite}). {@link Rmap#folioMkclean} uses it to tell a legitimate new
     * writable mapping from one that survived the clean.
     */
    final Atomic mkwriteCount = new Atomic(0);

    /** {@code folio->mapping}: written under the folio lock and i_pages lock, read with READ_ONCE. */
    @SuppressWarnings("unused")
    private AddressSpace mapping;
    /** {@code folio->index}: page offset in the file; stable while in the page cache. */
    @SuppressWarnings("unused")
    private long index;
    /** {@code folio->private}: the block this folio's data is reserved in (ext4's buffer heads), or null. */
    @SuppressWarnings("unused")
    private Object private_;
    /** Who freed the folio (the oracle's record), or null while it is live. */
    @SuppressWarnings("unused")
    private String freedBy;
    /** Diagnostics only: the thread holding PG_locked. */
    @SuppressWarnings("unused")
    private Thread lockOwner;
    /** The wait key of PG_locked waiters: see {@link #waitPageKey}. */
    private final WaitPageKey lockedKey = new WaitPageKey(this, PG_LOCKED);
    /** The wait key of PG_writeback waiters: see {@link #waitPageKey}. */
    private final WaitPageKey writebackKey = new WaitPageKey(this, PG_WRITEBACK);

    /**
     * Allocates a folio with one reference (the allocator's, {@code folio_alloc()}); use {@link MemMap#alloc}.
     */
    Folio(World world, long pfn, int order, PageMemory daxBlock, int initialRefcount) {
        this.world = world;
        this.pfn = pfn;
        this.order = order;
        this.daxBlock = daxBlock;
        this.data = daxBlock != null ? null : new long[PAGE_WORDS];
        this.refcount = new Atomic(initialRefcount);
        this.mapcount = new Atomic(-1);
        this.pincount = new Atomic(0);
        this.flags = new Atomic(0);
        // A folio is the key of its wait queue (folio lock, writeback, DAX idle). The JVM installs an object's
        // identity hash lazily, with a CAS on its header: a hidden full barrier that the kernel's hash_ptr() in
        // __var_waitqueue() does not have. Installed here, before the folio is shared, so that no waiter or waker
        // pays it between the accesses whose order is under test.
        System.identityHashCode(this);
        System.identityHashCode(lockedKey);
        System.identityHashCode(writebackKey);
        SharedStructure.created(this, data);
    }

    /**
     * {@code struct wait_page_key} {folio, bit_nr}: what {@code folio_wait_bit_common()} waits with and
     * {@code folio_wake_bit()} wakes (mm/filemap.c; {@code wake_page_function()} wakes only a waiter whose folio and
     * bit both match). Only PG_locked and PG_writeback are waited on in the model. Simplified: the kernel hashes the
     * folio into {@code folio_wait_table}, one queue for both bits; here each key hashes on its own, so the two bits'
     * waiters may sit on different queues (which changes only spurious wake-ups, never who is woken).
     */
    Object waitPageKey(int bitNr) {
        return switch (bitNr) {
            case PG_LOCKED -> lockedKey;
            case PG_WRITEBACK -> writebackKey;
            default -> throw new IllegalArgumentException("no waiters on folio bit " + bitNr);
        };
    }

    /** {@code struct wait_page_key}: see {@link #waitPageKey}. */
    private record WaitPageKey(Folio folio, int bitNr) {
        @Override
        public boolean equals(Object o) {
            return this == o; // a key is matched by identity, as the kernel's queue entries are
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return folio + (bitNr == PG_LOCKED ? " PG_locked" : " PG_writeback");
        }
    }

    public World world() {
        return world;
    }

    /** {@code folio_pfn()}. */
    public long pfn() {
        return pfn;
    }

    /** {@code folio_order()}: 0 for a small folio. */
    public int order() {
        return order;
    }

    /** {@code folio_test_large()}. */
    public boolean folioTestLarge() {
        return order > 0;
    }

    /**
     * The persistent-memory block this page <em>is</em>, for a FSDAX page (the VFS's {@code fs.Block}); null for
     * page-cache memory.
     */
    public PageMemory daxBlock() {
        return daxBlock;
    }

    /** {@code folio_is_zone_device()} for FSDAX pages. */
    public boolean isDax() {
        return daxBlock != null;
    }

    // ----------------------------------------------------------------------------------------------------
    // mapping, index, private

    /** {@code READ_ONCE(folio->mapping)}: may change under us unless the folio is locked. */
    public AddressSpace mapping() {
        return MAPPING.readOnce(this);
    }

    /** {@code folio->mapping = mapping} (WRITE_ONCE); callers hold the folio lock or own the folio. */
    public void setMapping(AddressSpace mapping) {
        MAPPING.writeOnce(this, mapping);
    }

    /** {@code folio->index}. */
    public long index() {
        return INDEX.readOnce(this);
    }

    public void setIndex(long index) {
        INDEX.writeOnce(this, index);
    }

    /**
     * {@code folio_get_private()}: the filesystem's private data, or null; a {@code void *} in the kernel, here
     * whatever the filesystem attached (ext4: the block reservation, an {@code fs.Block}).
     */
    public Object folioGetPrivate() {
        return PRIVATE.loadAcquire(this);
    }

    /** {@code folio_attach_private()} / {@code folio_detach_private()}: release, so the data is seen whole. */
    public void folioSetPrivate(Object data) {
        PRIVATE.storeRelease(this, data);
    }

    // ----------------------------------------------------------------------------------------------------
    // Reference counts.

    /** {@code folio_ref_count()}: READ_ONCE of _refcount. */
    public int folioRefCount() {
        return refcount.read();
    }

    /** {@code folio_mapcount()}: _mapcount + 1. */
    public int folioMapcount() {
        return mapcount.read() + 1;
    }

    /** {@code folio_mapped()}. */
    public boolean folioMapped() {
        return folioMapcount() > 0;
    }

    /** {@code atomic_read(&folio->_pincount)}. */
    public int folioPincount() {
        return pincount.read();
    }

    /** {@code folio_get()}: a new reference from one we already hold (void atomic, unordered). */
    public void folioGet() {
        touch("folio_get");
        refcount.inc();
    }

    /** {@code folio_ref_add()}: void atomic, unordered. */
    public void folioRefAdd(int refs) {
        touch("folio_ref_add");
        refcount.add(refs);
    }

    /**
     * {@code folio_try_get()} / {@code folio_ref_try_add()}: add {@code refs} unless _refcount is 0 (the folio is
     * being freed). Fully ordered on success ({@code atomic_add_unless}). Never a use-after-free by itself: this
     * is how lockless lookups (GUP-fast, page cache lookup) safely probe a folio that may be freed.
     */
    public boolean folioRefTryAdd(int refs) {
        return refcount.addUnless(refs, 0);
    }

    /** {@code folio_try_get()}. */
    public boolean folioTryGet() {
        return folioRefTryAdd(1);
    }

    /** {@code folio_put()}: drop one reference; the last one frees the folio. Fully ordered. */
    public void folioPut() {
        folioPutRefs(1);
    }

    /**
     * {@code folio_put_refs()}: drop {@code refs} references; when _refcount reaches 0 the folio is freed
     * ({@code __folio_put()}). Fully ordered ({@code folio_ref_sub_and_test()} is value-returning). A result
     * below 0 records REFCOUNT_UNDERFLOW ({@code VM_BUG_ON_FOLIO(folio_ref_count(folio) <= 0)} before the put).
     */
    public void folioPutRefs(int refs) {
        touch("folio_put");
        if (isDax()) {
            // ZONE_DEVICE: never freed to the allocator; the put may make the page idle and must then wake whoever
            // waits for that (fs/dax.c). How the put is ordered before that wake-up is DaxPage's business.
            DaxPage.putRefs(this, refcount, refs);
            return;
        }
        int now = refcount.subReturn(refs);
        if (now < 0) {
            world.sanitizer().report(ViolationKind.REFCOUNT_UNDERFLOW,
                    "folio_put_refs(" + this + ", " + refs + "): _refcount " + (now + refs) + " -> " + now);
        } else if (now == 0) {
            freeFolio();
        }
    }

    /** {@code folio_add_file_rmap_pte()}: one more PTE maps the folio. Value-returning, fully ordered. */
    public void folioAddRmap() {
        touch("folio_add_file_rmap_pte");
        mapcount.incReturn();
    }

    /**
     * {@code folio_remove_rmap_pte()}: one PTE less. Value-returning ({@code atomic_add_negative()}), fully
     * ordered. Going below -1 records MAPCOUNT_UNDERFLOW.
     *
     * @return the new {@code folio_mapcount()}
     */
    public int folioRemoveRmap() {
        touch("folio_remove_rmap_pte");
        int now = mapcount.decReturn() + 1;
        if (now < 0) {
            world.sanitizer().report(ViolationKind.MAPCOUNT_UNDERFLOW,
                    "folio_remove_rmap_pte(" + this + "): folio_mapcount " + (now + 1) + " -> " + now);
        }
        return now;
    }

    /**
     * {@code folio_maybe_dma_pinned()}: large folio: {@code _pincount > 0} (exact); small folio:
     * {@code _refcount >= GUP_PIN_COUNTING_BIAS}, which may say yes for a folio with many plain references
     * (a false positive the kernel accepts) but never no for a pinned one. Reads are READ_ONCE: the caller
     * supplies whatever ordering it needs.
     */
    public boolean folioMaybeDmaPinned() {
        if (folioTestLarge()) {
            return pincount.read() > 0;
        }
        return refcount.read() >= world.config().get(GUP_PIN_COUNTING_BIAS);
    }

    // ----------------------------------------------------------------------------------------------------
    // Flags.

    /** {@code folio_test_locked()}. */
    public boolean folioTestLocked() {
        return flags.testBit(PG_LOCKED);
    }

    /** {@code folio_test_dirty()}. */
    public boolean folioTestDirty() {
        return flags.testBit(PG_DIRTY);
    }

    /** {@code folio_test_writeback()}. */
    public boolean folioTestWriteback() {
        return flags.testBit(PG_WRITEBACK);
    }

    /** {@code folio_test_uptodate()}. */
    public boolean folioTestUptodate() {
        return flags.testBit(PG_UPTODATE);
    }

    /**
     * {@code folio_mark_uptodate()} (include/linux/page-flags.h): {@code smp_wmb()} ("all previous stores issued in
     * order to bring the folio uptodate are actually visible before folio_test_uptodate becomes true"), then
     * {@code set_bit(PG_uptodate)}, an atomic RMW that cannot lose a concurrent change of another flag. The model's
     * {@code smp_wmb()} is {@link Barriers#smpWmb()}, a store-store fence.
     */
    public void folioMarkUptodate() {
        Barriers.smpWmb();
        flags.setBit(PG_UPTODATE);
    }

    /** {@code folio_test_set_dirty()}: fully ordered; returns the old bit. */
    public boolean folioTestSetDirty() {
        return flags.testAndSetBit(PG_DIRTY);
    }

    /** {@code folio_test_clear_dirty()}: fully ordered; returns the old bit. */
    public boolean folioTestClearDirty() {
        return flags.testAndClearBit(PG_DIRTY);
    }

    /** {@code folio_test_set_writeback()}: fully ordered; returns the old bit. */
    public boolean folioTestSetWriteback() {
        return flags.testAndSetBit(PG_WRITEBACK);
    }

    /** {@code folio_test_clear_writeback()}: fully ordered; returns the old bit. */
    public boolean folioTestClearWriteback() {
        return flags.testAndClearBit(PG_WRITEBACK);
    }

    /** {@code folio_test_ksm()}. */
    public boolean folioTestKsm() {
        return flags.testBit(PG_KSM);
    }

    /**
     * {@code folio_set_stable_node()}: the folio becomes a KSM page. The caller holds the folio lock; a fully
     * ordered RMW, like every other update of {@code flags} here.
     */
    public void folioSetKsm() {
        flags.testAndSetBit(PG_KSM);
    }

    /** {@code folio_trylock()}: acquire on success. */
    public boolean folioTrylock() {
        if (flags.testAndSetBitLock(PG_LOCKED)) {
            return false;
        }
        LOCK_OWNER.writeOnce(this, Thread.currentThread());
        return true;
    }

    /** Clears PG_locked with release semantics; {@link Filemap#folioUnlock} adds the wake-up. */
    void clearLocked() {
        LOCK_OWNER.writeOnce(this, null);
        flags.clearBitUnlock(PG_LOCKED);
    }

    /** Diagnostics: the thread that holds PG_locked, or null. */
    public Thread lockOwner() {
        return LOCK_OWNER.readOnce(this);
    }

    // ----------------------------------------------------------------------------------------------------
    // Data: what the CPU and DMA engines read and write.

    /** A word of the page's data (READ_ONCE). A FSDAX page reads its block, the storage itself. */
    public long readWord(int i, String who) {
        touch(who);
        return isDax() ? daxBlock.readWord(i) : LongArray.readOnce(data, i);
    }

    /** Stores a word of the page's data (WRITE_ONCE). A FSDAX page writes its block, the storage itself. */
    public void writeWord(int i, long value, String who) {
        touch(who);
        if (isDax()) {
            daxBlock.writeWord(i, value);
        } else {
            LongArray.writeOnce(data, i, value);
        }
    }

    /** Fills every word with {@code value} (a userspace store or a DMA burst). */
    public void fill(long value, String who) {
        for (int i = 0; i < PAGE_WORDS; i++) {
            writeWord(i, value, who);
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Freeing and the use-after-free oracle.

    /** True once the last reference was dropped (and the folio is not a DAX page, which is never freed). */
    public boolean isFreed() {
        return FREED_BY.readOnce(this) != null;
    }

    /**
     * {@code __folio_put()}: the last reference to page-cache memory is gone; the folio is freed and remembered as
     * freed by the current thread. (A FSDAX page is never freed: see {@link DaxPage#putRefs}.)
     */
    private void freeFolio() {
        String by = FREED_BY.readOnce(this);
        if (by != null) {
            // A second __folio_put(): the kernel's free path finds a page already on the free lists (bad_page(),
            // "BUG: Bad page state"); two puts that both saw _refcount reach 0 (a put not done as one RMW).
            world.sanitizer().report(ViolationKind.USE_AFTER_FREE,
                    "__folio_put(" + this + ") by " + Thread.currentThread().getName() + ": already freed by " + by);
        }
        FREED_BY.storeRelease(this, Thread.currentThread().getName());
    }

    /** The oracle: any access to a freed folio is a use-after-free, recorded with who touched it. */
    private void touch(String who) {
        String by = FREED_BY.readOnce(this);
        if (by != null) {
            world.sanitizer().report(ViolationKind.USE_AFTER_FREE,
                    who + " touched " + this + " after " + by + " freed it");
        }
    }

    @Override
    public String toString() {
        AddressSpace m = mapping();
        return (isDax() ? "dax page " : "folio ") + "pfn " + pfn + (m == null ? "" : " (" + m.host().name() + ":" + index() + ")");
    }
}
