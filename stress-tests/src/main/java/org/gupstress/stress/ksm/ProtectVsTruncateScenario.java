package org.gupstress.stress.ksm;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.ext4.Ext4Truncate;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Matthew Wilcox's objection to Jerome Glisse's alias list (linux-mm, 2020-10-08, reference
 * kernel-protocols-2.md section 2): "by putting that logic in the page fault path, you've missed the truncate
 * path. And maybe other places."
 *
 * <p>Process A wrote to the file page (a writable dirty PTE). The protector ({@link PageProtect#protect}) merges
 * it; the file is truncated to zero ({@code truncate(2)}: {@code ext4_setattr()}, {@code truncate_pagecache()}:
 * unmap every mapping, then {@code truncate_inode_pages()}). In Glisse's design a protected page's
 * {@code folio->mapping} points to the alias list, not to the file's {@code address_space}, while the page stays
 * in the page cache: truncate finds it, locks it, sees a {@code mapping} that is not its own, cannot remove it
 * ({@code truncate_inode_folio()}: {@code -EIO}) and restarts its lookup "to make sure all gone" (mm/truncate.c
 * {@code truncate_inode_pages_range()}), forever: only a write fault, where the break hook lives, could give the
 * page back, and truncate has unmapped every mapping that could fault. {@link Truncated#TRUNCATE_LIVELOCK}; the
 * model turns the endless restart into a wait that its task registry reports as HUNG once the protector has
 * returned. The i_mmap designs leave {@code folio->mapping} alone: truncate removes the page, protected or not.
 */
@Scenario(family = "E", id = "protect-vs-truncate",
        title = "file page protect vs truncate of the file (Wilcox: \"you've missed the truncate path\")",
        outcomes = ProtectVsTruncateScenario.Truncated.class)
@GenerateTests
public abstract class ProtectVsTruncateScenario extends FileProtectRace {
    /** How the protection and the truncate ended. */
    public enum Truncated {
        /** Truncate removed or unmapped the page first: the protector found it gone and protected nothing. */
        @Grade(kind = OK, desc = "Truncate unmapped or removed the page first; the protector found it gone or unmapped.")
        TRUNCATED_FIRST,
        /** The page was protected, then truncate unmapped it and removed it from the file, protection and all. */
        @Grade(kind = OK, desc = "Protected, then truncate unmapped the page and removed it from the file, protection and all: harmless.")
        PROTECTED_THEN_TRUNCATED,
        /** Truncate keeps finding the protected page in the page cache with a mapping not its own: it never ends. */
        @Grade(kind = BUG, desc = "Truncate finds the protected page with a mapping not its own, cannot remove it and restarts forever; only a write fault could break the protection.")
        TRUNCATE_LIVELOCK,
        /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
        @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
        UNEXPECTED
    }

    /** Set by TRUNCATE when its wait was found to have nobody left to end it. */
    private boolean truncateHung;

    protected ProtectVsTruncateScenario(Config config) {
        super(config, true, "truncate");
    }

    /** {@code truncate(2)} of the file to zero pages. */
    @Actor
    public void truncate() {
        try (Task me = fs.world.tasks().start("truncate")) {
            start.arrive();
            try {
                Ext4Truncate.truncate(fs.inode, 0);
            } catch (Hung h) {
                truncateHung = true;
            }
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /** Public for the JUnit scripts, which run the same actors and must classify the same way. */
    public Truncated classify() {
        Sanitizer s = fs.world.sanitizer();
        boolean protectedNow = fs.protection.state() == PageProtect.State.PROTECTED;
        boolean inPageCache = fs.inode.mapping().xaLoad(0) == fs.folio;
        if (truncateHung && !hung && protectedOk && protectedNow && inPageCache
                && s.count(ViolationKind.HUNG) == s.violations().size() && !fs.folio.folioMapped()) {
            return Truncated.TRUNCATE_LIVELOCK;
        }
        if (truncateHung || hung || !s.clean() || inPageCache || fs.folio.folioMapped() || fs.folio.mapping() != null
                || protectedNow != protectedOk) {
            Unexpected.print(getClass(), fs.world, (hung || truncateHung ? "an actor hung; " : "") + fs.describe());
            return Truncated.UNEXPECTED;
        }
        return protectedOk ? Truncated.PROTECTED_THEN_TRUNCATED : Truncated.TRUNCATED_FIRST;
    }

    /**
     * Glisse's alias list, {@code folio->mapping} pointing to it while the page is protected, the break hook only
     * in the write fault. Expected BROKEN (TRUNCATE_LIVELOCK), as Matthew Wilcox argued.
     */
    @Design(value = "KSM_STABLE_LIST", expected = Expected.BROKEN,
            source = "Matthew Wilcox, linux-mm 2020-10-08 <20201008154341>: \"you've missed the truncate path\"; "
                    + "mm/truncate.c truncate_inode_pages_range(), truncate_inode_folio()")
    public abstract static class KsmStableList extends ProtectVsTruncateScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.KSM_STABLE_LIST).build();

        public KsmStableList() {
            super(CONFIG);
        }
    }

    /**
     * The folio lock and {@code i_mmap_rwsem} across the walk, KSM's per-PTE check; the protection is a state
     * beside the page, {@code folio->mapping} stays the file's. Expected SAFE: truncate removes the page.
     */
    @Design(value = "I_MMAP_WALK_LOCKED", expected = Expected.SAFE,
            source = "reference/kernel-protocols-2.md section 2 design 4; mm/truncate.c truncate_inode_folio()")
    public abstract static class IMmapWalkLocked extends ProtectVsTruncateScenario {
        private static final Config CONFIG = Config.builder().set(PageProtect.WALK, PageProtect.Walk.I_MMAP_WALK_LOCKED).build();

        public IMmapWalkLocked() {
            super(CONFIG);
        }
    }
}
