package org.gupstress.model.drivers;

import org.gupstress.model.mm.DevPagemap;
import org.gupstress.model.mm.DeviceMapping;
import org.gupstress.model.mm.Memremap;
import org.gupstress.model.mm.PgmapRef;

/**
 * A pmem / device-dax driver's {@code ->remove()}: stop new users, get the pages unmapped, then
 * {@code memunmap_pages()}.
 *
 * <ol>
 *   <li>{@code kill_dax()}: clear the alive flag and wait for the faults' read-side sections;</li>
 *   <li>unmap: {@code kill_dev_dax()}'s {@code unmap_mapping_range()}, or for FSDAX the holder's
 *       {@code MF_MEM_PRE_REMOVE} notification (the filesystem unmaps and truncates). Under
 *       {@link PgmapRef#INODE_ARBITER} (and {@link PgmapRef#INODE_ARBITER_FILES_ONLY}) this is unmount: munmap, close,
 *       and wait for the inode's last reference (Chinner: "hold it off until final unpin"). Simplified: the removal
 *       itself unmaps and closes the mapping's file (the filesystem's {@code MF_MEM_PRE_REMOVE} handling and the
 *       user's close in one step); any other reference (a pinner's open file, a pin) is its holder's to drop.
 *       The sweep designs unmap inside {@code memunmap_pages()} ({@link PgmapRef.Sweep#UNMAP_THEN_WAIT}) or not at
 *       all ({@link PgmapRef.Sweep#WAIT_ONLY}: "actively mapped inodes unknown to the driver");</li>
 *   <li>{@link Memremap#memunmapPages}.</li>
 * </ol>
 */
public final class DeviceRemove {
    private DeviceRemove() {
    }

    /** Removes the device of {@code pgmap}, whose user mapping is {@code mapping}. */
    public static void remove(DevPagemap pgmap, DeviceMapping mapping) {
        String me = "remove";
        pgmap.killDax(me);
        PgmapRef design = Memremap.design(pgmap.world());
        if (design.unmountWaitsForInode()) {
            mapping.zap(me + " munmap");
            mapping.iputMapping();
            mapping.waitInodeUnused(me + " unmount");
        } else if (design.sweep() == PgmapRef.Sweep.NONE) {
            mapping.zap(me + " unmap_mapping_range");
        }
        Memremap.memunmapPages(pgmap);
    }
}
