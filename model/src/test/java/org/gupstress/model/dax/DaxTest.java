package org.gupstress.model.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.Namei;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Pte;
import org.junit.jupiter.api.Test;

/** FSDAX: the page is the block; faults, entries, layout breaking, the 0-based idle refcount. */
class DaxTest {
    @Test
    void aDaxFaultMapsTheBlockItselfAndTheMappingHoldsAReference() {
        Fixture f = Fixture.daxFile(1);
        assertEquals(0, f.fault(0, true));
        Block b = f.inode.blockAt(0);
        Folio page = b.page();
        long pte = f.pte(0);
        assertEquals(page.pfn(), Pte.ptePfn(pte));
        assertTrue(Pte.pteDevmap(pte) && Pte.pteWrite(pte));
        assertEquals(1, page.folioRefCount(), "0-based: idle at 0, the PTE holds one");
        assertSame(page, f.inode.mapping().xaLoad(0));
        assertSame(f.inode.mapping(), page.mapping());
        page.fill(Fixture.D1, "userspace store");
        assertEquals(Fixture.D1, b.readWord(3), "a store through the mapping is a store to the storage");
    }

    @Test
    void aPinnedPageIsBusyAfterItsMappingsAreZapped() {
        Fixture f = Fixture.daxFile(1);
        Folio[] pages = new Folio[1];
        assertEquals(1, Gup.pinUserPages(f.mm, 0, 1, GupFlags.FOLL_WRITE, pages));
        Folio page = pages[0];
        assertEquals(1 + 1024, page.folioRefCount(), "the PTE's reference and a pin (GUP_PIN_COUNTING_BIAS)");
        assertSame(page, Dax.daxLayoutBusyPageRange(f.inode.mapping(), 0, 1));
        assertTrue(Pte.pteNone(f.pte(0)), "dax_layout_busy_page_range() unmapped it first");
        assertEquals(1024, page.folioRefCount(), "only the pin is left");
        Gup.unpinUserPage(page);
        assertTrue(DaxPage.daxPageIsIdle(page));
        assertNull(Dax.daxLayoutBusyPageRange(f.inode.mapping(), 0, 1));
    }

    @Test
    void breakLayoutFinalWaitsForTheLastUnpin() {
        Fixture f = Fixture.daxFile(1);
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, GupFlags.FOLL_WRITE, pages);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Interleaving.Result r = Interleaving.in(f.world::useSchedule)
                .thread("TEARDOWN", () -> Namei.unlink(f.inode))
                .thread("PINNER", () -> Gup.unpinUserPage(pages[0]))
                .step("TEARDOWN", "dax_break_layout.before_wait")
                .step("PINNER", Interleaving.END)
                .step("TEARDOWN", Interleaving.END)
                .run();
        assertNull(r.hung("TEARDOWN"));
        assertTrue(f.inode.isFreed());
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void withoutTheWaitTruncateWarnsAndTheDmaLandsInTheNextOwnersBlock() {
        Fixture f = Fixture.with(Fixture.config().set(Dax.EVICT_WAIT, Dax.EvictWait.NO_WAIT).build(), true, 1);
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, GupFlags.FOLL_WRITE, pages);
        DmaBuffer dma = DmaBuffer.map("O_DIRECT read", pages);
        Block b = f.inode.blockAt(0);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode);
        assertTrue(f.world.sanitizer().has(ViolationKind.BUSY_DAX_TRUNCATE), "truncate met the busy page");
        // The 0-based kernel does not WARN about the busy page (Popple's series removed d2c997c0f145's WARN), only
        // about an entry no dax_break_layout() removed first.
        assertTrue(f.world.sanitizer().violations(ViolationKind.WARN).stream()
                .allMatch(v -> v.what().startsWith("WARN_ON_ONCE(1) in truncate_folio_batch_exceptionals()")),
                f.world.sanitizer().toString());
        Inode i2 = f.sb.createFile("I2", 1, 0x12);
        assertSame(b, i2.blockAt(0), "the freed block is reused first");
        dma.write(Fixture.D1);
        assertTrue(f.world.sanitizer().has(ViolationKind.USE_AFTER_FREE), f.world.sanitizer().toString());
        assertEquals(Fixture.D1, b.readWord(0), "I2's data was overwritten by I1's DMA");
        Gup.unpinUserPage(pages[0]);
    }

    @Test
    void oneBasedPagesRestAtOne() {
        Fixture f = Fixture.with(Fixture.config().set(DaxPage.IDLE_REFCOUNT, DaxPage.RefcountBase.ONE_BASED).build(), true, 1);
        f.fault(0, true);
        Folio page = f.inode.blockAt(0).page();
        assertEquals(1, page.folioRefCount(), "1-based: the mapping holds no reference");
        assertTrue(DaxPage.daxPageIsIdle(page));
        Folio[] pages = new Folio[1];
        Gup.pinUserPages(f.mm, 0, 1, 0, pages);
        assertFalse(DaxPage.daxPageIsIdle(page));
        Gup.unpinUserPage(page);
        assertTrue(DaxPage.daxPageIsIdle(page));
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }
}
