package org.gupstress.model.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.WaitVar;
import org.gupstress.model.kernel.sched.Waitable;
import org.gupstress.model.kernel.sched.Watchdog;

/**
 * The CPUs that run one address space with interrupts disabled, as a TLB-flush IPI finds them: the
 * {@code local_irq_save()} ... {@code local_irq_restore()} sections of lockless page-table walkers (GUP-fast's
 * {@code gup_fast()}), and the wait of a flush that sends an IPI and waits for every target to run its handler
 * ({@code on_each_cpu_cond_mask(..., wait=true)} under x86's {@code native_flush_tlb_multi()}).
 *
 * <p>A CPU takes an interrupt only at an instruction boundary with interrupts enabled, so an IPI sent while a
 * walker is inside its section is handled, and acknowledged, only after {@code local_irq_restore()}: the flusher
 * waits for the walker's whole section, and everything the walker did inside it (its pin) is visible to the flusher
 * afterwards. That is what made x86's own lockless GUP (arch/x86/mm/gup.c, 2008 until e585513b76f7 switched x86
 * to the generic code in 2017) safe without re-reading the PTE: {@code gup_get_pte()}'s comment, "it will not
 * switch to a completely different present page without a TLB flush in between; something that we are blocking by
 * holding interrupts off".
 *
 * <p>Simplified: one registry per address space stands for "the CPUs of {@code mm_cpumask(mm)}" (a GUP-fast walker
 * runs on a CPU that has its own {@code current->mm} loaded); the flusher's own section, if any, is not waited for
 * (a CPU flushes itself without an IPI). {@code cli} is not a memory access: that a walker is inside its section is
 * published with a full barrier before its first page-table read, and its section's end with a full barrier after
 * its last access, which is what interrupt delivery at instruction boundaries gives the real CPU. The flusher's wait is
 * a registered wait ({@link WaitVar}, naming the walkers it waits for as holders), so a deadlock through it (a walker
 * that, interrupts off, waits for something the flusher holds) is found by the world's deadlock detector, never by a
 * clock.
 *
 * <p>Memory effects: everything a walker did inside a section happens-before the return of a
 * {@link #waitForIpiAcks} that waited for that section.
 */
public final class IrqsDisabled {
    /** The name is {@code namePrefix + nameSuffix}, joined only for a message. */
    private final String namePrefix;
    private final String nameSuffix;
    /** False where no flush waits for interrupts-off CPUs: then nothing observes a section and none is recorded. */
    private final boolean observed;
    /**
     * The threads inside a section, each with the number of its current section (a new one for every entry); null
     * if not {@link #observed} (nothing is ever recorded then).
     */
    private final Map<Thread, Long> inside;
    /** Numbers the sections; null if not {@link #observed}. */
    private final AtomicLong sections;

    /** A registry whose sections a flush IPI waits for ({@link #waitForIpiAcks}). */
    public IrqsDisabled(String name) {
        this(name, "", true);
    }

    /** {@link #IrqsDisabled(String, String, boolean)} named {@code name}. */
    public IrqsDisabled(String name, boolean observed) {
        this(name, "", observed);
    }

    /**
     * @param namePrefix with {@code nameSuffix}, the name in messages (e.g. {@code "mm" + ".irqs_disabled"})
     * @param observed false for the CPUs of a machine whose TLB flush waits for no one (a broadcast invalidation):
     *                 {@code cli} and {@code sti} are not memory accesses, no other CPU can tell that a section is
     *                 running, so {@link #localIrqSave} and {@link #localIrqRestore} record nothing and issue no
     *                 barrier, and {@link #waitForIpiAcks} must not be called
     */
    public IrqsDisabled(String namePrefix, String nameSuffix, boolean observed) {
        this.namePrefix = namePrefix;
        this.nameSuffix = nameSuffix;
        this.observed = observed;
        this.inside = observed ? new ConcurrentHashMap<>() : null;
        this.sections = observed ? new AtomicLong() : null;
        System.identityHashCode(this); // installed before sharing: see WaitVar.varWaitqueue
    }

    /** {@code local_irq_save()}: the current thread enters a section (published with a full barrier). */
    public void localIrqSave(Schedule schedule) {
        if (!observed) {
            return;
        }
        inside.put(Thread.currentThread(), sections.incrementAndGet());
        Barriers.fullBarrier(schedule);
    }

    /**
     * {@code local_irq_restore()}: the current thread leaves its section; a pending IPI is taken now, so a flusher
     * waiting for this section is woken. Full barriers before (the section's accesses, including a store still in the
     * store buffer, are visible first) and after the exit (wake_up_var()'s rule).
     */
    public void localIrqRestore(Schedule schedule) {
        if (!observed) {
            return;
        }
        Barriers.fullBarrier(schedule);
        inside.remove(Thread.currentThread());
        Barriers.fullBarrier(schedule);
        WaitVar.wakeUpVar(schedule, this);
    }

    /** True if the current thread is inside a section (always false where sections are not observed). */
    public boolean irqsDisabled() {
        return observed && inside.containsKey(Thread.currentThread());
    }

    /**
     * The IPI half of a TLB flush with {@code wait=true}: returns once every other thread that was inside a section
     * when the IPI was sent has left that section. The caller has just changed the page table with a fully ordered
     * RMW ({@code ptep_get_and_clear()}), so a walker not seen inside here reads the new entry.
     *
     * @param where names the flush in a report, e.g. {@code "flush_tlb_page() in folio_mkclean()"}
     * @throws org.gupstress.model.kernel.sched.Hung if the wait closes a deadlock, or nobody is left to end it
     */
    public void waitForIpiAcks(Watchdog watchdog, Schedule schedule, String where) {
        if (!observed) {
            throw new IllegalStateException(this + " records no sections: no flush IPI waits for them");
        }
        Barriers.fullBarrier(schedule);
        Map<Thread, Long> targets = new ConcurrentHashMap<>(inside);
        targets.remove(Thread.currentThread());
        if (targets.isEmpty()) {
            return;
        }
        String what = "IPI acknowledged by every CPU with interrupts off in " + this + ", in " + where;
        Waitable on = new Waitable() {
            @Override
            public String waitName() {
                return what;
            }

            @Override
            public List<Thread> holders() {
                List<Thread> h = new ArrayList<>(targets.size());
                targets.forEach((t, section) -> {
                    if (section.equals(inside.get(t))) {
                        h.add(t);
                    }
                });
                return h;
            }

            @Override
            public boolean isLock() {
                return false;
            }

            @Override
            public String toString() {
                return what;
            }
        };
        WaitVar.waitVarEvent(watchdog, schedule, this, () -> on.holders().isEmpty(), on, what,
                WaitVar.Sleeper::schedule);
    }

    @Override
    public String toString() {
        return namePrefix + nameSuffix;
    }
}
