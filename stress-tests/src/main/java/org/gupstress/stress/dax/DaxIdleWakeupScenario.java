package org.gupstress.stress.dax;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.OK;

import java.util.concurrent.ThreadLocalRandom;

import org.gupstress.model.mm.World;
import org.gupstress.model.dax.Dax;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.kernel.Strength;
import org.gupstress.model.kernel.debug.Sanitizer;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.DaxPage;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.Vma;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Race C4: the lost wake-up of {@code wait_var_event()}. The layout breaker waits for a DAX page to go idle; the
 * unpin drops the last extra reference and calls {@code wake_up_var()}, which skips the wake-up if
 * {@code waitqueue_active()}, read without the queue lock, says nobody waits. Store buffering:
 *
 * <pre>
 *   WAITER (dax_break_layout_final)              WAKER (unpin_user_page)
 *   prepare_to_wait_event(): queue myself         atomic_sub(&amp;page-&gt;_refcount)    [store]
 *   set_current_state(): smp_mb()                  [PUT_BEFORE_WAKE]
 *   if (dax_page_is_idle(page)) break;  [load]    if (waitqueue_active(wq))         [load]
 *   schedule();                                        wake up
 * </pre>
 *
 * With a full barrier on both sides at least one side sees the other: the waiter sees the idle page, or the waker
 * sees the waiter (LKMM's SB+fencembonceonces, "Never"). With the waker's barrier weakened to release/acquire, both
 * loads can read the old value: the waker sees an empty queue and returns, the waiter sees a busy page and sleeps,
 * and nothing will ever wake it; in the model the detector reports HUNG the moment the waker returns (LOST_WAKEUP). The kernel avoids
 * it with a value-returning put ({@code page_ref_sub_return()}, {@code folio_put_testzero()}: fully ordered), or
 * with {@code smp_mb__after_atomic()} after a void one, as {@code wake_up_var()}'s documentation requires.
 *
 * <p>World per sample: FSDAX file I1 of one page B, pinned through a mapping that was then unmapped and closed: the
 * pin is B's only busy reference. The waiter is the whole {@code dax_break_layout_final()} (scan, then wait).
 *
 * <p><b>Widening, honestly.</b> The reordering lives for the few tens of nanoseconds the waker's store waits in its
 * store buffer, and the waiter's enqueue-to-check interval must fall inside it. Two things make that observable in a
 * short run without changing any ordering: the waiter actor is the wait itself (the scan that found B busy runs in
 * the constructor), and the unpin, an I/O completion, arrives after a random spin ({@link #COMPLETION_JITTER},
 * before the put, never between its store and the waker's load). The world's schedule is that jitter, whatever
 * {@code -Dgupstress.schedule} says. The page's identity hash (the wait-queue hash) is installed when the folio is
 * created (see {@code Folio}'s constructor): the JVM installs it lazily with a CAS, a full barrier the kernel's
 * {@code hash_ptr()} does not have.
 *
 * <p><b>Why Continuous mode, not Termination.</b> JCStress's Termination mode would express "the waiter never
 * returns" directly, but fits badly here: (1) its harness starts the actor thread, sleeps until the thread has
 * started (at least 1 ms) and only then runs the {@code @Signal}, so the waiter is already asleep in the queue when
 * the waker runs and the store-buffering window (a few nanoseconds wide) is practically never hit; (2) every model
 * wait is watched by the world's deadlock detector, so a lost wake-up ends as a recorded HUNG and the actor
 * terminates: Termination would count it TERMINATED; without the detector it would be STALE, which costs
 * max(2 x time, 30 s) and ends the fork with a thread stuck forever; (3) {@code -m sanity} gives Termination tests
 * 0 samples. Here both actors race in every sample, JCStress's per-stride synchronization lines them up, and the
 * arbiter reads the detector's HUNG.
 * The smoke setting ({@code -time 300}) runs it like any other two-actor test.
 */
@Scenario(family = "C", id = "dax-idle-lost-wakeup",
        title = "wait_var_event(page idle) vs the unpin's wake_up_var(): the waker's barrier before waitqueue_active()",
        outcomes = DaxIdleWakeupScenario.Observed.class)
@GenerateTests
public abstract class DaxIdleWakeupScenario {
    /** What the waiter saw. */
    public enum Observed {
        /** The waiter found the page idle without sleeping (the unpin came first, or its store was seen). */
        @Grade(kind = OK, desc = "The waiter found the page idle without sleeping.")
        NO_SLEEP,
        /** The waiter slept and the unpin's wake-up woke it. */
        @Grade(kind = OK, desc = "The waiter slept and the unpin woke it.")
        WOKEN,
        /** The waiter slept and was never woken although the page became idle: HUNG, detected when the waker returned. */
        @Grade(kind = BUG, desc = "Waker saw no waiter, waiter saw a busy page: it sleeps forever (HUNG, detected when the waker returned).")
        LOST_WAKEUP
    }

    /** Upper bound of the completion jitter, in {@link Thread#onSpinWait()} calls (about 20-40 ns each on x86). */
    static final int COMPLETION_JITTER_SPINS = 64;

    /**
     * Honest widening of the window: the unpin is an I/O completion, which arrives at no particular moment relative to
     * the layout breaker. A random spin before the put (never between its store and the waker's waitqueue load)
     * spreads the waker's store over the waiter's short enqueue-to-check interval instead of always landing before
     * it. Every other point is a no-op.
     */
    static final Schedule COMPLETION_JITTER = point -> {
        if (point == DaxPage.PUT_BEFORE_STORE) {
            int n = ThreadLocalRandom.current().nextInt(COMPLETION_JITTER_SPINS + 1);
            for (int i = 0; i < n; i++) {
                Thread.onSpinWait();
            }
        }
    };

    final World world;
    final Inode i1;
    final Folio page;

    protected DaxIdleWakeupScenario(Config config) {
        world = new World(config);
        world.tasks().fork("waiter");
        world.tasks().fork("waker");
        SuperBlock pmem = SuperBlock.mount(world, "pmem", 2, true);
        i1 = pmem.createFile("I1", 1, 0x11);
        File f1 = FileTable.open(i1);
        Mm mm = world.newMm("mm");
        Vma vma = Mmap.mmap(mm, f1, 0, 1, 0, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, "buf");
        Folio[] pages = new Folio[1];
        if (Gup.pinUserPages(mm, 0, 1, GupFlags.FOLL_WRITE, pages) != 1) {
            throw new IllegalStateException("could not pin I1's page: " + world.sanitizer());
        }
        page = pages[0];
        Mmap.munmap(mm, vma);
        FileTable.close(f1);
        if (Dax.daxLayoutBusyPageRange(i1.mapping(), 0, AddressSpace.MAX_PAGES) != page) {
            throw new IllegalStateException("the layout break does not see the pinned page busy");
        }
        world.useSchedule(COMPLETION_JITTER);
    }

    World world() {
        return world;
    }

    /**
     * {@code dax_break_layout_final(I1)} after its scan found B busy (done in the constructor, so that the actor is
     * the wait itself and lines up with the waker): {@code ___wait_var_event(page, dax_page_is_idle(page), ...)}.
     */
    @Actor
    public void waiter() {
        try (Task me = world.tasks().start("waiter")) {
            try {
                Dax.daxBreakLayoutFinalWait(i1, page);
            } catch (Hung h) {
                // Recorded by the detector as HUNG when the waker returned; the arbiter reports LOST_WAKEUP.
            }
        }
    }

    /** {@code unpin_user_page(B)}: the last busy reference goes; the put wakes idle waiters per design. */
    @Actor
    public void waker() {
        try (Task me = world.tasks().start("waker")) {
            Gup.unpinUserPage(page);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        Sanitizer s = world.sanitizer();
        Observed o;
        if (s.has(ViolationKind.HUNG) && DaxPage.daxPageIsIdle(page)) {
            o = Observed.LOST_WAKEUP;
        } else if (!s.clean() || !DaxPage.daxPageIsIdle(page) || !Gup.checkPinsBalanced(world)) {
            throw new IllegalStateException("unclassifiable sample: page " + page + " refcount "
                    + page.folioRefCount() + "; " + s);
        } else {
            o = i1.daxLayoutSleeps() > 0 ? Observed.WOKEN : Observed.NO_SLEEP;
        }
        r.r1 = Witness.sample(getClass(), o);
    }

    /**
     * As the kernel does it: the put is a value-returning RMW, fully ordered ({@code folio_put_testzero()} before
     * {@code free_zone_device_folio()}'s {@code wake_up_var()} since v6.15; {@code page_ref_sub_return()} in
     * {@code put_devmap_managed_page_refs()} before). Expected SAFE.
     */
    @Design(value = "PUT_SUB_RETURN", expected = Expected.SAFE,
            source = "free_zone_device_folio() / put_devmap_managed_page_refs(); include/linux/wait_bit.h wake_up_var() barrier rule")
    public abstract static class PutSubReturn extends DaxIdleWakeupScenario {
        private static final Config CONFIG = Config.builder()
                .set(DaxPage.PUT_ORDERING, DaxPage.PutOrdering.SUB_RETURN)
                .build();

        public PutSubReturn() {
            super(CONFIG);
        }
    }

    /**
     * A void {@code atomic_sub()}, then {@code smp_mb__after_atomic()}, then {@code wake_up_var()}: the pattern the
     * documentation of {@code wake_up_var()} prescribes for a void atomic ("atomic_dec -&gt; smp_mb__after_atomic").
     * Expected SAFE.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code LOST_WAKEUP}: The waiter slept forever although the page became idle: smp_mb__after_atomic() failed.</li>
     * </ul>
     */
    @Design(value = "SUB_THEN_SMP_MB", expected = Expected.SAFE,
            source = "include/linux/wait_bit.h, wake_up_var(): a full barrier after the update, smp_mb__after_atomic() for a void atomic")
    public abstract static class SubThenSmpMb extends DaxIdleWakeupScenario {
        private static final Config CONFIG = Config.builder()
                .set(DaxPage.PUT_ORDERING, DaxPage.PutOrdering.SUB_THEN_BARRIER)
                .set(DaxPage.PUT_BEFORE_WAKE, Strength.FULL)
                .build();

        public SubThenSmpMb() {
            super(CONFIG);
        }
    }

    /**
     * The same with the barrier at {@link DaxPage#PUT_BEFORE_WAKE} weakened to release/acquire, which never orders a
     * store before a later load. Expected BROKEN: LOST_WAKEUP, through x86's store buffer.
     */
    @Design(value = "SUB_WITHOUT_SMP_MB", expected = Expected.BROKEN,
            source = "include/linux/wait_bit.h, wake_up_var() (the barrier it requires, removed); LKMM SB+poonceonces")
    public abstract static class SubWithoutSmpMb extends DaxIdleWakeupScenario {
        private static final Config CONFIG = Config.builder()
                .set(DaxPage.PUT_ORDERING, DaxPage.PutOrdering.SUB_THEN_BARRIER)
                .set(DaxPage.PUT_BEFORE_WAKE, Strength.RELEASE_ACQUIRE)
                .build();

        public SubWithoutSmpMb() {
            super(CONFIG);
        }
    }
}
