package org.gupstress.model.drivers;

import org.gupstress.model.mm.World;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.mm.Folio;

/**
 * A device's DMA mapping of pinned pages ({@code dma_map_page()} on the pages a driver got from GUP): what the
 * device will write into or read from, fixed when the I/O is set up. The device knows physical pages, not files.
 *
 * <p>Oracle: at mapping time it remembers, for a FSDAX page, which inode owned the block and in which allocation
 * generation. A later transfer into a block that has since been freed and handed to another inode is a storage
 * use-after-free ("the DMA wrote into I2's data"); a transfer into freed page-cache memory is caught by the
 * folio's own use-after-free oracle.
 */
public final class DmaBuffer {
    /** The I/O is submitted and the pages are mapped for the device; the transfer has not happened yet. */
    public static final SchedulePoint BEFORE_TRANSFER = SchedulePoint.declare("dma.before_transfer",
            "pages pinned and DMA-mapped, the device has not transferred yet");
    /** The device finished its transfer; the driver has not completed the I/O (unpinned the pages) yet. */
    public static final SchedulePoint TRANSFER_DONE = SchedulePoint.declare("dma.transfer_done",
            "the device transferred its data; the pages are still pinned");

    private final String device;
    private final Folio[] pages;
    private final Inode[] ownerAtMap;
    private final int[] generationAtMap;

    private DmaBuffer(String device, Folio[] pages) {
        this.device = device;
        this.pages = pages.clone();
        this.ownerAtMap = new Inode[pages.length];
        this.generationAtMap = new int[pages.length];
        for (int i = 0; i < pages.length; i++) {
            Block b = (Block) pages[i].daxBlock();
            if (b != null) {
                ownerAtMap[i] = b.owner();
                generationAtMap[i] = b.generation();
            } else {
                AddressSpace m = pages[i].mapping();
                ownerAtMap[i] = m == null ? null : (Inode) m.host();
            }
        }
    }

    /** {@code dma_map_page()} of each page, for {@code device} (a name for reports, e.g. "O_DIRECT read"). */
    public static DmaBuffer map(String device, Folio... pages) {
        return new DmaBuffer(device, pages);
    }

    /** The device writes {@code value} into every word of every page (a DMA from the device into memory). */
    public void write(long value) {
        World w = pages[0].world();
        w.at(BEFORE_TRANSFER);
        for (int p = 0; p < pages.length; p++) {
            checkStorage(p, "wrote");
            pages[p].fill(value, device + " DMA write");
        }
        w.at(TRANSFER_DONE);
    }

    /** The device reads page {@code p} (a DMA from memory to the device). */
    public long[] read(int p) {
        World w = pages[p].world();
        w.at(BEFORE_TRANSFER);
        checkStorage(p, "read");
        long[] out = new long[Folio.PAGE_WORDS];
        for (int i = 0; i < out.length; i++) {
            out[i] = pages[p].readWord(i, device + " DMA read");
        }
        w.at(TRANSFER_DONE);
        return out;
    }

    public Folio page(int p) {
        return pages[p];
    }

    private void checkStorage(int p, String verb) {
        Block b = (Block) pages[p].daxBlock();
        if (b == null) {
            return;
        }
        Inode now = b.owner();
        if (now != ownerAtMap[p] || b.generation() != generationAtMap[p]) {
            World w = pages[p].world();
            w.sanitizer().report(ViolationKind.USE_AFTER_FREE, device + " DMA " + verb + " " + b + " mapped for "
                    + ownerAtMap[p] + ", but the block was freed" + (now == null ? "" : " and now holds " + now + "'s data")
                    + " (storage use-after-free)");
        }
    }
}
