package org.gupstress.stress.dax;

import static org.gupstress.stress.dax.UnpinVsEvictOutcome.EVICT_AT_UNPIN;
import static org.gupstress.stress.dax.UnpinVsEvictOutcome.EVICT_WAITED;
import static org.gupstress.stress.dax.UnpinVsEvictOutcome.STORAGE_UAF;
import static org.gupstress.stress.dax.UnpinVsEvictOutcome.WARN_BUSY_TRUNCATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.drivers.DmaBuffer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.mm.DaxPage;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C1 reached deterministically: every FORBIDDEN outcome of the BROKEN designs (NO_WAIT, KEEP_INODE_DIRTY) in
 * both scenarios, and the SAFE designs under the same scripts. The scripts run the concrete JCStress test classes'
 * own actors and arbiter.
 */
class UnpinVsEvictTest {
    private static final String PINNER = "PINNER";
    private static final String TEARDOWN = "TEARDOWN";
    private static final String BEFORE_TRANSFER = DmaBuffer.BEFORE_TRANSFER.name();
    private static final String TRANSFER_DONE = DmaBuffer.TRANSFER_DONE.name();
    private static final String BEFORE_SLEEP = WaitVar.BEFORE_SCHEDULE.name();

    // ---- DMA write: the device writes into B.

    /** The device is slow: the whole teardown, B's reuse by I2 included, happens before its transfer. */
    private static UnpinVsEvictOutcome dmaAfterReuse(UnpinVsEvictDmaWriteScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread(PINNER, t::pinner)
                .thread(TEARDOWN, t::teardown)
                .step(PINNER, BEFORE_TRANSFER)
                .step(TEARDOWN, Interleaving.END)
                .step(PINNER, Interleaving.END)
                .run();
        return arbiter(t);
    }

    /** The device transferred, but the completion has not unpinned B when the teardown runs. */
    private static void teardownBeforeUnpin(UnpinVsEvictWorld t, Runnable pinner) {
        Interleaving.in(t.world()::useSchedule)
                .thread(PINNER, pinner)
                .thread(TEARDOWN, t::teardown)
                .step(PINNER, TRANSFER_DONE)
                .step(TEARDOWN, Interleaving.END)
                .step(PINNER, Interleaving.END)
                .run();
    }

    @Test
    void noWaitDmaWritesIntoI2sBlock() {
        UnpinVsEvictDmaWriteScenario t = new UnpinVsEvictDmaWrite.NoWait();
        assertEquals(STORAGE_UAF, dmaAfterReuse(t));
        assertSame(t.b, t.i2.blockAt(0), "I2 received B, the block I1's eviction freed");
        assertEquals(UnpinVsEvictDmaWriteScenario.D_DMA, t.b.readWord(0), "the device's data overwrote I2's");
        assertTrue(DaxPage.truncatedBusyPage(t.world.sanitizer()), "truncate met the busy page on the way");
    }

    @Test
    void noWaitTruncatesPinnedPage() {
        UnpinVsEvictDmaWriteScenario t = new UnpinVsEvictDmaWrite.NoWait();
        teardownBeforeUnpin(t, t::pinner);
        assertEquals(WARN_BUSY_TRUNCATE, arbiter(t));
        assertEquals(UnpinVsEvictWorld.D_I2, t.b.readWord(0), "I2's data is intact: the DMA was lucky");
    }

    @Test
    void keepInodeDirtyDoesNotCoverAnUnlinkedInode() {
        UnpinVsEvictDmaWriteScenario t = new UnpinVsEvictDmaWrite.KeepInodeDirty();
        assertEquals(STORAGE_UAF, dmaAfterReuse(t));
        assertEquals(0, t.i1.daxLayoutSleeps(), "nothing waited: write_inode_now() is never reached for an unlinked inode");
    }

    @Test
    void keepInodeDirtyTruncatesPinnedPage() {
        UnpinVsEvictDmaWriteScenario t = new UnpinVsEvictDmaWrite.KeepInodeDirty();
        teardownBeforeUnpin(t, t::pinner);
        assertEquals(WARN_BUSY_TRUNCATE, arbiter(t));
    }

    /** The waiting designs under the slow-device script: eviction sleeps until the unpin; I2 is intact. */
    private static void evictionWaits(UnpinVsEvictDmaWriteScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread(PINNER, t::pinner)
                .thread(TEARDOWN, t::teardown)
                .step(PINNER, BEFORE_TRANSFER)
                .step(TEARDOWN, BEFORE_SLEEP)
                .step(PINNER, Interleaving.END)
                .step(TEARDOWN, Interleaving.END)
                .run();
        assertEquals(EVICT_WAITED, arbiter(t));
        assertSame(t.b, t.i2.blockAt(0), "B was freed after the unpin and reused");
        assertEquals(UnpinVsEvictWorld.D_I2, t.b.readWord(0), "I2's data is intact");
    }

