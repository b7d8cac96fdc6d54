package org.gupstress.model.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.junit.jupiter.api.Test;

/**
 * {@code break_ksm()} and the unshare fault: two processes' identical anonymous pages merged into one KSM page,
 * then one of them unmerged (MADV_UNMERGEABLE) without writing.
 */
class BreakKsmTest {
    private static final long ADDR = 0;
    private static final long X = 0x5A;

    private final World world = new World(Config.defaults());
    private final Vma vmaP = Mmap.mmapAnon(world.newMm("P"), ADDR, 1, Vma.VM_READ | Vma.VM_WRITE, "P:anon");
    private final Vma vmaQ = Mmap.mmapAnon(world.newMm("Q"), ADDR, 1, Vma.VM_READ | Vma.VM_WRITE, "Q:anon");
    private final Folio kpage;

    BreakKsmTest() {
        Memory.userStore(vmaP, ADDR, 0, X);
        Memory.userStore(vmaQ, ADDR, 0, X);
        kpage = mapped(vmaP);
        Folio q = mapped(vmaQ);
        kpage.folioGet(); // ksmd's references (get_mergeable_page(), ksm_get_folio())
        q.folioGet();
        assertEquals(0, Ksm.tryToMergeOnePage(vmaP, kpage, ADDR, null), "P's page becomes the KSM page");
        assertEquals(0, Ksm.tryToMergeOnePage(vmaQ, q, ADDR, kpage), "Q's page is replaced by it");
        q.folioPut();
        kpage.folioPut();
    }

    private Folio mapped(Vma vma) {
        return world.memMap().pfnFolio(Pte.ptePfn(vma.mm().ptepGetLockless(ADDR)));
    }

    @Test
    void breakKsmUnsharesIntoAReadOnlyExclusiveCopy() {
        assertEquals(kpage, mapped(vmaQ));
        assertEquals(2, kpage.folioMapcount());

        vmaQ.mm().mmapLock().downWrite(); // madvise(MADV_UNMERGEABLE)
        try {
            assertEquals(0, Ksm.breakKsm(vmaQ, ADDR));
        } finally {
            vmaQ.mm().mmapLock().upWrite();
        }

        Folio copy = mapped(vmaQ);
        long pte = vmaQ.mm().ptepGetLockless(ADDR);
        assertNotEquals(kpage, copy, "Q maps its own page again");
        assertFalse(copy.folioTestKsm());
        assertFalse(Pte.pteWrite(pte) || Pte.pteDirty(pte), "an unshare fault maps the copy read-only and clean");
        assertEquals(X, copy.readWord(0, "test"), "the copy holds the shared contents");
        assertEquals(1, kpage.folioMapcount(), "P still maps the KSM page");
        assertEquals(1, copy.folioRefCount(), "the copy is exclusive: its next write reuses it");
        assertTrue(world.sanitizer().clean(), world.sanitizer().toString());
    }

    @Test
    void aWriteAfterBreakKsmReusesTheCopy() {
        vmaQ.mm().mmapLock().downWrite();
        try {
            Ksm.breakKsm(vmaQ, ADDR);
        } finally {
            vmaQ.mm().mmapLock().upWrite();
        }
        Folio copy = mapped(vmaQ);
        Memory.userStore(vmaQ, ADDR, 0, X + 1);
        assertEquals(copy, mapped(vmaQ), "do_wp_page() reuses an exclusive folio");
        assertEquals(X, kpage.readWord(0, "test"), "P's KSM page does not see Q's write");
    }

    @Test
    void breakKsmOnAnOrdinaryPageDoesNothing() {
        vmaQ.mm().mmapLock().downWrite();
        try {
            Ksm.breakKsm(vmaQ, ADDR);
            Folio copy = mapped(vmaQ);
            long pte = vmaQ.mm().ptepGetLockless(ADDR);
            assertEquals(0, Ksm.breakKsm(vmaQ, ADDR));
            assertEquals(pte, vmaQ.mm().ptepGetLockless(ADDR), "no KSM page: no fault");
            assertEquals(copy, mapped(vmaQ));
        } finally {
            vmaQ.mm().mmapLock().upWrite();
        }
    }
}
