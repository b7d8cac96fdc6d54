package org.gupstress.model.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.mm.MapcountPinTracking.Scheme;
import org.gupstress.model.mm.Memory.ZapMarker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The single-threaded contract of seed 002's pin-tracking schemes and of the zap marker. */
class MapcountPinTrackingTest {
    private static final int RW_SHARED = Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED;

    private static Fixture fixture(PinPolicy pins, ZapMarker marker) {
        Config c = Fixture.config().set(Gup.PIN_POLICY, pins).set(Memory.ZAP_MARKER, marker).build();
        return Fixture.with(c, false, 1);
    }

    /** A second shared mapping of page 0 at address 1 of the same mm, write-faulted. */
    private static Vma secondMapping(Fixture f) {
        Vma v = Mmap.mmap(f.mm, f.file, 1, 1, 0, RW_SHARED, "vma2");
        f.mm.mmapLock().downRead();
        try {
            assertEquals(0, Memory.handleMmFault(v, 1, true));
        } finally {
            f.mm.mmapLock().upRead();
        }
        return v;
    }

    private static MkcleanPolicy.Result mkclean(Folio folio) {
        Filemap.folioLock(folio);
        try {
            return MapcountPinTracking.pageMkclean(folio);
        } finally {
            Filemap.folioUnlock(folio);
        }
    }

    @Test
    void follPinCountsInRefcountAndNeverInMapcount() {
        Fixture f = fixture(PinPolicy.FOLL_PIN, ZapMarker.NONE);
        f.fault(0, true);
        Folio folio = f.cached(0);
        assertSame(folio, MapcountPinTracking.pinUserPage(f.mm, 0));
        assertEquals(1, folio.folioMapcount());
        assertEquals(2 + 1024, folio.folioRefCount());
        assertTrue(mkclean(folio).pinned());
        MapcountPinTracking.putUserPage(folio);
        assertFalse(mkclean(folio).pinned());
        assertTrue(Gup.checkPinsBalanced(f.world));
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"MAPCOUNT_ONE_WALK", "MAPCOUNT_REWALK", "MAPCOUNT_RECOUNT"})
    void mapcountSchemesCountAGupInMapcountFlagItAndOnlyPageMkcleanClearsTheFlag(Scheme scheme) {
        Fixture f = fixture(scheme, ZapMarker.ANY);
        f.fault(0, true);
        Folio folio = f.cached(0);
        assertSame(folio, MapcountPinTracking.pinUserPage(f.mm, 0));
        assertEquals(2, folio.folioMapcount(), "one PTE plus one pin");
        assertEquals(3, folio.folioRefCount(), "page cache, PTE, the GUP reference");
        assertTrue(MapcountPinTracking.pageDmaPinned(folio));
        assertTrue(mkclean(folio).pinned());

        f.fault(0, true); // write again: the clean write-protected the PTE
        MapcountPinTracking.putUserPage(folio);
        assertEquals(1, folio.folioMapcount());
        assertTrue(MapcountPinTracking.pageDmaPinned(folio), "put_user_page() leaves the flag to page_mkclean()");
        MkcleanPolicy.Result r = mkclean(folio);
        assertFalse(r.pinned());
        assertEquals(1, r.cleaned());
        assertFalse(MapcountPinTracking.pageDmaPinned(folio));
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void gupFastHasNoMapcountVariant() {
        Fixture f = fixture(Scheme.MAPCOUNT_ONE_WALK, ZapMarker.NONE);
        assertThrows(UnsupportedOperationException.class, () -> MapcountPinTracking.pinUserPageFast(f.mm, 0));
    }

    @Test
    void aZapLeavesAMarkerThatTheNextPageMkcleanClears() {
        Fixture f = fixture(Scheme.MAPCOUNT_REWALK, ZapMarker.ANY);
        f.fault(0, true);
        secondMapping(f);
        Folio folio = f.cached(0);
        Memory.zapPteRange(f.vma, 0, 1);
        assertTrue(Pte.isPteMarker(f.pte(0)));
        assertEquals(1, folio.folioMapcount(), "the marker is not a mapping");
        assertFalse(mkclean(folio).pinned());
        assertTrue(Pte.pteNone(f.pte(0)), "page_mkclean_one() clears markers to 0");
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void asWrittenOnlyAWritablePteLeavesAMarker() {
        Fixture f = fixture(Scheme.MAPCOUNT_REWALK, ZapMarker.WRITABLE);
        f.fault(0, false); // read-only PTE
        Memory.zapPteRange(f.vma, 0, 1);
        assertTrue(Pte.pteNone(f.pte(0)));
        f.fault(0, true);
        Memory.zapPteRange(f.vma, 0, 1);
        assertTrue(Pte.isPteMarker(f.pte(0)));
    }

    @Test
    void theKernelLeavesNoMarker() {
        Fixture f = fixture(PinPolicy.FOLL_PIN, ZapMarker.NONE);
        f.fault(0, true);
        Memory.zapPteRange(f.vma, 0, 1);
        assertTrue(Pte.pteNone(f.pte(0)));
    }

    @Test
    void aFaultOverAMarkerMapsThePageAgain() {
        Fixture f = fixture(Scheme.MAPCOUNT_REWALK, ZapMarker.ANY);
        f.fault(0, true);
        Memory.zapPteRange(f.vma, 0, 1);
        assertEquals(0, f.fault(0, true));
        assertTrue(Pte.ptePresent(f.pte(0)) && Pte.pteWrite(f.pte(0)));
        assertEquals(1, f.cached(0).folioMapcount());
    }

    @Test
    void anUnbalancedPutUserPageIsAMapcountUnderflow() {
        Fixture f = fixture(Scheme.MAPCOUNT_ONE_WALK, ZapMarker.NONE);
        f.fault(0, false);
        Folio folio = f.cached(0);
        Memory.zapPteRange(f.vma, 0, 1);
        folio.folioGet(); // the reference the bogus put_user_page() drops
        MapcountPinTracking.putUserPage(folio);
        assertTrue(f.world.sanitizer().has(ViolationKind.MAPCOUNT_UNDERFLOW), f.world.sanitizer().toString());
    }
}
