package org.gupstress.stress.ksm;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The file-backed proposal's protecting walk against GUP-fast pinning the page for write through a PTE that the
 * walk has not write-protected yet (seed 001: "GUP also will break the protection", "we just do not allow
 * protection to work on GUPed page").
 *
 * <p>Process A wrote to the shared file page (a writable dirty PTE); the protector ({@link PageProtect#protect})
 * walks {@code i_mmap} (or, for Glisse's KSM_STABLE_LIST, the stable node's rmap items) and write-protects every
 * PTE of the page; a direct-I/O read pins the page through A with
 * {@code gup_fast()} (FOLL_PIN | FOLL_WRITE, no slow path). GUP-fast holds no lock the walk takes: neither the folio
 * lock nor {@code i_mmap_rwsem} nor the PTE lock. Only the write_protect_page() pairing stops it: clear and flush the
 * PTE, then compare the counts (the page cache's reference counts as {@code swapped}), against GUP-fast's
 * reference-then-re-check. A walk that write-protects the way {@code folio_mkclean()} does, with no count check
 * ({@link FolioLockedWalk}), protects a page that a DMA is about to write: {@link PinOutcome#PIN_ON_MERGED}. The
 * folio lock does not help: GUP-fast never takes it.
 */
@Scenario(family = "E", id = "protect-vs-gup-fast",
        title = "file page protect (i_mmap walk or stable list) vs GUP-fast pinning through a writable PTE",
        outcomes = PinOutcome.class)
@GenerateTests
public abstract class ProtectVsGupFastScenario extends FileProtectRace {
    private final Folio[] pages = new Folio[1];
    /** Written by GUP_FAST, read by the arbiter. */
    private boolean kept;

    protected ProtectVsGupFastScenario(Config config) {
        super(config, true, "gupFast");
    }

    /** A direct-I/O read into the page through A: {@code gup_fast()}, FOLL_PIN | FOLL_WRITE, no slow path. */
    @Actor
    public void gupFast() {
        try (Task me = fs.world.tasks().start("gupFast")) {
            start.arrive();
            kept = Gup.gupFast(fs.mmA, FileCopies.ADDR, 1, GupFlags.FOLL_PIN | GupFlags.FOLL_WRITE, pages) == 1;
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /** Public for the JUnit scripts, which run the same actors and must classify the same way. */
    public PinOutcome classify() {
        boolean shared = fs.protection.state() == PageProtect.State.PROTECTED;
        if (hung || !fs.world.sanitizer().clean() || (shared && !protectedOk) || (kept && pages[0] != fs.folio)
                || (shared && !PageProtect.writableMappings(fs.protection).isEmpty())) {
            Unexpected.print(getClass(), fs.world, hung ? "an actor hung" : fs.describe());
            return PinOutcome.UNEXPECTED;
        }
        return PinOutcome.of(shared, kept);
    }

    /**
     * Matthew Wilcox's i_mmap walk without the folio lock, each PTE write-protected as KSM does. Expected SAFE here:
     * against GUP-fast only the per-PTE clear-then-check matters (this design loses to a spawning fault instead,
     * {@link ProtectVsSpawningFaultScenario}).
     */
    @Design(value = "I_MMAP_WALK_UNLOCKED", expected = Expected.SAFE,
            source = "Matthew Wilcox in seed 001 (linux-mm 2020-10-07): \"Or you use the i_mmap tree\"; no folio lock")
    public abstract static class IMmapWalkUnlocked extends ProtectVsGupFastScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.I_MMAP_WALK_UNLOCKED).build();

        public IMmapWalkUnlocked() {
            super(CONFIG);
        }
    }

    /**
     * The folio lock and {@code i_mmap_rwsem} across the walk, KSM's clear, flush and count check at each PTE.
     * Expected SAFE.
     */
    @Design(value = "I_MMAP_WALK_LOCKED", expected = Expected.SAFE,
            source = "reference/kernel-protocols-2.md section 2 design 4: i_mmap_rwsem and folio lock across walk and write-protect, KSM per-PTE check")
    public abstract static class IMmapWalkLocked extends ProtectVsGupFastScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.I_MMAP_WALK_LOCKED).build();

        public IMmapWalkLocked() {
            super(CONFIG);
        }
    }

    /**
     * Jerome Glisse's alias list: ksmd write-protects the PTEs its stable node lists (here A's), each with KSM's
     * clear, flush and count check, under the folio lock. Expected SAFE here: the check sees GUP-fast as it does in
     * anonymous KSM (this design loses to truncate instead, {@link ProtectVsTruncateScenario}).
     */
    @Design(value = "KSM_STABLE_LIST", expected = Expected.SAFE,
            source = "Jerome Glisse, seed 001 and <20201007010603.3452458-1-jglisse>: the stable node's alias list; mm/ksm.c write_protect_page()")
    public abstract static class KsmStableList extends ProtectVsGupFastScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.KSM_STABLE_LIST).build();

        public KsmStableList() {
            super(CONFIG);
        }
    }

    /**
     * The folio lock across the walk, each PTE write-protected as {@code folio_mkclean()} does, no count check.
     * Expected BROKEN (PIN_ON_MERGED): GUP-fast pins through the writable PTE before the walk clears it; the folio
     * lock does not stop GUP-fast, which never takes it.
     */
    @Design(value = "FOLIO_LOCKED_WALK", expected = Expected.BROKEN,
            source = "reference/kernel-protocols-2.md section 2 design 5; mm/rmap.c folio_mkclean() / page_vma_mkclean_one()")
    public abstract static class FolioLockedWalk extends ProtectVsGupFastScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.FOLIO_LOCKED_WALK).build();

        public FolioLockedWalk() {
            super(CONFIG);
        }
    }
}
