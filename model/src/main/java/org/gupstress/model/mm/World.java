package org.gupstress.model.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.BarrierSite;
import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.locking.RwSemaphore;
import org.gupstress.model.kernel.locking.SpinLock;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.SchedulePoint;
import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.model.kernel.sched.Tasks;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.kernel.sched.Waitable;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * One small kernel: its design {@link Config}, its oracles ({@link Sanitizer}, {@link Watchdog}), its {@link Tasks}
 * (the threads running in it and what each is blocked on), its {@link Schedule}, the physical memory map, the
 * node's FOLL_PIN statistics, the address spaces built in it and the shrinkers reclaim may run. A JCStress state
 * builds a fresh world in its constructor, so every sample starts from the same known state; nothing is shared
 * between worlds except the global wait-queue hash table (as in the kernel, where {@code bit_wait_table} is
 * global).
 *
 * <p>Thread-safety: the world's objects are built on one thread and then shared with the actors through
 * JCStress's own publication (or {@code Thread.start()} in JUnit). Everything the actors touch concurrently is
 * a model object with its own documented access modes; the lists of shrinkers and mms are for building and
 * for diagnostics only.
 *
 * <p>The world is mm's: the kernel's services and mm's globals, which mm and everything above it work in. Filesystems
 * are mounted into it by the VFS ({@code fs.SuperBlock#mount}), which registers each superblock's {@link Shrinker}
 * here; the world names no filesystem.
 */
public final class World {
    private final Config config;
    private final Sanitizer sanitizer = new Sanitizer();
    private final Watchdog watchdog;
    private final VmStat vmstat = new VmStat();
    private final MemMap memMap;
    private final List<Shrinker> shrinkers = new ArrayList<>(2);
    private final List<Mm> mms = new ArrayList<>(2);
    /** Plain field: set at construction or by {@link #useSchedule} before the world is shared. */
    private Schedule schedule = Schedules.stressDefault();

    public World(Config config) {
        this.config = config;
        this.watchdog = new Watchdog(config.get(Watchdog.DEADLINE), sanitizer);
        this.memMap = new MemMap(this);
    }

    /** A world with every knob at the kernel's merged behaviour. */
    public World() {
        this(Config.defaults());
    }

    public Config config() {
        return config;
    }

    public Sanitizer sanitizer() {
        return sanitizer;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    /**
     * The world's tasks: which threads run in it, which are blocked on what, who holds what; the deadlock detector
     * works on it, and a scheduler may query it and subscribe to it (see {@link Tasks}).
     */
    public Tasks tasks() {
        return watchdog.tasks();
    }

    /** The world's schedule, unless a schedule is installed in every world ({@link Schedules#everyWorld()}). */
    public Schedule schedule() {
        Schedule every = Schedules.everyWorld();
        return every != null ? every : schedule;
    }

    /** The node's {@code nr_foll_pin_acquired} / {@code nr_foll_pin_released}. */
    public VmStat vmstat() {
        return vmstat;
    }

    /** {@code mem_map}: pfn to folio. */
    public MemMap memMap() {
        return memMap;
    }

    /**
     * Replaces the schedule (a {@link org.gupstress.model.kernel.sched.Interleaving} installs its scripted one).
     * Only before the world is shared with the threads that will use it.
     */
    public void useSchedule(Schedule schedule) {
        this.schedule = schedule;
    }

    // ----------------------------------------------------------------------------------------------------
    // Building.

    /**
     * {@code register_shrinker()}: reclaim ({@link Vmscan}) will run {@code shrinker}. The VFS registers each
     * superblock's shrinker when it mounts it, before the world is shared.
     */
    public void registerShrinker(Shrinker shrinker) {
        shrinkers.add(shrinker);
    }

    /** The registered shrinkers, in registration order ({@code shrinker_list}). */
    public List<Shrinker> shrinkers() {
        return shrinkers;
    }

    /** A new address space ({@code struct mm_struct}) with an empty VMA list and zeroed page tables. */
    public Mm newMm(String name) {
        Mm mm = new Mm(this, name);
        mms.add(mm);
        return mm;
    }

    public SpinLock newSpinLock(String name) {
        return new SpinLock(watchdog, name);
    }

    /** A spinlock named {@code owner + suffix}, joined only if a report needs it (no string built per sample). */
    public SpinLock newSpinLock(String owner, String suffix) {
        return new SpinLock(watchdog, owner, suffix);
    }

    public RwSemaphore newRwSemaphore(String name) {
        return new RwSemaphore(watchdog, name);
    }

    /** An rw_semaphore named {@code owner + suffix}, joined only if a report needs it. */
    public RwSemaphore newRwSemaphore(String owner, String suffix) {
        return new RwSemaphore(watchdog, owner, suffix);
    }

    public List<Mm> mms() {
        return mms;
    }

    // ----------------------------------------------------------------------------------------------------
    // The kernel services model code calls.

    /** The current thread reached {@code point} (see {@link Schedule#at}). */
    public void at(SchedulePoint point) {
        schedule().at(point);
    }

    /** {@code smp_mb()} at a site a design may weaken. */
    public void smpMb(BarrierSite site) {
        Barriers.smpMb(config, schedule(), site);
    }

    /** {@code smp_mb__after_atomic()} at a site a design may weaken. */
    public void smpMbAfterAtomic(BarrierSite site) {
        Barriers.smpMbAfterAtomic(config, schedule(), site);
    }

    /** {@code smp_mb__before_atomic()} at a site a design may weaken. */
    public void smpMbBeforeAtomic(BarrierSite site) {
        Barriers.smpMbBeforeAtomic(config, schedule(), site);
    }

    /** {@code wait_var_event(var, condition)}: see {@link WaitVar#waitVarEvent}. */
    public void waitVarEvent(Object var, BooleanSupplier condition, String what) {
        WaitVar.waitVarEvent(watchdog, schedule(), var, condition, what);
    }

    /** {@code ___wait_var_event(var, condition, ..., cmd)}: see {@link WaitVar#waitVarEvent}. */
    public void waitVarEvent(Object var, BooleanSupplier condition, String what, WaitVar.SleepCmd cmd) {
        WaitVar.waitVarEvent(watchdog, schedule(), var, condition, what, cmd);
    }

    /**
     * {@code wait_var_event()} for a wait whose holder is known (see {@link WaitVar#waitVarEvent(Watchdog, Schedule,
     * Object, BooleanSupplier, Waitable, String, WaitVar.SleepCmd)}).
     */
    public void waitVarEvent(Object var, BooleanSupplier condition, Waitable on, String what) {
        WaitVar.waitVarEvent(watchdog, schedule(), var, condition, on, what, WaitVar.Sleeper::schedule);
    }

    /** {@code wake_up_var(var)}: the caller has issued the full barrier it needs (see {@link WaitVar#wakeUpVar}). */
    public void wakeUpVar(Object var) {
        WaitVar.wakeUpVar(schedule(), var);
    }
}
