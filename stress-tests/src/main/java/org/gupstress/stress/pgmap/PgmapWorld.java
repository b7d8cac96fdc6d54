package org.gupstress.stress.pgmap;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.drivers.DeviceRemove;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.DevPagemap;
import org.gupstress.model.mm.DeviceMapping;
import org.gupstress.model.mm.Memremap;
import org.gupstress.model.mm.PgmapRef;
import org.gupstress.model.mm.ZoneDevicePage;
import org.gupstress.stress.Rendezvous;

/**
 * The world of family D's scenarios: one device ({@code memremap_pages()} of one page at pfn 0x100) and one user
 * mapping of its page, under one {@link PgmapRef} design; what the scenarios' actors share (the start line, the
 * removal, a pin used and dropped); and the oracles' verdict shared by the arbiters.
 */
final class PgmapWorld {
    final World world;
    final DevPagemap pgmap;
    final DeviceMapping mapping;
    /** The sample's actors start together (see {@link Rendezvous}). */
    private final Rendezvous startLine = new Rendezvous();

    PgmapWorld(PgmapRef design, String... tasks) {
        world = new World(Config.builder().set(Memremap.PGMAP_REF, design).build());
        for (String t : tasks) {
            world.tasks().fork(t);
        }
        pgmap = Memremap.memremapPages(world, "pmem0", 1, 0x100);
        mapping = new DeviceMapping(pgmap, 0, "M");
    }

    /** The mapping faulted in before the race (setup). */
    PgmapWorld faulted() {
        if (!mapping.daxFault("setup")) {
            throw new IllegalStateException("setup fault refused: " + pgmap);
        }
        return this;
    }

    /** An actor's start: waits at the sample's start line, then starts {@code task}, which the actor closes. */
    Task start(String task) {
        startLine.arrive();
        return world.tasks().start(task);
    }

    /**
     * The actor that runs the driver's {@code ->remove()} ({@link DeviceRemove#remove}) as task {@code task}. A wait
     * that can never end is recorded by the detector (HUNG / DEADLOCK) and ends in {@link Hung}, caught here: the
     * arbiter reports UNMAP_HUNG.
     */
    void removeDevice(String task) {
        try (Task me = start(task)) {
            DeviceRemove.remove(pgmap, mapping);
        } catch (Hung h) {
            // recorded by the detector
        }
    }

    /**
     * A GUP-fast reference through the mapping ({@link DeviceMapping#gupFast}), a DMA to the page, {@code holding}
     * (the reference is held), and its put ({@link DeviceMapping#unpin}), as {@code who}, inside the caller's task.
     *
     * @return true if GUP-fast got the page
     */
    boolean pinUseUnpin(String who, SchedulePoint holding) {
        return pinUseUnpin(who, holding, () -> { });
    }

    /** As {@link #pinUseUnpin(String, SchedulePoint)}, running {@code afterUse} between the DMA and {@code holding}. */
    boolean pinUseUnpin(String who, SchedulePoint holding, Runnable afterUse) {
        ZoneDevicePage p = mapping.gupFast(who);
        if (p == null) {
            return false;
        }
        p.access(who + " DMA");
        afterUse.run();
        world.at(holding);
        mapping.unpin(p, who);
        return true;
    }

    /**
     * The sample's outcome: the bug the oracles saw (an outcome of the same name in {@code type}), or, if none,
     * {@code clean} after checking that the sample did end cleanly.
     */
    <E extends Enum<E>> E outcome(Class<E> type, E clean) {
        if (mapping.mapped() && pgmap.memmapFreed() && !ptesOutliveRemoval()) {
            // The removal unmapped the page, yet a PTE maps it now: a racing fault installed it (after the unmap,
            // as INTRINSIC_CHECK_OUTSIDE lets it) and its memmap was freed under it. The user's access that the
            // fault was for, retried through the new PTE, reaches freed device memory. Not under a removal that
            // leaves PTEs in place (SWEEP_NO_UNMAP): there the PTE is the setup's, in every sample.
            mapping.page().access("the user access a fault installed its PTE for, after memunmap_pages()");
        }
        String bug = bug();
        if (bug != null) {
            return Enum.valueOf(type, bug);
        }
        checkCleanEnd();
        return clean;
    }

    /** True if the design's removal leaves user PTEs in place ({@link PgmapRef.Sweep#WAIT_ONLY}). */
    private boolean ptesOutliveRemoval() {
        return world.config().get(Memremap.PGMAP_REF).sweep() == PgmapRef.Sweep.WAIT_ONLY;
    }

    /** The bug the oracles saw, most causal first; null if none. */
    String bug() {
        Sanitizer s = world.sanitizer();
        if (s.has(ViolationKind.REF_AFTER_DRAIN)) {
            return "REF_AFTER_DRAIN";
        }
        if (s.has(ViolationKind.PGMAP_UAF)) {
            return "PGMAP_UAF";
        }
        if (s.has(ViolationKind.HUNG) || s.has(ViolationKind.DEADLOCK)) {
            return "UNMAP_HUNG";
        }
        return null;
    }

    /**
     * For a sample with no bug: the removal completed, nothing else was reported, nothing is left referenced, and the
     * page is unmapped, unless the design's removal leaves user PTEs in place ({@link PgmapRef.Sweep#WAIT_ONLY}).
     * Such a PTE maps freed device memory ("memunmap_pages() can complete even though pages are still mapped",
     * 0dc45ca1ce18), but the arbiter makes no access through it: an access of its own after the removal would be a
     * bug in every sample, whatever the actors did (bug rate 1.0, no race tested). Only the actors' accesses count,
     * so the bug is seen when an actor's GUP-fast races the removal and comes after its idle wait.
     */
    private void checkCleanEnd() {
        Sanitizer s = world.sanitizer();
        if (!s.clean() || !pgmap.memmapFreed() || pgmap.page(0).refcountForReport() != 0
                || (mapping.mapped() && !ptesOutliveRemoval())) {
            throw new IllegalStateException("unclassifiable sample: " + pgmap + ", " + mapping + "; " + s);
        }
    }
}
