package org.gupstress.model.mm;

import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Waitable;

/**
 * mm/filemap.c: the folio lock and writeback waits, page-cache lookup and insertion, and the read side of
 * {@code filemap_fault()}.
 *
 * <p>PG_locked is a real sleeping lock: {@link #folioLock} tries {@code test_and_set_bit_lock()} and otherwise
 * sleeps on the folio's hashed wait queue ({@code folio_wait_bit_common()}), registered with the world's tasks as
 * waiting for the lock's owner, so that a deadlock through it is found at once.
 */
public final class Filemap {
    /** filemap_fault() found no folio and holds invalidate_lock shared, about to read the page in. */
    public static final SchedulePoint FAULT_BEFORE_READ = SchedulePoint.declare("filemap_fault.before_read",
            "page-cache miss: invalidate_lock held shared, folio not yet allocated");

    private Filemap() {
    }

    /** {@code folio_lock()}: sleeps until PG_locked is ours. Memory effects: acquire. @throws Hung if the wait closes a deadlock */
    public static void folioLock(Folio folio) {
        if (folio.folioTrylock()) {
            return;
        }
        String what = "folio_lock(" + folio + ")";
        folio.world().waitVarEvent(folio.waitPageKey(Folio.PG_LOCKED), folio::folioTrylock,
                Waitable.heldBy(what, folio::lockOwner), what);
    }

    /** {@code folio_trylock()}. */
    public static boolean folioTrylock(Folio folio) {
        return folio.folioTrylock();
    }

    /**
     * {@code folio_unlock()}: clears PG_locked (release) and wakes waiters. The full barrier between the clear and
     * the lockless {@code waitqueue_active()} check is what {@code folio_unlock()}'s xor-and-test provides.
     */
    public static void folioUnlock(Folio folio) {
        if (!folio.folioTestLocked()) {
            folio.world().sanitizer().report(ViolationKind.BUG, "VM_BUG_ON_FOLIO(!folio_test_locked(folio)) in folio_unlock(" + folio + ")");
            return;
        }
        folio.clearLocked();
        org.gupstress.model.kernel.Barriers.fullBarrier(folio.world().schedule());
        folioWakeBit(folio, Folio.PG_LOCKED);
    }

    /**
     * {@code folio_wake_bit(folio, bit_nr)}: wakes the waiters of {@code bit_nr} of this folio, and no others
     * ({@code wake_page_function()} matches the folio and the bit). The caller has issued the full barrier the
     * lockless {@code waitqueue_active()} check needs.
     */
    public static void folioWakeBit(Folio folio, int bitNr) {
        folio.world().wakeUpVar(folio.waitPageKey(bitNr));
    }

    /** {@code folio_wait_writeback()}: sleeps while PG_writeback is set. @throws Hung if nobody can end it */
    public static void folioWaitWriteback(Folio folio) {
        if (!folio.folioTestWriteback()) {
            return;
        }
        folio.world().waitVarEvent(folio.waitPageKey(Folio.PG_WRITEBACK), () -> !folio.folioTestWriteback(),
                "folio_wait_writeback(" + folio + ")");
    }

    /**
     * {@code folio_wait_stable()}: waits for writeback only if the mapping wants stable pages
     * ({@code mapping_stable_writes()}); called from {@code page_mkwrite} paths. A pinned writer never faults,
     * so it never gets here: that is why a DMA can change a page under writeback.
     */
    public static void folioWaitStable(Folio folio) {
        AddressSpace m = folio.mapping();
        if (m != null && m.mappingStableWrites()) {
            folioWaitWriteback(folio);
        }
    }

    /**
     * {@code filemap_get_folio()}: a lock-free page-cache lookup that returns the folio with a new reference, or
     * null. As in the kernel, the reference is taken with {@code folio_try_get()} and the slot re-checked, so a
     * folio being removed concurrently is never returned.
     */
    public static Folio filemapGetFolio(AddressSpace mapping, long index) {
        for (;;) {
            Folio f = mapping.xaLoad(index);
            if (f == null) {
                return null;
            }
            if (!f.folioTryGet()) {
                continue; // being freed; the slot will be cleared
            }
            if (mapping.xaLoad(index) == f) {
                return f;
            }
            f.folioPut();
        }
    }