    @Test
    void breakLayoutFinalWaitsForTheUnpin() {
        evictionWaits(new UnpinVsEvictDmaWrite.BreakLayoutFinal());
    }

    @Test
    void evictBreakLayoutsLockedWaitsForTheUnpin() {
        evictionWaits(new UnpinVsEvictDmaWrite.EvictBreakLayoutsLocked());
    }

    @Test
    void inodeRefPerPinDefersEvictionToTheUnpin() {
        UnpinVsEvictDmaWriteScenario t = new UnpinVsEvictDmaWrite.InodeRefPerPin();
        assertEquals(EVICT_AT_UNPIN, dmaAfterReuse(t));
        assertNotSame(t.b, t.i2.blockAt(0), "B was still I1's when I2 allocated");
        assertEquals(UnpinVsEvictWorld.D_I2, t.i2.blockAt(0).readWord(0), "I2's data is intact");
        assertTrue(t.i1.isFreed(), "the unpin's iput evicted I1");
    }

    // ---- DMA read: the device reads B into X.

    private static UnpinVsEvictOutcome readAfterReuse(UnpinVsEvictDmaReadScenario t) {
        Interleaving.in(t.world()::useSchedule)
                .thread(PINNER, t::pinner)
                .thread(TEARDOWN, t::teardown)
                .step(PINNER, BEFORE_TRANSFER)
                .step(TEARDOWN, Interleaving.END)
                .step(PINNER, Interleaving.END)
                .run();
        return arbiter(t);
    }

    @Test
    void noWaitDmaReadsI2sData() {
        UnpinVsEvictDmaReadScenario t = new UnpinVsEvictDmaRead.NoWait();
        assertEquals(STORAGE_UAF, readAfterReuse(t));
        assertEquals(UnpinVsEvictWorld.D_I2, t.xBlock.readWord(0), "X received I2's data: a leak across files");
        assertTrue(t.world.sanitizer().has(ViolationKind.USE_AFTER_FREE));
    }

    @Test
    void noWaitReadTruncatesPinnedPage() {
        UnpinVsEvictDmaReadScenario t = new UnpinVsEvictDmaRead.NoWait();
        teardownBeforeUnpin(t, t::pinner);
        assertEquals(WARN_BUSY_TRUNCATE, arbiter(t));
        assertEquals(UnpinVsEvictWorld.D_I1, t.xBlock.readWord(0), "X got I1's data: the DMA was lucky");
    }

    @Test
    void keepInodeDirtyReadLeaks() {
        UnpinVsEvictDmaReadScenario t = new UnpinVsEvictDmaRead.KeepInodeDirty();
        assertEquals(STORAGE_UAF, readAfterReuse(t));
    }

    @Test
    void keepInodeDirtyReadTruncatesPinnedPage() {
        UnpinVsEvictDmaReadScenario t = new UnpinVsEvictDmaRead.KeepInodeDirty();
        teardownBeforeUnpin(t, t::pinner);
        assertEquals(WARN_BUSY_TRUNCATE, arbiter(t));
    }

    @Test
    void breakLayoutFinalReadGetsI1sData() {
        UnpinVsEvictDmaReadScenario t = new UnpinVsEvictDmaRead.BreakLayoutFinal();
        Interleaving.in(t.world()::useSchedule)
                .thread(PINNER, t::pinner)
                .thread(TEARDOWN, t::teardown)
                .step(PINNER, BEFORE_TRANSFER)
                .step(TEARDOWN, BEFORE_SLEEP)
                .step(PINNER, Interleaving.END)
                .step(TEARDOWN, Interleaving.END)
                .run();
        assertEquals(EVICT_WAITED, arbiter(t));
        assertEquals(UnpinVsEvictWorld.D_I1, t.xBlock.readWord(0));
    }

    @Test
    void inodeRefPerPinReadGetsI1sData() {
        UnpinVsEvictDmaReadScenario t = new UnpinVsEvictDmaRead.InodeRefPerPin();
        assertEquals(EVICT_AT_UNPIN, readAfterReuse(t));
        assertEquals(UnpinVsEvictWorld.D_I1, t.xBlock.readWord(0));
    }

    private static UnpinVsEvictOutcome arbiter(UnpinVsEvictDmaWriteScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (UnpinVsEvictOutcome) r.r1;
    }

    private static UnpinVsEvictOutcome arbiter(UnpinVsEvictDmaReadScenario t) {
        L_Result r = new L_Result();
        t.arbiter(r);
        return (UnpinVsEvictOutcome) r.r1;
    }
}
