package org.gupstress.model.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.FileSystemType;
import org.gupstress.model.fs.SuperBlock;
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
 * node's FOLL_PIN statistics, and the superblocks and address spaces built in it. A JCStress state builds a fresh
 * world in its constructor, so every sample starts from the same known state; nothing is shared between worlds
 * except the global wait-queue hash table (as in the kernel, where {@code bit_wait_table} is global).
 *
 * <p>Thread-safety: the world's objects are built on one thread and then shared with the actors through
 * JCStress's own publication (or {@code Thread.start()} in JUnit). Everything the actors touch concurrently is
 * a model object with its own documented access modes; the lists of superblocks and mms are for building and
 * for diagnostics only.
 */
public final class World {
    private final Config config;
    private final Sanitizer sanitizer = new Sanitizer();
    private final Watchdog watchdog;
    private final VmStat vmstat = new VmStat();
    private final MemMap memMap;
    private final List<SuperBlock> superBlocks = new ArrayList<>(2);
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

    /** The filesystem type {@link #mount(String, int, boolean)} mounts: the ext4-like one. */
    public static final String DEFAULT_FS_TYPE = "ext4";

    /**
     * Mounts the default filesystem ({@value #DEFAULT_FS_TYPE}) with {@code nrBlocks} storage blocks: a block
     * filesystem with block reservations, or (dax) one on persistent memory whose blocks are the pages.
     */
    public SuperBlock mount(String name, int nrBlocks, boolean dax) {
        return mount(DEFAULT_FS_TYPE, name, nrBlocks, dax);
    }

    /**
     * {@code mount -t fsType}: mounts a filesystem of the registered type {@code fsType} ({@link FileSystemType})
     * with {@code nrBlocks} storage blocks, on persistent memory if {@code dax}.
     *
     * @throws IllegalArgumentException if no such filesystem type is registered
     */
    public SuperBlock mount(String fsType, String name, int nrBlocks, boolean dax) {
        SuperBlock sb = new SuperBlock(this, FileSystemType.getFsType(fsType), name, nrBlocks, dax);
        superBlocks.add(sb);
        return sb;
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

    public RwSemaphore newRwSemaphore(String name) {
        return new RwSemaphore(watchdog, name);
    }

    public List<SuperBlock> superBlocks() {
        return superBlocks;
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