    /**
     * {@code filemap_add_folio()}: inserts {@code folio} (locked, one reference that the page cache now owns) at
     * {@code index}; false if something is already there or the mapping is being torn down.
     */
    public static boolean filemapAddFolio(AddressSpace mapping, Folio folio, long index) {
        mapping.iPagesLock().lock();
        try {
            if (mapping.mappingExiting() || mapping.xaLoad(index) != null) {
                return false;
            }
            folio.setIndex(index);
            folio.setMapping(mapping);
            mapping.xaStore(index, folio);
            return true;
        } finally {
            mapping.iPagesLock().unlock();
        }
    }

    /**
     * {@code filemap_remove_folio()}: takes the locked folio out of the page cache ({@code folio->mapping = NULL})
     * and drops the page cache's reference. A pinned folio survives, orphaned: further DMA into it reaches no file.
     */
    public static void filemapRemoveFolio(Folio folio) {
        AddressSpace mapping = folio.mapping();
        if (mapping == null) {
            return;
        }
        mapping.iPagesLock().lock();
        try {
            if (mapping.xaLoad(folio.index()) == folio) {
                mapping.xaStore(folio.index(), null);
            }
            folio.setMapping(null);
        } finally {
            mapping.iPagesLock().unlock();
        }
        folio.folioPut();
    }

    /**
     * {@code filemap_fault()}: the {@code vm_ops->fault} of page-cache files. Returns 0 with the folio of
     * {@code vmf->pgoff} locked and referenced in {@link VmFault#folio()}, or {@code VM_FAULT_SIGBUS}.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a lock or the folio lock is not had by the deadline
     */
    public static int filemapFault(VmFault vmf) {
        Folio folio = filemapFault(vmf.vma().mapping(), vmf.pgoff());
        if (folio == null) {
            return Memory.VM_FAULT_SIGBUS;
        }
        vmf.setFolio(folio);
        return 0;
    }

    /**
     * The page-cache half of {@code filemap_fault()}: finds or reads in the folio at {@code index} and returns it
     * locked with a reference for the caller, or null ({@code VM_FAULT_SIGBUS}) if the index is beyond EOF or the
     * mapping is exiting. A miss takes {@code invalidate_lock} shared around the read, as the kernel does, so it
     * cannot instantiate a page in a range a truncate or hole punch is invalidating.
     *
     * @throws org.gupstress.model.kernel.sched.Hung if a lock or the folio lock is found deadlocked
     */
    public static Folio filemapFault(AddressSpace mapping, long index) {
        for (;;) {
            if (index >= mapping.host().iSize()) {
                return null;
            }
            Folio folio = filemapGetFolio(mapping, index);
            if (folio == null) {
                mapping.invalidateLock().downRead();
                try {
                    folio = filemapGetFolio(mapping, index);
                    if (folio == null) {
                        mapping.world().at(FAULT_BEFORE_READ);
                        folio = readFolio(mapping, index);
                        if (folio == null) {
                            return null;
                        }
                    }
                } finally {
                    mapping.invalidateLock().upRead();
                }
            }
            folioLock(folio);
            if (folio.mapping() != mapping) {
                // Truncated while we slept on the lock: retry the lookup.
                folioUnlock(folio);
                folio.folioPut();
                continue;
            }
            return folio;
        }
    }

    /**
     * {@code filemap_read_folio()} into a new folio added to the page cache: the caller holds
     * {@code invalidate_lock} shared. Returns the folio unlocked, with the caller's reference, or null if the
     * mapping is exiting or the index is a hole beyond what the filesystem can read.
     */
    private static Folio readFolio(AddressSpace mapping, long index) {
        Folio folio = mapping.world().memMap().alloc(0);
        folio.folioTrylock();
        if (!filemapAddFolio(mapping, folio, index)) {
            folio.clearLocked();
            folio.folioPut();
            return filemapGetFolio(mapping, index);
        }
        mapping.aOps().readFolio(folio);
        folio.folioGet(); // the caller's reference; the allocation reference is the page cache's
        folioUnlock(folio);
        return folio;
    }
}
