package org.gupstress.model;

import org.gupstress.model.mm.World;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.Namei;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.PageWriteback;
import org.gupstress.model.mm.Vma;
import org.junit.jupiter.api.Test;

/** One pass through the main paths: mmap, pin (with a write fault), DMA, unpin-dirty, writeback, teardown. */
class WorldSmokeTest {
    @Test
    void pinWriteUnpinWritebackTeardown() {
        World w = new World();
        SuperBlock sb = SuperBlock.mount(w, "ext4", 4, false);
        Inode i1 = sb.createFile("I1", 1, 0xD0);
        File f = FileTable.open(i1);
        Mm mm = w.newMm("mm");
        Vma vma = Mmap.mmap(mm, f, 0, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "vma");

        Folio[] pages = new Folio[1];
        assertEquals(1, Gup.pinUserPagesFast(mm, 0, 1, GupFlags.FOLL_WRITE, pages));
        Folio folio = pages[0];
        assertTrue(folio.folioMaybeDmaPinned());
        folio.fill(0xD1, "test DMA");
        Gup.unpinUserPagesDirtyLock(pages, 1, true);
        assertFalse(folio.folioMaybeDmaPinned());
        assertTrue(folio.folioTestDirty());

        assertTrue(PageWriteback.writeOneFolio(folio));
        assertEquals(0xD1, i1.blockAt(0).readWord(0));
        assertTrue(i1.blockAt(0).checksumMatches());

        Mmap.munmap(mm, vma);
        FileTable.close(f);
        Namei.unlink(i1);
        assertTrue(i1.isFreed());
        assertTrue(folio.isFreed());
        assertTrue(Gup.checkPinsBalanced(w));
        assertTrue(w.sanitizer().clean(), w.sanitizer().toString());
    }
}
