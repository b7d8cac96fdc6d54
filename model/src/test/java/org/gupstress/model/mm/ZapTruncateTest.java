package org.gupstress.model.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.junit.jupiter.api.Test;

/** zap_pte_range(), munmap() and truncation of the page cache. */
class ZapTruncateTest {
    private final Fixture f = Fixture.blockFile(1);

    @Test
    void zapClearsThePteMovesDirtinessAndDropsTheMappingsReference() {
        f.fault(0, true);
        Folio folio = f.cached(0);
        folio.folioTestClearDirty();
        Memory.zapPteRange(f.vma, 0, 1);
        assertTrue(Pte.pteNone(f.pte(0)));
        assertEquals(0, folio.folioMapcount());
        assertEquals(1, folio.folioRefCount(), "only the page cache's reference is left");
        assertTrue(folio.folioTestDirty(), "the PTE's dirty bit moved to the folio");
    }

    @Test
    void munmapUnlinksTheVmaAndDropsItsFileReference() {
        f.fault(0, false);
        assertEquals(2, f.file.fCount());
        Mmap.munmap(f.mm, f.vma);
        assertEquals(1, f.file.fCount());
        assertFalse(f.inode.mapping().mappingMapped());
        assertTrue(Pte.pteNone(f.pte(0)));
        f.mm.mmapLock().downRead();
        try {
            assertNull(f.mm.findVma(0));
        } finally {
            f.mm.mmapLock().upRead();
        }
    }

    @Test
    void truncationUnmapsAndRemovesTheFolio() {
        f.fault(0, true);
        Folio folio = f.cached(0);
        folio.folioGet(); // keep it alive to look at it afterwards
        Truncate.truncateInodePages(f.inode.mapping(), 0);
        assertNull(f.cached(0));
        assertNull(folio.mapping());
        assertEquals(0, folio.folioMapcount());
        assertNull(folio.folioGetPrivate(), "folio_invalidate() dropped the buffers");
        assertEquals(1, folio.folioRefCount());
        folio.folioPut();
        assertTrue(folio.isFreed());
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void aPinnedFolioSurvivesTruncationOrphaned() {
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, GupFlags.FOLL_WRITE, pages);
        Truncate.truncateInodePages(f.inode.mapping(), 0);
        Folio folio = pages[0];
        assertFalse(folio.isFreed());
        assertNull(folio.mapping(), "orphaned: DMA into it reaches no file");
        folio.fill(0xEE, "DMA");
        Gup.unpinUserPagesDirtyLock(pages, 1, true);
        assertTrue(folio.isFreed());
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }
}
