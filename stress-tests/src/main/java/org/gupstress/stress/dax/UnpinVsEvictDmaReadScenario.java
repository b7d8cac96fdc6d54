package org.gupstress.stress.dax;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.Block;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C1, DMA out of the page: the same world and teardown as {@link UnpinVsEvictDmaWriteScenario}, but the O_DIRECT
 * I/O is a write(2) to another file X (on a block device) from the mmap buffer: the device reads B and stores
 * what it read in X's sectors.
 *
 * <pre>
 *   PINNER (device + I/O completion)        TEARDOWN (thread2)
 *   DMA: read B; store it in X's block      munmap(); close(); unlink(I1)
 *   unpin_user_page(B)                        -&gt; iput_final -&gt; evict: [design's wait] truncate; free B
 *                                           write(I2, D2): allocates B (freed last), writes D2
 * </pre>
 *
 * If eviction frees B before the device reads it, the read is a storage use-after-free too: X receives whatever
 * B holds then, I2's data if the reuse came first (an information leak across files, and users), stale data
 * otherwise. The oracle ({@link org.gupstress.model.drivers.DmaBuffer}) catches the read of a block that no
 * longer belongs to I1; the arbiter also checks X for I2's data.
 */
@Scenario(family = "C", id = "unpin-vs-evict-dma-read",
        title = "O_DIRECT write from an mmap of a FSDAX file vs munmap+close+unlink: does the DMA read the next file's block?",
        outcomes = UnpinVsEvictOutcome.class)
@GenerateTests
public abstract class UnpinVsEvictDmaReadScenario extends UnpinVsEvictWorld {
    /** X's block: X is the O_DIRECT write's target, on a block-device filesystem; it receives what the device read. */
    final Block xBlock;

    protected UnpinVsEvictDmaReadScenario(Config config) {
        super(config, false, "O_DIRECT write");
        SuperBlock disk = SuperBlock.mount(world, "disk", 1, false);
        xBlock = disk.createFile("X", 1, 0).blockAt(0);
    }

    /** The device reads B and writes X's sectors; the I/O completes: {@code unpin_user_page()}. */
    @Actor
    public void pinner() {
        try (Task me = world.tasks().start("pinner")) {
            try {
                long[] data = dma.read(0);
                for (int w = 0; w < data.length; w++) {
                    xBlock.writeWord(w, data[w]);
                }
                Gup.unpinUserPage(pages[0]);
            } catch (Hung h) {
                // Recorded by the detector as DEADLOCK (or HUNG); the arbiter reports DEADLOCK.
            }
        }
    }

    @Actor
    public void teardown() {
        super.teardown();
    }

    /** Leaked: X holds I2's data. */
    @Arbiter
    public void arbiter(L_Result r) {
        boolean leaked = false;
        for (int w = 0; w < Folio.PAGE_WORDS; w++) {
            leaked |= xBlock.readWord(w) == D_I2;
        }
        r.r1 = Witness.sample(getClass(), classify(leaked));
    }

    /**
     * Before 2022: eviction waits for nothing ({@code truncate_inode_pages_final()} meets the pinned page, WARNs,
     * and the block is freed). Expected BROKEN: STORAGE_UAF (the device reads I2's data) and WARN_BUSY_TRUNCATE. Source: seed 003 (Jason
     * Gunthorpe's scenario, Dan Williams: "iput_final() triggers truncate_inode_pages()"), d2c997c0f145.
     */
    @Design(value = "NO_WAIT", expected = Expected.BROKEN,
            source = "seed 003 (Jason Gunthorpe 2022-09-23: 'We are now UAFing the DAX storage'); d2c997c0f145")
    public abstract static class NoWait extends UnpinVsEvictDmaReadScenario {
        public NoWait() {
            super(DaxDesigns.NO_WAIT);
        }
    }

    /**
     * Dan Williams' "[v2,05/18] xfs: Add xfs_break_layouts() to the inode eviction path" (seed 003): evict takes
     * IOLOCK and MMAPLOCK exclusive and waits uninterruptibly for {@code dax_page_idle()} (1-based), dropping the
     * MMAPLOCK while it sleeps. Expected SAFE here: the pinner needs no lock, so the wait ends with the unpin.
     * (Its cost is elsewhere: Dave Chinner's lockdep and reclaim objections, race C3.)
     */
    @Design(value = "EVICT_BREAK_LAYOUTS_LOCKED", expected = Expected.SAFE,
            source = "seed 003: [v2,05/18] xfs: Add xfs_break_layouts() to the inode eviction path (Dan Williams, 2022-09-16)")
    public abstract static class EvictBreakLayoutsLocked extends UnpinVsEvictDmaReadScenario {
        public EvictBreakLayoutsLocked() {
            super(DaxDesigns.EVICT_BREAK_LAYOUTS_LOCKED);
        }
    }

    /**
     * {@code dax_break_layout_final()} as merged around v6.15 (Alistair Popple, "fs/dax: properly refcount fs dax
     * pages"): first thing in {@code ext4_evict_inode()}/{@code xfs_fs_evict_inode()}, wait with no lock held
     * until every page is idle (0-based: {@code dax_page_is_idle()}). Expected SAFE.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in UnpinVsEvictOutcome says:
     * <ul>
     *   <li>{@code EVICT_WAITED}: dax_break_layout_final() slept until the unpin, then B was freed; I2 intact.</li>
     *   <li>{@code DEADLOCK}: Eviction's wait never ended although the pinner needs nothing.</li>
     * </ul>
     */
    @Design(value = "BREAK_LAYOUT_FINAL", expected = Expected.SAFE,
            source = "dax_break_layout_final(), fs/dax.c as merged around v6.15 (reference/kernel-protocols.md section 4)")
    public abstract static class BreakLayoutFinal extends UnpinVsEvictDmaReadScenario {
        public BreakLayoutFinal() {
            super(DaxDesigns.BREAK_LAYOUT_FINAL);
        }
    }

    /**
     * The pin holds the inode (Dave Chinner in seed 000: "it must first ensure that it holds an inode reference
     * ... that will spans the life of the pin"; Jason Gunthorpe in seed 003: "hold the inode reference for the from
     * the pin_user_pages() to the unpin_user_page()"; Jan Kara: "we would keep *inode* referenced while there are
     * its pages pinned"). GUP's slow path takes {@code ihold()} from the VMA's file; the unpin drops it, and if it
     * is the last, evicts. Eviction itself waits for nothing. Expected SAFE (its cost, per Jan Kara, is "heavy
     * stress on inode refcount", and an {@code iput()} in I/O completion context).
     *
     * <p>Its outcomes, where they mean more here than its @Grade in UnpinVsEvictOutcome says:
     * <ul>
     *   <li>{@code CLEAN}: The DMA and the unpin were over before the unlink; I2 got B intact.</li>
     *   <li>{@code EVICT_WAITED}: Eviction slept until the unpin (not this design's behaviour, but harmless).</li>
     *   <li>{@code EVICT_AT_UNPIN}: The pin held I1: the unpin's iput was the final one, after the DMA; I2 got another block.</li>
     *   <li>{@code STORAGE_UAF}: The device read B after eviction freed it although the pin held I1.</li>
     *   <li>{@code WARN_BUSY_TRUNCATE}: Eviction truncated a pinned B although the pin held I1.</li>
     *   <li>{@code DEADLOCK}: Nothing in this design waits: a hang is a model bug.</li>
     * </ul>
     */
    @Design(value = "INODE_REF_PER_PIN", expected = Expected.SAFE,
            source = "seed 000 (Dave Chinner 2022-09-22); seed 003 (Jan Kara 2022-09-23, Jason Gunthorpe 2022-09-30)")
    public abstract static class InodeRefPerPin extends UnpinVsEvictDmaReadScenario {
        public InodeRefPerPin() {
            super(DaxDesigns.INODE_REF_PER_PIN);
        }
    }

    /**
     * Dan Williams' "keep the inode dirty while pinned" (seed 003, 2022-09-23: "What about instead of keeping the
     * inode *referenced* while there might be pinned pages, keep the inode *dirty*?"; the rest of that mail is cut
     * from the seed). Read precisely with his 2022-09-29 mail: a pin marks the inode I_DIRTY_PAGES (so the inode
     * cache will not reclaim it), and {@code write_inode_now()}, "when the inode is committed to going out of
     * scope", waits {@code __wait_var_event(page, dax_page_idle(page))} for busy pages. Eviction itself waits for
     * nothing. Expected BROKEN here: {@code iput_final()} calls {@code write_inode_now()} only for an inode it does
     * not drop (unmount, I_DONTCACHE); an unlinked inode is dropped ({@code generic_drop_inode()}) and goes straight
     * to {@code evict()}, so thread2's unlink frees B under the pin exactly as in NO_WAIT.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in UnpinVsEvictOutcome says:
     * <ul>
     *   <li>{@code EVICT_WAITED}: Something slept until the unpin (not reached for an unlinked inode, but harmless).</li>
     *   <li>{@code STORAGE_UAF}: BUG: the unlinked I1 was evicted without write_inode_now(); the device read B after it was freed.</li>
     *   <li>{@code WARN_BUSY_TRUNCATE}: BUG: the unlinked I1 was evicted without write_inode_now(); truncate met the pinned B (d2c997c0f145).</li>
     *   <li>{@code DEADLOCK}: Nothing on this path waits: a hang is a model bug.</li>
     * </ul>
     */
    @Design(value = "KEEP_INODE_DIRTY", expected = Expected.BROKEN,
            source = "seed 003 (Dan Williams 2022-09-23 'keep the inode *dirty*', 2022-09-29 write_inode_now() wait)")
    public abstract static class KeepInodeDirty extends UnpinVsEvictDmaReadScenario {
        public KeepInodeDirty() {
            super(DaxDesigns.KEEP_INODE_DIRTY);
        }
    }
}
