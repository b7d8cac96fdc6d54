package org.gupstress.model.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.Fixture;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Mmap;
import org.junit.jupiter.api.Test;

/** iput / iput_final / evict, with the references files and VMAs hold. */
class InodeLifecycleTest {
    private final Fixture f = Fixture.blockFile(1);

    @Test
    void aMappedOrOpenInodeSurvivesUnlink() {
        Block b = f.inode.blockAt(0);
        Namei.unlink(f.inode);
        assertEquals(0, f.inode.iNlink());
        assertFalse(f.inode.isFreed(), "the open file and the VMA's file still hold it");
        Mmap.munmap(f.mm, f.vma);
        assertFalse(f.inode.isFreed(), "the open file still holds it");
        FileTable.close(f.file);
        assertTrue(f.inode.isFreed(), "the last reference evicted the unlinked inode");
        assertNull(b.owner(), "its block was freed");
        assertTrue(f.world.sanitizer().clean(), f.world.sanitizer().toString());
    }

    @Test
    void evictionTruncatesThePageCache() {
        f.fault(0, false);
        Folio folio = f.cached(0);
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode);
        assertTrue(f.inode.mapping().mappingExiting());
        assertTrue(folio.isFreed());
    }

    @Test
    void theLastReferenceToALinkedInodeParksItOnTheLru() {
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        // The dentry still holds it: nothing happens.
        assertFalse(f.inode.isFreed());
        // Drop the dentry's reference too (as shrinking the dcache would): a linked inode is cached.
        Inodes.iput(f.inode);
        assertEquals(0, f.inode.iCount());
        assertFalse(f.inode.isFreed());
        assertSame(f.inode, f.sb.lruSnapshot().get(0));
    }

    @Test
    void atUnmountALinkedInodeIsWrittenBackThenEvicted() {
        f.fault(0, true);
        f.cached(0).fill(Fixture.D1, "userspace store");
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        f.sb.deactivate();
        Block b = f.inode.blockAt(0);
        Inodes.iput(f.inode);
        assertTrue(f.inode.isFreed());
        assertEquals(Fixture.D1, b.readWord(0), "write_inode_now() under I_WILL_FREE wrote the dirty page");
        assertSame(f.inode, b.owner(), "a linked inode keeps its blocks");
    }

    @Test
    void igrabRefusesAnInodeBeingFreed() {
        assertSame(f.inode, Inodes.igrab(f.inode));
        Inodes.iput(f.inode);
        Inode[] grabbed = {f.inode};
        f.world.useSchedule(point -> {
            if (point == Inodes.IPUT_FINAL_BEFORE_EVICT) {
                grabbed[0] = Inodes.igrab(f.inode); // a lookup racing with eviction
            }
        });
        Mmap.munmap(f.mm, f.vma);
        FileTable.close(f.file);
        Namei.unlink(f.inode);
        assertNull(grabbed[0], "I_FREEING: igrab() must not hand out a new reference");
        assertTrue(f.inode.isFreed());
    }
}
