package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.IntField;
import org.gupstress.model.kernel.PercpuRef;
import org.gupstress.model.kernel.SharedStructure;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.rcu.Srcu;
import org.gupstress.model.kernel.sched.Completion;

/**
 * {@code struct dev_pagemap} (include/linux/memremap.h) with the memmap of its one range: the {@code ref}
 * percpu_ref, the {@code done} completion its release completes, the ZONE_DEVICE pages, and the state the oracles
 * need. Created by {@link Memremap#memremapPages}.
 *
 * <p>Also here, because a world of this family has exactly one device: its {@code pgmap_array} slot
 * ({@link #published}, the {@code xa_load()} of {@code get_dev_pagemap()}), the DAX device's alive flag and SRCU
 * ({@code DAXDEV_ALIVE}, {@code dax_srcu}; the alive flag of seed 000's {@code pgmap_folio_get()} is the same
 * protocol), and the RCU that {@code get_dev_pagemap()} and GUP-fast's interrupts-off section stand in.
 *
 * <p>Memory effects: {@code alive} is the {@code DAXDEV_ALIVE} bit ({@code test_bit()} a READ_ONCE,
 * {@code clear_bit()} a store that {@code synchronize_srcu()}'s barrier orders); {@code published} the
 * {@code pgmap_array} slot (an {@code xa_store()} that publishes with a release, an {@code xa_load()} that reads it
 * with an acquire, as {@code rcu_assign_pointer()}/{@code rcu_dereference()}). {@code drained} and
 * {@code memmapFreed} are the oracles' own bookkeeping, no kernel memory: sequentially consistent and invisible to
 * the explorer ({@link IntField#oracleGet}), so an oracle that reads {@link #memmapFreed()} true is ordered after the
 * free and never reports a touch that happened before it, nor misses one because the flag sat in a store buffer.
 */
public final class DevPagemap {
    final World world;
    final String name;
    final PercpuRef ref;
    final Completion done;
    final ZoneDevicePage[] pages;
    final Srcu daxSrcu;
    final Srcu rcu;
    /** The mappings of the pages (the rmap the sweep designs walk). Set up before the world is shared. */
    final List<DeviceMapping> mappings = new ArrayList<>(1);
    /** {@code dax_alive()} / seed 000's "is pgmap alive": 1 while {@code DAXDEV_ALIVE} is set. */
    private int alive = 1;
    private static final IntField ALIVE = IntField.of(MethodHandles.lookup(), DevPagemap.class, "alive");
    /** 1 while {@code xa_load(&pgmap_array, pfn)} finds it. */
    private int published;
    private static final IntField PUBLISHED = IntField.of(MethodHandles.lookup(), DevPagemap.class, "published");
    /** Oracle: 1 once memunmap_pages()'s {@code wait_for_completion(&pgmap->done)} has returned. */
    private int drained;
    private static final IntField DRAINED = IntField.of(MethodHandles.lookup(), DevPagemap.class, "drained");
    /** Oracle: 1 once {@code pageunmap_range()} has freed the memmap (and the driver may free the pgmap). */
    private int memmapFreed;
    private static final IntField MEMMAP_FREED = IntField.of(MethodHandles.lookup(), DevPagemap.class, "memmapFreed");

    DevPagemap(World world, String name, int nrPages, long firstPfn) {
        this.world = world;
        this.name = name;
        this.done = new Completion(name + ".done");
        this.ref = new PercpuRef(name + ".ref", world.sanitizer(), this::devPagemapPercpuRelease);
        this.pages = new ZoneDevicePage[nrPages];
        for (int i = 0; i < nrPages; i++) {
            pages[i] = new ZoneDevicePage(this, firstPfn + i);
        }
        this.daxSrcu = new Srcu(name + ".dax_srcu");
        this.rcu = new Srcu("rcu");
        SharedStructure.created(this);
    }

    /**
     * {@code dev_pagemap_percpu_release()}: the percpu_ref's release, run by the put that took the count to zero;
     * {@code complete(&pgmap->done)}. Between that put and the completion the count is zero but memunmap_pages()'s
     * wait has not returned: a get there ({@code percpu_ref_get()} does not check) resurrects a ref whose drain is
     * already decided ({@link Memremap#PGMAP_RELEASE}).
     */
    private void devPagemapPercpuRelease() {
        world.at(Memremap.PGMAP_RELEASE);
        done.complete(world.schedule());
    }

    public String name() {
        return name;
    }

    /** The page at index {@code i} of the range. */
    public ZoneDevicePage page(int i) {
        return pages[i];
    }

    public World world() {
        return world;
    }

    /** True once memunmap_pages() freed the memmap. */
    public boolean memmapFreed() {
        return MEMMAP_FREED.oracleGet(this) != 0;
    }

    /** True once memunmap_pages()'s drain (wait_for_completion) returned. */
    public boolean drained() {
        return DRAINED.oracleGet(this) != 0;
    }

    /** The drain is over: memunmap_pages()'s wait returned, or the release already completed {@code done}. */
    boolean drainedOrReleased() {
        return drained() || done.completionDone();
    }

    /** The {@code ref} (for reports and tests). */
    public PercpuRef ref() {
        return ref;
    }

    /**
     * {@code kill_dax()} (drivers/dax/super.c) on this device: {@code clear_bit(DAXDEV_ALIVE)}, then
     * {@code synchronize_srcu(&dax_srcu)}: "operations that start after synchronize_srcu() has run will abort upon
     * seeing !dax_alive()". A registered wait.
     */
    public void killDax(String who) {
        ALIVE.writeOnce(this, 0); // clear_bit(DAXDEV_ALIVE, &dax_dev->flags): unordered, before the barrier below
        daxSrcu.synchronize(world.watchdog(), world.schedule(), who + " kill_dax");
    }

    /** Oracle: {@code who} dereferences this pgmap ({@code pgmap->ops}, {@code pgmap->ref}). */
    void touch(String who) {
        if (memmapFreed()) {
            world.sanitizer().report(ViolationKind.PGMAP_UAF, who + " touched " + name + " after memunmap_pages() returned");
        }
    }

    /** {@code dax_alive()} (drivers/dax/super.c): {@code test_bit(DAXDEV_ALIVE, &dax_dev->flags)}, a READ_ONCE. */
    boolean daxAlive() {
        return ALIVE.readOnce(this) != 0;
    }

    /** {@code xa_store(&pgmap_array, ...)} of this pgmap ({@code true}) or of NULL: a release. */
    void setPublished(boolean on) {
        PUBLISHED.storeRelease(this, on ? 1 : 0);
    }

    /** {@code xa_load(&pgmap_array, pfn)} finds this pgmap: an acquire. */
    boolean published() {
        return PUBLISHED.loadAcquire(this) != 0;
    }

    /** The drain is over (oracle bookkeeping, {@link IntField#oracleSet}). */
    void noteDrained() {
        DRAINED.oracleSet(this, 1);
    }

    /** {@code arch_remove_memory()} freed the memmap (oracle bookkeeping). */
    void noteMemmapFreed() {
        MEMMAP_FREED.oracleSet(this, 1);
    }

    @Override
    public String toString() {
        return name + "{" + ref + (ALIVE.oracleGet(this) != 0 ? "" : ", !alive") + (drained() ? ", drained" : "")
                + (memmapFreed() ? ", memmap freed" : "") + "}";
    }
}
