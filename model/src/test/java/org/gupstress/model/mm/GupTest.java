package org.gupstress.model.mm;

import static org.gupstress.model.mm.GupFlags.FOLL_LONGTERM;
import static org.gupstress.model.mm.GupFlags.FOLL_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.kernel.Errno;
import org.junit.jupiter.api.Test;

/** mm/gup.c: slow and fast paths, FOLL_GET vs FOLL_PIN accounting, the long-term restrictions. */
class GupTest {
    private final Fixture f = Fixture.blockFile(2);

    @Test
    void pinUserPagesFaultsInWritableAndPinsWithTheBias() {
        Folio[] pages = new Folio[2];
        assertEquals(2, Gup.pinUserPages(f.mm, 0, 2, FOLL_WRITE, pages));
        for (int i = 0; i < 2; i++) {
            Folio folio = pages[i];
            assertSame(f.cached(i), folio);
            assertEquals(1 + 1 + 1024, folio.folioRefCount(), "page cache + PTE + GUP_PIN_COUNTING_BIAS");
            assertTrue(folio.folioMaybeDmaPinned());
            assertTrue(Pte.pteWrite(f.pte(i)), "FOLL_WRITE write-faulted the page in");
            assertTrue(folio.folioTestDirty());
        }
        assertEquals(2, f.world.vmstat().nrFollPinAcquired());
        Gup.unpinUserPages(pages, 2);
        assertEquals(2, f.world.vmstat().nrFollPinReleased());
        assertEquals(2, pages[0].folioRefCount());
        assertFalse(pages[0].folioMaybeDmaPinned());
        assertTrue(Gup.checkPinsBalanced(f.world));
    }

    @Test
    void getUserPagesTakesAPlainReference() {
        Folio[] pages = new Folio[1];
        assertEquals(1, Gup.getUserPages(f.mm, 0, 1, 0, pages));
        assertEquals(3, pages[0].folioRefCount(), "page cache + PTE + FOLL_GET");
        assertFalse(pages[0].folioMaybeDmaPinned());
        assertEquals(0, f.world.vmstat().nrFollPinAcquired(), "FOLL_GET is not counted as a pin");
        Gup.putPage(pages[0]);
        assertEquals(2, pages[0].folioRefCount());
    }

    @Test
    void gupFastPinsAMappedPageWithoutLocksAndFallsBackOtherwise() {
        Folio[] pages = new Folio[1];
        // Nothing mapped: GUP-fast bails at the PTE and the slow path faults the page in.
        assertEquals(1, Gup.pinUserPagesFast(f.mm, 0, 1, FOLL_WRITE, pages));
        Folio folio = pages[0];
        assertEquals(1 + 1 + 1024, folio.folioRefCount());
        Gup.unpinUserPage(folio);
        // Now mapped writable: GUP-fast succeeds on its own, without mmap_lock.
        f.mm.mmapLock().downWrite();
        try {
            assertEquals(1, Gup.pinUserPagesFast(f.mm, 0, 1, FOLL_WRITE, pages), "no mmap_lock needed");
        } finally {
            f.mm.mmapLock().upWrite();
        }
        assertEquals(1 + 1 + 1024, folio.folioRefCount());
        Gup.unpinUserPage(folio);
        assertTrue(Gup.checkPinsBalanced(f.world));
    }

    @Test
    void aLargeFolioCountsPinsInPincount() {
        Folio large = f.world.memMap().alloc(2);
        assertTrue(large.folioTestLarge());
        assertEquals(0, Gup.tryGrabFolio(large, 1, GupFlags.FOLL_PIN));
        assertEquals(2, large.folioRefCount());
        assertEquals(1, large.folioPincount());
        assertTrue(large.folioMaybeDmaPinned());
        Gup.unpinUserPage(large);
        assertEquals(0, large.folioPincount());
        assertFalse(large.folioMaybeDmaPinned());
    }

    @Test
    void aSmallBiasMakesPlainReferencesLookPinned() {
        Fixture biased = Fixture.with(Fixture.config().set(Folio.GUP_PIN_COUNTING_BIAS, 4).build(), false, 1);
        biased.fault(0, false);
        Folio folio = biased.cached(0);
        assertFalse(folio.folioMaybeDmaPinned());
        folio.folioGet();
        folio.folioGet();
        assertTrue(folio.folioMaybeDmaPinned(), "four plain references reach the bias: a false positive");
    }

    @Test
    void aWritableLongTermPinOfAFileMappingIsRefused() {
        Folio[] pages = new Folio[1];
        assertEquals(-Errno.EFAULT, Gup.pinUserPages(f.mm, 0, 1, FOLL_WRITE | FOLL_LONGTERM, pages),
                "writable_file_mapping_allowed(): the mapping needs dirty tracking");
        assertEquals(1, Gup.pinUserPages(f.mm, 0, 1, FOLL_LONGTERM, pages), "a read-only long-term pin is fine");
        Gup.unpinUserPage(pages[0]);
    }

    @Test
    void aLongTermPinOfFsdaxIsRefused() {
        Fixture dax = Fixture.daxFile(1);
        Folio[] pages = new Folio[1];
        assertEquals(-Errno.EOPNOTSUPP, Gup.pinUserPages(dax.mm, 0, 1, FOLL_LONGTERM, pages));
        assertEquals(-Errno.EOPNOTSUPP, Gup.pinUserPagesFast(dax.mm, 0, 1, FOLL_LONGTERM, pages));
    }

    @Test
    void pinningAnUnmappedAddressFails() {
        Folio[] pages = new Folio[1];
        assertEquals(-Errno.EFAULT, Gup.pinUserPages(f.mm, 40, 1, 0, pages));
    }

    @Test
    void unpinDirtyLockDirtiesACleanPage() {
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, 0, pages);
        Folio folio = pages[0];
        assertFalse(folio.folioTestDirty(), "a read pin does not dirty");
        Gup.unpinUserPagesDirtyLock(pages, 1, true);
        assertTrue(folio.folioTestDirty());
        assertFalse(folio.folioTestLocked());
    }
}
