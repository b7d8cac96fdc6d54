package org.gupstress.stress.ksm;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import java.util.List;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.model.mm.Vma;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Latency;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Seed 001's open question, executable: "how do you synchronize to avoid more copy to spawn while you walk
 * reverse mapping, we could lock the struct page i guess."
 *
 * <p>Process A read the shared file page (a read-only clean PTE); B has it mapped (its VMA is in {@code i_mmap})
 * but has not touched it. The protector ({@link PageProtect#protect}) sets the protection and walks
 * {@code i_mmap}; B writes to the page: {@code do_shared_fault()}, which finds the folio ({@code filemap_fault()},
 * folio locked), calls {@code page_mkwrite} (the break hook: a protected folio is unprotected first), and installs
 * a writable PTE ({@code finish_fault()}), all with the folio locked. The walk's visit of B and B's fault can
 * interleave in one way that loses: the fault passes {@code page_mkwrite} before the protection is set, the walk
 * visits B while B's PTE is still empty, then the fault installs its writable PTE: a mapping spawned during the
 * walk and never write-protected ({@link Spawn#MISSED_SPAWN}). {@code i_mmap_rwsem} does not stop this: B's VMA
 * was linked long ago, and a fault does not take it. Holding the folio lock across the walk does: the fault holds
 * it from {@code filemap_fault()} to {@code finish_fault()}, so it runs entirely before the walk (which then finds
 * and write-protects B's PTE) or entirely after the protection is set (and breaks it).
 *
 * <p>A's PTE is read-only: with a writable PTE to check, the per-PTE count check would see the fault's reference
 * in flight and fail the protection, hiding the spawn behind a failure that is only there by chance.
 */
@Scenario(family = "E", id = "protect-vs-spawning-fault",
        title = "file page protect (i_mmap walk) vs a write fault mapping the page in another process (seed 001)",
        outcomes = ProtectVsSpawningFaultScenario.Spawn.class)
@GenerateTests
public abstract class ProtectVsSpawningFaultScenario extends FileProtectRace {
    /** How the protection and B's write fault ended. */
    public enum Spawn {
        /** B's write fault mapped the page before the walk reached B, and the walk write-protected B's PTE. */
        @Grade(kind = OK, desc = "B's write fault mapped the page first and the walk write-protected B's PTE: every copy found.")
        FAULT_FIRST_PROTECTED,
        /** B's write fault found the protection in page_mkwrite and broke it. */
        @Grade(kind = OK, desc = "B's write fault saw the protection in page_mkwrite and broke it before mapping the page writable.")
        BROKEN_BY_FAULT,
        /** The per-PTE check saw the fault's reference in flight: the protection failed. */
        @Grade(kind = OK, desc = "The per-PTE check saw the fault's reference in flight: protect failed, nothing is shared.")
        PROTECT_FAILED,
        /** Protected, with A's PTE writable. */
        @Grade(kind = FORBIDDEN, desc = "A's PTE is writable while the page is protected: the walk cannot skip a PTE that existed before it.")
        COPY_LEFT_WRITABLE,
        /** Protected, with B's PTE, mapped during the walk, writable. */
        @Grade(kind = BUG, desc = "B's fault checked page_mkwrite before the protection was set and installed its writable PTE after the walk passed B: a copy spawned during the walk.")
        MISSED_SPAWN,
        /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
        @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
        UNEXPECTED
    }

    /**
     * The upper bound of the filesystem's {@code page_mkwrite} work, in {@code Thread.onSpinWait()} calls (as
     * {@code GupVsWriteback}'s device latency: 200 took about 5 us on the AMD EPYC it was tuned on).
     */
    static final int PAGE_MKWRITE_LATENCY_SPINS = Latency.ABOUT_5_US;

    /**
     * Honest widening of the window: between the break hook's check in {@code page_mkwrite} and
     * {@code finish_fault()} a real fault does the filesystem's work ({@code ext4_page_mkwrite()}: journal start,
     * block reservation), which takes microseconds, not the few nanoseconds of the model's fault; without it the walk
     * rarely fits in the window (2 MISSED_SPAWN in 475,856 smoke samples). Every other point keeps the stress default.
     */
    private static final Schedule PAGE_MKWRITE_LATENCY = Latency.at(Memory.FAULT_BEFORE_SET_PTE, PAGE_MKWRITE_LATENCY_SPINS);

    protected ProtectVsSpawningFaultScenario(Config config) {
        super(config, false, "spawn");
        fs.world.useSchedule(PAGE_MKWRITE_LATENCY);
    }

    /** Process B stores to the page: a write fault on its empty PTE. */
    @Actor
    public void spawn() {
        try (Task me = fs.world.tasks().start("spawn")) {
            start.arrive();
            try {
                FileCopies.fault(fs.mmB, fs.vmaB, true);
            } catch (Hung h) {
                hung = true;
            }
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /** Public for the JUnit scripts, which run the same actors and must classify the same way. */
    public Spawn classify() {
        PageProtect.State state = fs.protection.state();
        if (hung || !fs.world.sanitizer().clean() || (state == PageProtect.State.PROTECTED && !protectedOk)
                || fs.folio.folioMapcount() != 2) {
            Unexpected.print(getClass(), fs.world, hung ? "an actor hung" : fs.describe());
            return Spawn.UNEXPECTED;
        }
        switch (state) {
            case BROKEN:
                return Spawn.BROKEN_BY_FAULT;
            case NONE:
                return Spawn.PROTECT_FAILED;
            default:
                List<Vma> writable = PageProtect.writableMappings(fs.protection);
                if (writable.contains(fs.vmaA)) {
                    return Spawn.COPY_LEFT_WRITABLE;
                }
                return writable.contains(fs.vmaB) ? Spawn.MISSED_SPAWN : Spawn.FAULT_FIRST_PROTECTED;
        }
    }

    /**
     * Matthew Wilcox's i_mmap walk without the folio lock. Expected BROKEN (MISSED_SPAWN): nothing orders B's
     * {@code page_mkwrite} check against the walk.
     */
    @Design(value = "I_MMAP_WALK_UNLOCKED", expected = Expected.BROKEN,
            source = "Matthew Wilcox in seed 001 (linux-mm 2020-10-07): \"Or you use the i_mmap tree\"; no folio lock")
    public abstract static class IMmapWalkUnlocked extends ProtectVsSpawningFaultScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.I_MMAP_WALK_UNLOCKED).build();

        public IMmapWalkUnlocked() {
            super(CONFIG);
        }
    }

    /**
     * The folio lock and {@code i_mmap_rwsem} across the walk, KSM's per-PTE check. Expected SAFE.
     */
    @Design(value = "I_MMAP_WALK_LOCKED", expected = Expected.SAFE,
            source = "reference/kernel-protocols-2.md section 2 design 4: i_mmap_rwsem and folio lock across walk and write-protect, KSM per-PTE check")
    public abstract static class IMmapWalkLocked extends ProtectVsSpawningFaultScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.I_MMAP_WALK_LOCKED).build();

        public IMmapWalkLocked() {
            super(CONFIG);
        }
    }

    /**
     * The folio lock across the walk, {@code folio_mkclean()}-style write-protect, no count check. Expected SAFE
     * here: every path that maps or write-enables a file PTE of the folio holds its lock (its pin problem is
     * {@link ProtectVsGupFastScenario}).
     */
    @Design(value = "FOLIO_LOCKED_WALK", expected = Expected.SAFE,
            source = "reference/kernel-protocols-2.md section 2 design 5; mm/rmap.c folio_mkclean() / page_vma_mkclean_one()")
    public abstract static class FolioLockedWalk extends ProtectVsSpawningFaultScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.FOLIO_LOCKED_WALK).build();

        public FolioLockedWalk() {
            super(CONFIG);
        }
    }
}
