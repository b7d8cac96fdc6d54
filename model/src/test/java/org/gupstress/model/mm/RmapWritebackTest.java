package org.gupstress.model.mm;

import static org.gupstress.model.Fixture.D1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.ext4.Ext4;
import org.junit.jupiter.api.Test;

/** folio_mkclean(), folio_clear_dirty_for_io() and writing one folio back. */
class RmapWritebackTest {
    private final Fixture f = Fixture.blockFile(1);

    @Test
    void folioMkcleanWriteProtectsEverySharedMapping() {
        Vma second = Mmap.mmap(f.mm, f.file, 20, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "vma2");
        f.fault(0, true);
        f.mm.mmapLock().downRead();
        try {
            Memory.handleMmFault(second, 20, true);
        } finally {
            f.mm.mmapLock().upRead();
        }
        Folio folio = f.cached(0);
        assertEquals(2, folio.folioMapcount());
        Filemap.folioLock(folio);
        assertEquals(2, Rmap.folioMkclean(folio));
        Filemap.folioUnlock(folio);
        for (long addr : new long[] {0, 20}) {
            long pte = f.pte(addr);
            assertTrue(Pte.ptePresent(pte));
            assertFalse(Pte.pteWrite(pte) || Pte.pteDirty(pte), "write-protected and clean: " + Pte.describe(pte));
        }
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void clearDirtyForIoMovesPteDirtinessToTheFolioThenClearsIt() {
        f.fault(0, true);
        Folio folio = f.cached(0);
        folio.folioTestClearDirty(); // only the PTE says dirty now
        Filemap.folioLock(folio);
        assertTrue(PageWriteback.folioClearDirtyForIo(folio), "the dirty PTE made it dirty for I/O");
        Filemap.folioUnlock(folio);
        assertFalse(folio.folioTestDirty());
        assertFalse(Pte.pteWrite(f.pte(0)));
    }

    @Test
    void writeOneFolioWritesTheDataWithAMatchingChecksum() {
        f.fault(0, true);
        Folio folio = f.cached(0);
        folio.fill(D1, "userspace store");
        assertTrue(PageWriteback.writeOneFolio(folio));
        Block b = f.inode.blockAt(0);
        assertEquals(D1, b.readWord(0));
        assertTrue(b.checksumMatches());
        assertFalse(folio.folioTestDirty() || folio.folioTestWriteback() || folio.folioTestLocked());
        assertFalse(PageWriteback.writeOneFolio(folio), "a clean folio is not written again");
    }

    @Test
    void theFilesystemDropsTheReservationOfACleanFolioOnly() {
        f.fault(0, true);
        Folio folio = f.cached(0);
        Filemap.folioLock(folio);
        assertFalse(Ext4.releaseFolio(folio), "a dirty folio keeps its buffers");
        Filemap.folioUnlock(folio);
        PageWriteback.writeOneFolio(folio);
        Filemap.folioLock(folio);
        assertTrue(Ext4.releaseFolio(folio));
        Filemap.folioUnlock(folio);
        assertNull(folio.folioGetPrivate());
    }

    @Test
    void theNextWriteAfterWritebackFaultsAndReservesAgain() {
        f.fault(0, true);
        Folio folio = f.cached(0);
        PageWriteback.writeOneFolio(folio);
        Filemap.folioLock(folio);
        Ext4.releaseFolio(folio);
        Filemap.folioUnlock(folio);
        assertEquals(0, f.fault(0, true), "write to the write-protected PTE");
        assertTrue(folio.folioTestDirty());
        assertEquals(f.inode.blockAt(0), folio.folioGetPrivate());
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }
}
