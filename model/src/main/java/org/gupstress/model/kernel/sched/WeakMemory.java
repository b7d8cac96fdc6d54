package org.gupstress.model.kernel.sched;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link MemoryModel#WEAK} memory: an operational, view-based model of the kind C11Tester and GenMC's
 * operational fragment use (and Kang et al.'s promising semantics without promises), mapped onto the LKMM
 * (tools/memory-model/Documentation/explanation.txt). A schedule that runs one thread at a time keeps one instance
 * per run and asks it, at every marked access of a tracked location, what the access reads or where its write
 * goes; each such choice among two or more options is a decision of the schedule ({@link Picker}), which the
 * explorer enumerates like a thread switch.
 *
 * <h2>State</h2>
 * <ul>
 *   <li>Per location (a {@code Word}, a spinlock's lock word): its <em>modification order</em>, the list of every
 *       write to it, oldest first, starting with its initial value. Each write carries a <em>view</em>: for every
 *       location, the oldest write a thread that acquires this write may still read.</li>
 *   <li>Per thread: {@code cur}, the oldest write of each location it may still read (coherence and everything it
 *       is ordered after); {@code acq}, the views of the writes it read with {@code READ_ONCE} not yet applied
 *       (an {@code smp_rmb()}, {@code smp_mb()} or lock applies them); {@code rel}, the view its
 *       {@code WRITE_ONCE}s carry (raised by {@code smp_wmb()}, {@code smp_mb()} and lock handover);
 *       {@code own}, its own latest writes.</li>
 *   <li>{@code sc}: the view of the last {@code smp_mb()}: full barriers are totally ordered, each one joins the
 *       views of all earlier ones (the RC11 SC-fence rule).</li>
 * </ul>
 *
 * <h2>Rules (LKMM name: what it does here)</h2>
 * <ul>
 *   <li>{@code READ_ONCE}: reads any write of the location not older than {@code cur} (a choice); {@code cur}
 *       moves to it (coherence: CoRR, CoWR); its view joins {@code acq}.</li>
 *   <li>{@code smp_load_acquire}: the same, but its view joins {@code cur} at once.</li>
 *   <li>{@code WRITE_ONCE}: a new write placed anywhere in the location's modification order after {@code cur}
 *       (a choice; never between an RMW and the write it read), view {@code rel}; CoWW, CoRW hold.</li>
 *   <li>{@code smp_store_release}: the same, view {@code cur} joined with {@code acq} (A-cumulative: what the
 *       thread observed, and what the writes it read were ordered after, is ordered before it).</li>
 *   <li>{@code smp_rmb()}: {@code acq} joins {@code cur}. {@code smp_wmb()}: {@code own} joins {@code rel}
 *       (orders the thread's own earlier stores before its later ones; not A-cumulative, as in the LKMM).</li>
 *   <li>{@code smp_mb()}: {@code acq} and {@code sc} join {@code cur}; {@code sc} becomes {@code cur};
 *       {@code cur} joins {@code rel}.</li>
 *   <li>{@code spin_lock()}: an RMW of the lock word that reads its newest write (an unlock), acquire: the unlock's
 *       view joins {@code cur}, and also {@code rel} (LKMM's po-unlock-lock-po through rf: what preceded the
 *       unlock is ordered before the new holder's stores, for every observer); after an unlock by the same thread,
 *       what that unlock saw joins {@code cur} and {@code rel} (po-unlock-lock-po through po, even across different
 *       locks). The lock's own write is not in {@code rel}: outside observers may see the critical section's stores
 *       before the lock word (MP+polockonce+poacquiresilsil "Sometimes"). {@code spin_unlock()}: a release write
 *       of the lock word.</li>
 * </ul>
 *
 * <h2>What it does not model (each is a way the LKMM is weaker or different)</h2>
 * <ul>
 *   <li><b>Load-to-store reordering</b> (LB shapes): a thread runs its code in order, and a load can only read a
 *       write that already exists, so no load ever reads from a store that is later in another thread's program
 *       order than a load which read from this thread's later store. LB+poonceonces ("Sometimes") is never reached;
 *       reaching it needs promises or speculation (the promising semantics, GenMC's graphs).</li>
 *   <li><b>Dependencies</b> (address, data, control): they order nothing here and need not, since loads never pass
 *       later stores (above); an address dependency between two loads ({@code rcu_dereference()}) is not modelled:
 *       use an acquire.</li>
 *   <li><b>Atomic RMWs and every other shared state</b>: every access an RMW reports ({@code Atomic},
 *       {@code Atomic64}, {@code Word}'s {@code xchg}/{@code cmpxchg}, {@code Pointer}) is {@code smp_mb()}, the
 *       access of the newest value, {@code smp_mb()} ({@link #atomicAccess}): stronger than the LKMM for void,
 *       relaxed, acquire and release RMWs; RCU grace periods and locks other than spinlocks are sequentially
 *       consistent. (The field descriptors' marked accesses, page tables' PTEs and folio fields included, are
 *       loads and stores here like a {@code Word}'s; a reference field's, like a {@code Pointer}'s, is an RMW's.)</li>
 *   <li><b>Multicopy atomicity</b>: writes are not multicopy atomic (different threads may read different writes
 *       of a location, IRIW+poonceonces is reached); {@code smp_mb()} restores order through the {@code sc} view,
 *       which is what the LKMM's strong fences guarantee for the litmus tests here, but it is the C11 rule, not the
 *       LKMM's propagation axiom.</li>
 *   <li><b>Lock ordering</b> is at least the LKMM's; po-unlock-lock-po is treated as A-cumulative, which may be
 *       stronger than the LKMM for shapes outside the litmus suite.</li>
 * </ul>
 *
 * <p>The schedules call it from the one thread they let run; its methods are synchronized anyway, for the threads a
 * script lets go together after its last step.
 */
public final class WeakMemory {
    /** Chooses one of {@code options} (at least 2): 0 is the newest write (for a store: the end), 1 the one before. */
    @FunctionalInterface
    public interface Picker {
        int pick(int options);
    }

    /**
     * What one access did.
     *
     * @param value   the value read (for a store: written)
     * @param pick    the option taken: how many writes older than the newest one allowed it read (for a store: how
     *                many writes it was placed before)
     * @param options how many it could choose from (1: no choice)
     */
    public record Access(long value, int pick, int options) {
    }

    /** One write in a location's modification order. */
    private static final class Msg {
        final Object location;
        final long value;
        /** Part of an RMW (or a lock operation): no write may be placed between it and the write it read. */
        final boolean rmw;
        /** A {@code spin_unlock()}. */
        final boolean unlock;
        /** What a thread that acquires this write is ordered after (includes the write itself); null for an initial value. */
        Map<Object, Msg> view;

        Msg(Object location, long value, boolean rmw, boolean unlock) {
            this.location = location;
            this.value = value;
            this.rmw = rmw;
            this.unlock = unlock;
        }
    }

    /** One thread's views. */
    private static final class Cpu {
        final Map<Object, Msg> cur = new IdentityHashMap<>();
        final Map<Object, Msg> acq = new IdentityHashMap<>();
        final Map<Object, Msg> rel = new IdentityHashMap<>();
        final Map<Object, Msg> own = new IdentityHashMap<>();
        /** {@code cur} and {@code acq} at its last {@code spin_unlock()}, or null. */
        Map<Object, Msg> atUnlock;
    }

    private final Map<Object, List<Msg>> mo = new IdentityHashMap<>();
    private final List<Cpu> cpus = new ArrayList<>();
    private Map<Object, Msg> sc = new IdentityHashMap<>();

    /** The modification order of {@code location}, begun with {@code memory} (its value now) on its first access. */
    private List<Msg> order(Object location, long memory) {
        return mo.computeIfAbsent(location, l -> new ArrayList<>(List.of(new Msg(l, memory, false, false))));
    }

    /**
     * {@code READ_ONCE()} ({@code acquire} false) or {@code smp_load_acquire()} of {@code location}, whose value in
     * memory (its newest write) is {@code memory}.
     */
    public synchronized Access load(int cpu, Object location, boolean acquire, long memory, Picker picker) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(location, memory);
        int from = pos(c.cur.get(location));
        int n = list.size() - from;
        int k = n > 1 ? picker.pick(n) : 0;
        Msg m = list.get(list.size() - 1 - k);
        c.cur.put(location, m);
        if (m.view != null) {
            join(acquire ? c.cur : c.acq, m.view);
        }
        return new Access(m.value, k, n);
    }

    /**
     * {@code WRITE_ONCE()} ({@code release} false) or {@code smp_store_release()} of {@code value} to
     * {@code location}, whose value in memory is {@code old}. The write is the newest of its location (and the caller
     * must make it the location's value in memory) iff the access's {@link Access#pick()} is 0.
     */
    public synchronized Access store(int cpu, Object location, long old, long value, boolean release, Picker picker) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(location, old);
        int from = pos(c.cur.get(location));
        List<Integer> after = new ArrayList<>();
        for (int i = list.size() - 1; i >= from; i--) {
            if (i + 1 < list.size() && list.get(i + 1).rmw) {
                continue; // never between an RMW and the write it read
            }
            after.add(i);
        }
        int k = after.size() > 1 ? picker.pick(after.size()) : 0;
        Msg m = new Msg(location, value, false, false);
        list.add(after.get(k) + 1, m);
        Map<Object, Msg> view = new IdentityHashMap<>(release ? c.cur : c.rel);
        if (release) {
            join(view, c.acq);
        }
        view.put(location, m);
        m.view = view;
        c.cur.put(location, m);
        if (pos(c.own.get(location)) < pos(m)) {
            c.own.put(location, m);
        }
        return new Access(value, k, after.size());
    }

    /**
     * An access that is neither a marked load nor a marked store of a {@code Word}: a read or write an RMW reports
     * ({@code Atomic}, {@code Word}'s {@code xchg}/{@code cmpxchg}, a {@code Pointer}), which reads or writes the
     * newest value in memory. Treated as fully ordered whatever its kernel ordering: {@code smp_mb()}, the access (a
     * write becomes the newest of its location), {@code smp_mb()}. Stronger than the LKMM for void, relaxed, acquire
     * and release RMWs.
     */
    public synchronized void atomicAccess(int cpu, Object location, boolean write, long value) {
        Cpu c = cpu(cpu);
        fullBarrier(cpu);
        List<Msg> list = order(location, value);
        if (write) {
            Msg m = new Msg(location, value, true, false);
            list.add(m);
            Map<Object, Msg> view = new IdentityHashMap<>(c.cur);
            view.put(location, m);
            m.view = view;
            c.cur.put(location, m);
            c.own.put(location, m);
        } else {
            c.cur.put(location, list.get(list.size() - 1));
        }
        fullBarrier(cpu);
    }

    /**
     * True if {@code location} has a write newer than the one {@code cpu} last read or wrote (its {@code cur}): a
     * thread that spins on it would eventually read one of them.
     */
    public synchronized boolean hasNewer(int cpu, Object location) {
        List<Msg> list = mo.get(location);
        return list != null && pos(cpu(cpu).cur.get(location)) < list.size() - 1;
    }

    /** {@code smp_mb()}. */
    public synchronized void fullBarrier(int cpu) {
        Cpu c = cpu(cpu);
        join(c.cur, c.acq);
        join(c.cur, sc);
        sc = new IdentityHashMap<>(c.cur);
        join(c.rel, c.cur);
    }

    /** {@code smp_rmb()}: earlier loads are ordered before later loads. */
    public synchronized void readBarrier(int cpu) {
        Cpu c = cpu(cpu);
        join(c.cur, c.acq);
    }

    /** {@code smp_wmb()}: the thread's earlier stores are ordered before its later stores. */
    public synchronized void writeBarrier(int cpu) {
        Cpu c = cpu(cpu);
        join(c.rel, c.own);
    }

    /** {@code spin_lock()} of {@code lock} has just succeeded (its lock word is tracked from its first use). */
    public synchronized void lockAcquired(int cpu, Object lock) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(lock, 0);
        Msg last = list.get(list.size() - 1);
        if (last.view != null) {
            join(c.cur, last.view);
            if (last.unlock) {
                join(c.rel, last.view);
            }
        }
        if (c.atUnlock != null) {
            join(c.cur, c.atUnlock);
            join(c.rel, c.atUnlock);
        }
        Msg m = new Msg(lock, 1, true, false);
        list.add(m);
        Map<Object, Msg> view = new IdentityHashMap<>(c.rel);
        view.put(lock, m);
        m.view = view;
        c.cur.put(lock, m);
    }

    /** {@code spin_unlock()} of {@code lock}, by its holder: a release write of the lock word. */
    public synchronized void lockReleasing(int cpu, Object lock) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(lock, 0);
        Msg m = new Msg(lock, 0, true, true);
        list.add(m);
        Map<Object, Msg> view = new IdentityHashMap<>(c.cur);
        join(view, c.acq);
        view.put(lock, m);
        m.view = view;
        c.cur.put(lock, m);
        c.atUnlock = new IdentityHashMap<>(view);
    }

    private Cpu cpu(int cpu) {
        while (cpus.size() <= cpu) {
            cpus.add(new Cpu());
        }
        return cpus.get(cpu);
    }

    /** Position of {@code m} in its location's modification order; 0 (the initial value) for null. */
    private int pos(Msg m) {
        return m == null ? 0 : mo.get(m.location).indexOf(m);
    }

    /** {@code into} := the later, per location, of {@code into} and {@code from}. */
    private void join(Map<Object, Msg> into, Map<Object, Msg> from) {
        for (Map.Entry<Object, Msg> e : from.entrySet()) {
            Msg mine = into.get(e.getKey());
            if (mine == null || pos(e.getValue()) > pos(mine)) {
                into.put(e.getKey(), e.getValue());
            }
        }
    }
}
