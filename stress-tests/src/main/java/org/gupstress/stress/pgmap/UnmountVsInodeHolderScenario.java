package org.gupstress.stress.pgmap;

import org.gupstress.model.drivers.DeviceRemove;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.PgmapRef;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race D4: removal by unmount against a pinner that holds the inode (Dave Chinner's arbiter, seed 000).
 *
 * <pre>
 *   HOLDER (has the file open: an inode reference)    REMOVE (unmount, then the driver's -&gt;remove())
 *   gup_fast(): pin the mapped page; DMA              kill_dax(); munmap, close the mapping's file
 *   close(): iput() of its open file                  wait for the inode's last reference (evict)
 *   unpin (the pin outlived the file)                 memunmap_pages(): kill, put bulk, wait, free the memmap
 * </pre>
 *
 * Chinner: "if a subsystem needs to pin the backing store for some use, it must first ensure that it holds an inode
 * reference ... that will span the life of the pin", which "will prevent the filesystem from being unmounted while
 * the application using FSDAX access is still actively using that functionality even if it's already closed all
 * it's fds". Unmount waits for the inode; the mount holds the pgmap's bulk references; no page reference holds the
 * pgmap. The holder's open file keeps unmount waiting only until it closes: what spans the pin after the close is the
 * pin's own inode reference ({@link PgmapRef#INODE_ARBITER}), or nothing ({@link PgmapRef#INODE_ARBITER_FILES_ONLY}:
 * the memmap is freed under the pin). {@link PgmapRef#PER_PAGE_TRANSITION} answers the same race without the inode:
 * the pin's page reference alone holds the pgmap.
 *
 * <p>World per sample: one device page, mapped by the user (faulted before the race); the holder has the file open
 * (an inode reference besides the mapping's).
 */
@Scenario(family = "D", id = "unmount-vs-inode-holder",
        title = "removal by unmount (wait for the inode, then memunmap_pages) vs a pinner that holds the inode, closes its file, then unpins",
        outcomes = RemoveVsPinScenario.Observed.class)
@GenerateTests(bugs = {"PGMAP_UAF"})
public abstract class UnmountVsInodeHolderScenario {
    /** The holder has closed its file and still holds its pin. */
    public static final SchedulePoint CLOSED_PINNED = SchedulePoint.declare("unmount_vs_inode_holder.closed_pinned",
            "the holder closed its file (iput) and still holds its pin");

    final PgmapWorld w;
    boolean pinned;

    protected UnmountVsInodeHolderScenario(PgmapRef design) {
        w = new PgmapWorld(design, "holder", "remove").faulted();
        w.mapping.ihold(); // the holder's open(): an inode reference besides the mapping's
    }

    /** Pins the mapped page, DMA, closes its file (the last reference it holds other than the pin), unpins. */
    @Actor
    public void holder() {
        try (Task me = w.start("holder")) {
            pinned = w.pinUseUnpin("holder", CLOSED_PINNED, w.mapping::iput);
            if (!pinned) {
                w.mapping.iput(); // GUP found no mapping: the holder just closes
            }
        }
    }

    /** Unmount, then the driver's {@code ->remove()}: {@link DeviceRemove#remove}. */
    @Actor
    public void remove() {
        w.removeDevice("remove");
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), w.outcome(RemoveVsPinScenario.Observed.class,
                pinned ? RemoveVsPinScenario.Observed.PINNED : RemoveVsPinScenario.Observed.PIN_FAILED));
    }

    /**
     * Chinner's arbiter: the pin holds an inode reference for its life; unmount, and the removal with it, waits for
     * the last one, whether or not the holder has closed its file. Expected SAFE.
     */
    @Design(value = "INODE_ARBITER", expected = Expected.SAFE,
            source = "Dave Chinner (seed 000): the inode is the arbiter, a pin holds an inode reference spanning its life")
    public abstract static class InodeArbiter extends UnmountVsInodeHolderScenario {
        public InodeArbiter() {
            super(PgmapRef.INODE_ARBITER);
        }
    }

    /**
     * Unmount waits for the inode, but the pin holds no inode reference: the holder's close lets the removal through
     * while the pin lives. Expected BROKEN: PGMAP_UAF at the unpin.
     */
    @Design(value = "INODE_ARBITER_FILES_ONLY", expected = Expected.BROKEN,
            source = "Dave Chinner (seed 000) without his condition: a FOLL_PIN holds only the page (mm/gup.c try_grab_folio), the inode only its files")
    public abstract static class InodeArbiterFilesOnly extends UnmountVsInodeHolderScenario {
        public InodeArbiterFilesOnly() {
            super(PgmapRef.INODE_ARBITER_FILES_ONLY);
        }
    }

    /**
     * No inode in the removal at all: the pin's page reference holds a pgmap reference, and memunmap_pages() waits for
     * the unpin however early the holder closed. Expected SAFE: the seed's "a positive refcount on the page alone".
     */
    @Design(value = "PER_PAGE_TRANSITION", expected = Expected.SAFE,
            source = "0dc45ca1ce18 mm/memremap.c: take a pgmap reference on page allocation; Jason Gunthorpe, seed 000")
    public abstract static class PerPageTransition extends UnmountVsInodeHolderScenario {
        public PerPageTransition() {
            super(PgmapRef.PER_PAGE_TRANSITION);
        }
    }
}
