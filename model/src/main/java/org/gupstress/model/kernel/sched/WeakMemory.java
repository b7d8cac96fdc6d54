package org.gupstress.model.kernel.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link MemoryModel#WEAK} memory: an operational, view-based model of the kind C11Tester and GenMC's
 * operational fragment use, with promises for load buffering (Kang et al.'s promising semantics), mapped onto the LKMM
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
 *   <li>RCU ({@code rcu_read_lock()}, {@code synchronize_rcu()}, their SRCU forms): a grace period's start view
 *       joins every section of its domain that starts after it; the end views of the sections that started before
 *       it join its caller at its end; the grace period is a full barrier at both ends ({@link #rcu}).</li>
 * </ul>
 *
 * <h2>Load-to-store reordering: promises ({@link #promise})</h2>
 * A thread runs its code in order and a load reads a write that exists, so load buffering (LB+poonceonces,
 * "Sometimes") needs a write to exist before the store that makes it runs. As in the promising semantics, a thread
 * may <em>promise</em> a {@code WRITE_ONCE(x, v)} its program has not reached: the write joins {@code x}'s
 * modification order as its newest, carrying the view the thread's relaxed stores carry then ({@code rel}), and other
 * threads' loads may read it at once. The rules:
 * <ul>
 *   <li><b>Which promises</b> (the explorer's part, {@code Explorer#addPromises}): only a store the thread was seen to
 *       perform when run <em>alone</em> from the promise point (in an earlier schedule of the same prefix: the
 *       stateless search re-runs the prefix, so the promise is made in the very state it was certified in), after a
 *       {@code READ_ONCE()} of its own and before any acquire load, full barrier, RMW or lock acquisition of its own.
 *       This certification is what keeps a control or data dependency ordered (LB+ctrlonceonce+mbonceonce "Never";
 *       no value out of thin air): run alone, the thread reads what exists, and a store that depends on a value only
 *       the promise could produce is not performed. A {@code smp_store_release()} is never promised.</li>
 *   <li><b>The thread itself</b> never reads its own unfulfilled promise.</li>
 *   <li><b>Keeping it</b>: its {@code WRITE_ONCE()} of the same location and value fulfils the promise, provided the
 *       thread has not since read or written past the promise in that location's order (coherence) and its stores
 *       carry nothing the promise did not ({@code smp_wmb()} after a store of its own since the promise: the
 *       promised store would pass that store). {@code smp_rmb()} and {@code smp_wmb()} alone do not order a load
 *       before a later store, so a promise crosses them.</li>
 *   <li><b>Crossing an ordering operation</b> of its thread before it is kept (acquire load, {@code smp_mb()},
 *       an RMW, {@code spin_lock()}), an RMW of the promised location by anyone (the RMW reads memory, which does not
 *       hold the promise), or a promise not kept by the end (its thread stored nothing there, another value, or the
 *       value only after writing or reading past the promise): the execution is <em>discarded</em>
 *       ({@link #discarded()}): not one of the model's, its outcome not counted.</li>
 * </ul>
 * Differences from the promising semantics, each one making fewer executions possible, never more: one certifying
 * run per promise, found by the search, instead of re-certification after every step of every thread; promises of
 * relaxed {@code WRITE_ONCE()}s of a {@code Word} only (never of an {@code atomic_set()}, an RMW, a {@code Pointer}, a
 * release or a lock); no promise crosses an RMW of its thread, even a void or {@code _relaxed} one; a
 * promise is the newest write of its location when made.
 *
 * <h2>What it does not model (each is a way the LKMM is weaker or different)</h2>
 * <ul>
 *   <li><b>Dependencies</b> (address, data, control) are not seen (Java has none to see): what orders a load before
 *       a dependent store here is the certification of promises above (a store that needs the load's value is not
 *       performed by a certifying run that cannot read it), which is the promising semantics' notion of a
 *       dependency, a semantic one: a store the thread performs whatever it reads (a "false" dependency such as
 *       {@code if (r) WRITE_ONCE(y, 1); else WRITE_ONCE(y, 1);}) may be promised, as herd's syntactic dependencies
 *       would not allow. An address dependency between two loads ({@code rcu_dereference()}) is not modelled: use an
 *       acquire.</li>
 *   <li><b>Reference RMWs and every other shared state</b>: {@code atomic_t}, {@code atomic_long_t} and a
 *       {@code Word}'s {@code xchg}/{@code cmpxchg} are this model's RMWs, ordered as their kind says ({@link #rmw}),
 *       and their reads and sets its loads and stores; but an access a {@code Pointer}'s or reference field's RMW
 *       reports is {@code smp_mb()}, the access of the newest value, {@code smp_mb()} ({@link #atomicAccess}), and
 *       locks other than spinlocks are sequentially consistent. (The field descriptors' marked accesses, page
 *       tables' PTEs and folio fields included, are loads and stores here like a {@code Word}'s; a reference
 *       field's, like a {@code Pointer}'s, is an RMW's.)</li>
 *   <li><b>RCU</b>: read-side sections order nothing of their own thread, as in the LKMM ({@code kernel.rcu.Srcu}'s
 *       and {@code kernel.rcu.Rcu}'s reader counters are not locations of this model), and a grace period orders
 *       only through {@link #rcu}. What decides, for a section C and a grace period G, which of the guarantee's two
 *       cases applies is the order in which the explorer ran C's {@code READ_LOCK} (after C counted itself in) and
 *       G's {@code GP_START}: one global order of section and grace-period starts, where the LKMM's rcu-link relates
 *       them through the accesses around them. That order is what the kernel's implementations give, and it agrees
 *       with the LKMM on RCU+sync+read, RCU+sync+free, explanation.txt's three-thread example ("Sometimes", reached)
 *       and {@code RcuWeakMemoryTest}'s shapes; cycles through several grace periods and sections beyond those
 *       were not checked against herd. Under the explorer the window between a reader's read of the SRCU index and
 *       its count is no decision point, so a reader counted late after a flip is met only in stress runs.</li>
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

    /** What a store did: as {@link Access}, and whether it fulfilled one of its thread's promises ({@link #promise}). */
    public record Stored(long value, int pick, int options, boolean fulfils) {
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
        /** The thread whose unfulfilled promise this write is ({@link #promise}), or -1 once it is a real write. */
        int promisedBy = -1;

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
        /** Its promises not yet fulfilled, oldest first. */
        final List<Msg> promises = new ArrayList<>();
        /** Per RCU domain, the start stamps of its read-side sections not yet ended, innermost last. */
        final Map<Object, ArrayDeque<Long>> sections = new IdentityHashMap<>();
        /** Per RCU domain, the start stamp of its grace period under way. */
        final Map<Object, Long> gracePeriod = new IdentityHashMap<>();
    }

    /** A grace period's start (its caller's view then) or a read-side section's end (its thread's view then). */
    private record Stamped(long start, Map<Object, Msg> view) {
    }

    /** One RCU or SRCU domain's history: grace periods begun and read-side sections ended, each with its start stamp. */
    private static final class RcuDomain {
        final List<Stamped> gracePeriods = new ArrayList<>();
        final List<Stamped> sections = new ArrayList<>();
    }

    private final Map<Object, List<Msg>> mo = new IdentityHashMap<>();
    private final List<Cpu> cpus = new ArrayList<>();
    private Map<Object, Msg> sc = new IdentityHashMap<>();
    private final Map<Object, RcuDomain> rcu = new IdentityHashMap<>();
    /** Stamps the starts of read-side sections and grace periods, in the order they happen. */
    private long rcuClock;
    /** Why this execution is not one of the model's (a promise broken or crossed), or null. */
    private String discarded;

    /** The modification order of {@code location}, begun with {@code memory} (its value now) on its first access. */
    private List<Msg> order(Object location, long memory) {
        return mo.computeIfAbsent(location, l -> new ArrayList<>(List.of(new Msg(l, memory, false, false))));
    }

    /**
     * {@code READ_ONCE()} ({@code acquire} false) or {@code smp_load_acquire()} of {@code location}, whose value in
     * memory (its newest write) is {@code memory}.
     */
    public synchronized Access load(int cpu, Object location, boolean acquire, long memory, Picker picker) {
        return load(cpu, location, acquire, memory, false, picker);
    }

    /**
     * A load as {@link #load(int, Object, boolean, long, Picker)}; if {@code newer}, a spin's re-read after its
     * condition failed on the write its thread last read ({@link #hasNewer} true): it reads one of the writes newer
     * than that one, and its options are numbered among those alone (0 the newest), in the explorer and in a
     * script's {@code pick} alike. (A spinning CPU eventually sees a newer write: the LKMM's propagation.)
     */
    public synchronized Access load(int cpu, Object location, boolean acquire, long memory, boolean newer,
                                    Picker picker) {
        Cpu c = cpu(cpu);
        if (acquire) {
            crossing(c, "smp_load_acquire()");
        }
        List<Msg> list = order(location, memory);
        int from = pos(c.cur.get(location));
        List<Msg> readable = new ArrayList<>();
        for (int i = list.size() - 1; i >= from; i--) {
            if (list.get(i).promisedBy != cpu) {
                readable.add(list.get(i)); // never its own promise: that store has not run in its own program yet
            }
        }
        if (newer && readable.size() > 1) {
            readable.remove(readable.size() - 1); // the write it last read, whose value failed its condition
        }
        int n = readable.size();
        int k = n > 1 ? picker.pick(n) : 0;
        Msg m = readable.get(k);
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
    public synchronized Stored store(int cpu, Object location, long old, long value, boolean release, Picker picker) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(location, old);
        int from = pos(c.cur.get(location));
        Msg promised = release ? null : c.promises.stream()
                .filter(p -> p.location == location && p.value == value).findFirst().orElse(null);
        if (promised != null) {
            return fulfil(c, promised, list);
        }
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
        return new Stored(value, k, after.size(), false);
    }

    /**
     * A <em>promise</em> (Kang et al., "A promising semantics for relaxed-memory concurrency", POPL 2017): thread
     * {@code cpu} announces a {@code WRITE_ONCE(location, value)} that its program has not reached yet. The write
     * becomes the newest of its location at once, visible to the other threads' loads, carrying the view the thread's
     * relaxed stores carry now ({@code rel}); the thread itself never reads it, and must later perform exactly that
     * store with nothing new to carry ({@link #store} fulfils it), else the execution is {@link #discarded()}.
     * {@code memory} is the location's value in memory (its first write, if it is not tracked yet). The caller
     * (the explorer) only promises what the thread, run alone from this point, was seen to store (certification).
     */
    public synchronized void promise(int cpu, Object location, long memory, long value) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(location, memory);
        Msg m = new Msg(location, value, false, false);
        m.promisedBy = cpu;
        list.add(m);
        Map<Object, Msg> view = new IdentityHashMap<>(c.rel);
        view.put(location, m);
        m.view = view;
        c.promises.add(m);
    }

    /**
     * Thread {@code c}'s store of a value it promised: the promised write becomes a real one, provided the thread
     * has not read or written past it in its location's order since (coherence), and its stores carry nothing the
     * promise did not (an {@code smp_wmb()} after a store of its own since the promise: store-store order).
     */
    private Stored fulfil(Cpu c, Msg m, List<Msg> list) {
        c.promises.remove(m);
        m.promisedBy = -1;
        if (pos(c.cur.get(m.location)) >= pos(m)) {
            discard("a promise of " + m.value + " was overtaken by a write its thread saw first");
        }
        for (Map.Entry<Object, Msg> e : c.rel.entrySet()) {
            if (pos(e.getValue()) > pos(m.view.get(e.getKey()))) {
                discard("a promised store would have to carry a write made after the promise (smp_wmb())");
            }
        }
        c.cur.put(m.location, m);
        if (pos(c.own.get(m.location)) < pos(m)) {
            c.own.put(m.location, m);
        }
        return new Stored(m.value, list.size() - 1 - list.indexOf(m), 1, true);
    }

    /**
     * Why this execution is not one the model allows, or null: a promise was broken (not fulfilled by the end, or
     * fulfilled out of order) or crossed an operation that orders the thread's earlier loads before its later stores.
     * Call it when the threads ended; the explorer does not count a discarded execution.
     */
    public synchronized String discarded() {
        if (discarded == null) {
            for (int i = 0; i < cpus.size(); i++) {
                if (!cpus.get(i).promises.isEmpty()) {
                    return "thread " + i + " did not fulfil its promise of " + cpus.get(i).promises.get(0).value;
                }
            }
        }
        return discarded;
    }

    /**
     * Thread {@code c} performs {@code what}, which orders its earlier loads before its later stores (an acquire, a
     * full barrier, an RMW, a lock): a store it promised earlier would cross it, so the execution is discarded.
     */
    private void crossing(Cpu c, String what) {
        if (!c.promises.isEmpty()) {
            discard("a promised store would cross " + what);
        }
    }

    private void discard(String why) {
        if (discarded == null) {
            discarded = why;
        }
    }

    /**
     * An access that is neither a marked load or store nor an RMW this model performs ({@link #rmw}): a read or write
     * the RMW of a {@code Pointer} or a reference field reports, which reads or writes the newest value in memory.
     * Treated as fully ordered whatever its kernel ordering: {@code smp_mb()}, the access (a write becomes the newest
     * of its location), {@code smp_mb()}.
     */
    public synchronized void atomicAccess(int cpu, Object location, boolean write, long value) {
        Cpu c = cpu(cpu);
        fullBarrier(cpu);
        List<Msg> list = order(location, value);
        if (list.stream().anyMatch(m -> m.promisedBy >= 0)) {
            discard("an RMW of a location with a promise outstanding (it reads memory, which holds no promise)");
        }
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
     * An atomic RMW of {@code location} ({@code atomic_t}, {@code atomic_long_t}, a word's {@code xchg()} and
     * {@code cmpxchg()}), whose value in memory is {@code memory}, mapped as tools/memory-model/linux-kernel.def maps
     * {@code __atomic_op}, {@code __atomic_op_return{X}}, {@code __xchg{X}}, {@code __cmpxchg{X}}:
     * <ul>
     *   <li>the read takes the location's newest write, and the write, if {@code writes} (null: always) holds for the
     *       value read, becomes the newest, marked as an RMW's, so that no store is ever placed between the two
     *       ({@link #store}): the LKMM's atomicity axiom, and {@code atomic_set()} observable to RMWs;</li>
     *   <li>{@link Order#RELAXED} ({@code {once}}, and every void RMW): the read's view joins {@code acq} as a
     *       {@code READ_ONCE()}'s does, the write carries {@code rel} as a {@code WRITE_ONCE()}'s does: unordered;</li>
     *   <li>{@link Order#ACQUIRE}: the read is an acquire ({@code smp_load_acquire()}'s rule);</li>
     *   <li>{@link Order#RELEASE}: the write is a release ({@code smp_store_release()}'s rule);</li>
     *   <li>{@link Order#FULL} ({@code {mb}}): {@code smp_mb()}, the read, the write, {@code smp_mb()}. The read of
     *       the newest write does not depend on the view, so the first barrier is applied once the RMW knows it
     *       writes: a conditional RMW that fails is a relaxed read, unordered (Documentation/atomic_t.txt; the
     *       cmpxchg-fail-unordered-* litmus tests).</li>
     * </ul>
     * Returns the value read.
     */
    public synchronized long rmw(int cpu, Object location, long memory, java.util.function.LongUnaryOperator op,
                                 java.util.function.LongPredicate writes, Order order) {
        Cpu c = cpu(cpu);
        List<Msg> list = order(location, memory);
        if (list.stream().anyMatch(m -> m.promisedBy >= 0)) {
            discard("an RMW of a location with a promise outstanding (it reads memory, which holds no promise)");
        }
        Msg read = list.get(list.size() - 1);
        boolean write = writes == null || writes.test(read.value);
        Order o = write ? order : Order.RELAXED;
        crossing(c, "an RMW"); // even a relaxed one: stronger than the LKMM for load buffering around it (class comment)
        if (o == Order.FULL) {
            fullBarrier(cpu);
        }
        c.cur.put(location, read);
        if (read.view != null) {
            join(o == Order.RELAXED || o == Order.RELEASE ? c.acq : c.cur, read.view);
        }
        if (write) {
            Msg m = new Msg(location, op.applyAsLong(read.value), true, false);
            list.add(m);
            Map<Object, Msg> view = new IdentityHashMap<>(o == Order.RELEASE || o == Order.FULL ? c.cur : c.rel);
            if (o == Order.RELEASE) {
                join(view, c.acq);
            }
            view.put(location, m);
            m.view = view;
            c.cur.put(location, m);
            c.own.put(location, m);
        }
        if (o == Order.FULL) {
            fullBarrier(cpu);
        }
        return read.value;
    }

    /**
     * True if {@code location} has a write newer than the one {@code cpu} last read or wrote (its {@code cur}), other
     * than its own promise: a thread that spins on it would eventually read one of them.
     */
    public synchronized boolean hasNewer(int cpu, Object location) {
        List<Msg> list = mo.get(location);
        if (list == null) {
            return false;
        }
        for (int i = pos(cpu(cpu).cur.get(location)) + 1; i < list.size(); i++) {
            if (list.get(i).promisedBy != cpu) {
                return true; // never its own promise, which it cannot read
            }
        }
        return false;
    }

    /** {@code smp_mb()}. */
    public synchronized void fullBarrier(int cpu) {
        Cpu c = cpu(cpu);
        crossing(c, "a full barrier or a fully ordered RMW");
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
        crossing(c, "spin_lock()");
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

    /**
     * RCU's guarantee (explanation.txt, "RCU RELATIONS"): for a read-side section C and a grace period G of the same
     * domain, either C ends before G ends and every store that propagated to C's CPU before C's end propagates to every
     * CPU before G ends, or G starts before C starts and every store that propagated to G's CPU before G's start
     * propagates to every CPU before C starts. Operationally, with the start of each section and grace period stamped
     * in the order they happen:
     * <ul>
     *   <li>{@link RcuEvent#READ_LOCK}: a section that starts after grace periods of its domain started (ended or
     *       not) joins their start views into {@code cur} and {@code rel} (the second case: those stores reached every
     *       CPU before it started, so also every CPU that reads one of its stores). A grace period that starts later is
     *       not joined: it waits for this section instead;</li>
     *   <li>{@link RcuEvent#READ_UNLOCK}: records the section's view at its end ({@code cur} and {@code acq}: what
     *       propagated to its CPU) with its start stamp;</li>
     *   <li>{@link RcuEvent#GP_START}, after the caller's full barrier: records the caller's view ({@code cur}) as the
     *       grace period's start view, with its stamp;</li>
     *   <li>{@link RcuEvent#GP_END}, before the caller's full barrier: the end views of every section of the domain
     *       that started before the grace period started (the first case; all have ended, the grace period waited for
     *       them) join {@code cur}. Sections that started after it are not joined: the LKMM does not order them.</li>
     * </ul>
     * A grace period's caller brackets it with full barriers ({@link #fullBarrier}); a section's boundaries order
     * nothing of their own thread (no promise is discarded by them).
     *
     * @throws IllegalStateException if a grace period ends while a section that started before it is still inside
     *                               (the domain's wait is broken)
     */
    public synchronized void rcu(int cpu, RcuEvent event, Object domain) {
        Cpu c = cpu(cpu);
        RcuDomain d = rcu.computeIfAbsent(domain, k -> new RcuDomain());
        switch (event) {
            case READ_LOCK -> {
                long start = ++rcuClock;
                c.sections.computeIfAbsent(domain, k -> new ArrayDeque<>()).addLast(start);
                for (Stamped gp : d.gracePeriods) {
                    join(c.cur, gp.view());
                    join(c.rel, gp.view());
                }
            }
            case READ_UNLOCK -> {
                ArrayDeque<Long> open = c.sections.get(domain);
                if (open == null || open.isEmpty()) {
                    throw new IllegalStateException("read unlock of " + domain + " outside a section");
                }
                Map<Object, Msg> view = new IdentityHashMap<>(c.cur);
                join(view, c.acq);
                d.sections.add(new Stamped(open.removeLast(), view));
            }
            case GP_START -> {
                long start = ++rcuClock;
                c.gracePeriod.put(domain, start);
                d.gracePeriods.add(new Stamped(start, new IdentityHashMap<>(c.cur)));
            }
            case GP_END -> {
                Long start = c.gracePeriod.remove(domain);
                if (start == null) {
                    throw new IllegalStateException("grace period of " + domain + " ends without a start");
                }
                for (Cpu other : cpus) {
                    ArrayDeque<Long> open = other.sections.get(domain);
                    if (open != null && !open.isEmpty() && open.peekFirst() < start) {
                        throw new IllegalStateException("a grace period of " + domain
                                + " ended while a section that started before it is still inside");
                    }
                }
                for (Stamped section : d.sections) {
                    if (section.start() < start) {
                        join(c.cur, section.view());
                    }
                }
            }
        }
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
