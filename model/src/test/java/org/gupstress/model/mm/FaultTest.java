package org.gupstress.model.mm;

import static org.gupstress.model.Fixture.D0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.junit.jupiter.api.Test;

/** handle_mm_fault() on a shared file mapping: the write-notify protocol. */
class FaultTest {
    private final Fixture f = Fixture.blockFile(2);

    @Test
    void aReadFaultMapsTheCachedPageReadOnly() {
        assertEquals(0, f.fault(0, false));
        Folio folio = f.cached(0);
        assertNotNull(folio);
        long pte = f.pte(0);
        assertTrue(Pte.ptePresent(pte));
        assertFalse(Pte.pteWrite(pte), "a shared mapping with dirty tracking starts read-only");
        assertEquals(folio.pfn(), Pte.ptePfn(pte));
        assertEquals(1, folio.folioMapcount());
        assertEquals(2, folio.folioRefCount(), "one reference for the page cache, one for the PTE");
        assertEquals(D0, folio.readWord(0, "test"), "read in from its block");
        assertFalse(folio.folioTestDirty());
        assertNull(folio.folioGetPrivate(), "a read reserves no block");
        assertFalse(folio.folioTestLocked());
    }

    @Test
    void aWriteFaultNotifiesTheFilesystemAndMapsWritableDirty() {
        assertEquals(0, f.fault(0, true));
        Folio folio = f.cached(0);
        long pte = f.pte(0);
        assertTrue(Pte.pteWrite(pte) && Pte.pteDirty(pte));
        assertTrue(folio.folioTestDirty());
        assertEquals(f.inode.blockAt(0), folio.folioGetPrivate(), "page_mkwrite attached the block reservation");
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void aWriteToAReadOnlyPteGoesThroughPageMkwrite() {
        f.fault(0, false);
        Folio folio = f.cached(0);
        assertNull(folio.folioGetPrivate());
        assertEquals(0, f.fault(0, true));
        assertTrue(Pte.pteWrite(f.pte(0)));
        assertTrue(folio.folioTestDirty());
        assertNotNull(folio.folioGetPrivate());
        assertEquals(2, folio.folioRefCount(), "wp_page_shared() took and dropped its own reference");
    }

    @Test
    void faultsBeyondEndOfFileAreSigbus() {
        Fixture small = Fixture.blockFile(1);
        // The VMA covers one page; map a second VMA past EOF to fault beyond it.
        Vma past = Mmap.mmap(small.mm, small.file, 4, 1, 3, Vma.VM_READ | Vma.VM_SHARED, "past-eof");
        small.mm.mmapLock().downRead();
        try {
            assertEquals(Memory.VM_FAULT_SIGBUS, Memory.handleMmFault(past, 4, false));
        } finally {
            small.mm.mmapLock().upRead();
        }
    }

    @Test
    void aWriteFaultOnAReadOnlyVmaIsSigsegv() {
        Vma ro = Mmap.mmap(f.mm, f.file, 8, 1, 0, Vma.VM_READ | Vma.VM_SHARED, "ro");
        f.mm.mmapLock().downRead();
        try {
            assertEquals(Memory.VM_FAULT_SIGSEGV, Memory.handleMmFault(ro, 8, true));
        } finally {
            f.mm.mmapLock().upRead();
        }
    }
}
