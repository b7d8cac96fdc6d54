package org.gupstress.model.kernel.sched;

/**
 * What happens when a thread reaches a {@link SchedulePoint}. In stress runs: nothing ({@link Schedules#none()})
 * or a short random spin that widens a race window ({@link Schedules#randomSpin(int)}); in JUnit: a
 * {@link ScriptedSchedule} that holds each thread at the points a script names, to force one exact
 * interleaving.
 *
 * <p>A schedule also decides when a <em>bufferable store</em> becomes visible to other threads
 * ({@link #store}). Real hardware buffers stores by itself; a scripted run emulates the store buffer so that a
 * JUnit test can reach, deterministically, an outcome that only store-to-load reordering allows.
 */
public interface Schedule {

    /** The current thread reached {@code point}. May return at once, spin, or block until a script resumes it. */
    void at(SchedulePoint point);

    /**
     * Performs a store that the hardware may keep in the current CPU's store buffer: one whose site has no
     * full barrier between it and the loads that follow. Stress schedules run it at once (the CPU does the
     * buffering); a scripted schedule defers it until the thread passes a full barrier
     * ({@link #drainStoreBuffer()}), is resumed from a schedule point it was held at, or ends.
     *
     * <p>Contract for callers: until the next full barrier the thread must not read the stored location itself,
     * or must call {@link #drainStoreBuffer()} first (the emulation has no store forwarding; a CPU does).
     */
    default void store(SchedulePoint point, Runnable store) {
        store.run();
    }

    /**
     * A bufferable {@code WRITE_ONCE()} of {@code value} to {@code location}: like {@link #store(SchedulePoint,
     * Runnable)}, but the schedule knows the location and value, so that the storing thread's own later loads of it
     * read the buffered value ({@link #forwarded}), as a CPU forwards from its store buffer.
     */
    default void store(SchedulePoint point, Object location, long value, Runnable store) {
        store(point, store);
    }

    /**
     * A bufferable {@code WRITE_ONCE()} ({@code release} false) or {@code smp_store_release()} of {@code value} to
     * {@code location}, which holds {@code old} in memory: by default {@link #store(SchedulePoint, Object, long,
     * Runnable)} (a FIFO store buffer keeps a release behind the thread's earlier stores anyway); a weak memory model
     * ({@link MemoryModel#WEAK}) places the write in the location's modification order (its first write is
     * {@code old}) and gives a release its semantics.
     */
    default void store(SchedulePoint point, Object location, long old, long value, boolean release, Runnable store) {
        store(point, location, value, store);
    }

    /**
     * A bufferable store of a field of a model structure or an element of an array (a field descriptor's
     * {@code WRITE_ONCE()} or {@code smp_store_release()}, {@code kernel.IntField} and its kin): buffered, forwarded
     * and placed in the modification order exactly as {@link #store(SchedulePoint, Object, long, long, boolean,
     * Runnable)} does for a {@code Word}, but not a decision point: the thread goes on. The model's steps run from one
     * named protocol step to the next, and its loads are no decision points either; a stop after every field store
     * would only add interleavings of a granularity the model does not otherwise explore, and multiply schedules
     * (a buffered store can still become visible at any later decision point). By default it runs at once.
     */
    default void bufferedStore(SchedulePoint point, Object location, long old, long value, boolean release,
                               Runnable store) {
        flushStoreBuffer();
        store.run();
    }

    /**
     * The location of field {@code field} (its descriptor) of structure {@code owner}, or, if {@code field} is null,
     * of element {@code index} of array {@code owner}: one object per location for the whole run under a controlling
     * schedule, which compares locations by identity. By default a fresh one each time.
     */
    default Object location(Object owner, Object field, int index) {
        return new Location(owner, field, index);
    }

    /**
     * A marked load of {@code location} ({@code READ_ONCE()}, or {@code smp_load_acquire()} if {@code acquire}),
     * whose value in memory is {@code memory}: the value the load returns instead, or null to return {@code memory}
     * (then the caller reports the read, {@link #accessed}). By default the thread's own buffered store, if any
     * ({@link #forwarded}); under {@link MemoryModel#WEAK}, the write the memory model lets it read.
     */
    default Long load(Object location, boolean acquire, long memory) {
        return forwarded(location);
    }

    /**
     * An atomic read-modify-write of {@code location} (an {@code atomic_t}/{@code atomic_long_t}, a word's
     * {@code xchg()}/{@code cmpxchg()}), whose value in memory is {@code memory}, performed by this schedule's memory
     * model: it reads the location's newest write and, if {@code writes} (null: always) holds for the value read,
     * writes {@code op} of it immediately after that write in the location's modification order (no other write
     * ever comes between them: the RMW's atomicity), ordered as {@code order} says; a conditional RMW that does not
     * write ({@code cmpxchg()} failing) is an unordered read. Returns the value read; the caller then makes the value
     * written (if any) the location's value in memory. Null by default: the schedule leaves the RMW to the caller,
     * which reports its accesses through {@link #accessed}. Only a weak memory model ({@link MemoryModel#WEAK},
     * {@link WeakMemory#rmw}) performs it. The caller must not stop or block between this call and its store.
     */
    default Long rmw(Object location, long memory, java.util.function.LongUnaryOperator op,
                     java.util.function.LongPredicate writes, Order order) {
        return null;
    }

    /**
     * Store forwarding: the newest value the current thread has stored to {@code location} that is still in its
     * store buffer, or null if none (then the load reads memory).
     */
    default Long forwarded(Object location) {
        return null;
    }

    /**
     * A shared variable ({@code Atomic}, {@code Word}, or a structure or array the field descriptors access:
     * {@code kernel.SharedStructure}) was constructed. The explorer numbers them in creation order,
     * which a deterministic scenario repeats in every schedule, so that it can compare what two schedules touched.
     * No-op outside exploration.
     */
    default void created(Object variable) {
    }

    /**
     * The current thread (or, for a store-buffer flush, the flush) read ({@code write} false) or wrote
     * {@code value} to a shared variable ({@code Atomic}, {@code Word}, a {@link Location}); an RMW reports its read,
     * then its write.
     * The explorer prints these in its timeline and uses them as each step's footprint. No-op outside exploration.
     */
    default void accessed(Object variable, boolean write, long value) {
    }

    /**
     * A full barrier ({@code smp_mb()}) on the current thread: makes its buffered stores visible (under
     * {@link MemoryModel#WEAK}: orders everything, see {@link WeakMemory#fullBarrier}). No-op outside scripted runs.
     */
    default void drainStoreBuffer() {
    }

    /**
     * The store-buffer emulation's flush before a store or locked RMW that the layer does not buffer (a lock's
     * acquisition or release, a value-returning RMW, a reference field's or a {@code Pointer}'s store: see
     * {@code kernel.StoreBuffer}): under TSO the thread's buffered stores become visible first, as a LOCKed
     * instruction drains the buffer and no store overtakes an earlier one. It is not {@code smp_mb()}: under
     * {@link MemoryModel#WEAK}, which has no buffer, it does nothing (a lock or an RMW orders what the weak model's own
     * hooks say, never more). By default the same as {@link #drainStoreBuffer()}.
     */
    default void flushStoreBuffer() {
        drainStoreBuffer();
    }

    /** {@code smp_rmb()} on the current thread. Only a weak memory model does something. */
    default void readBarrier() {
    }

    /** {@code smp_wmb()} on the current thread. Only a weak memory model does something (a FIFO buffer needs none). */
    default void writeBarrier() {
    }

    /**
     * The current thread performed {@code event} on RCU or SRCU domain {@code domain} (an {@code Rcu} or {@code Srcu}
     * instance). Only a weak memory model does something: it carries the grace period into its views as the LKMM's
     * RCU guarantee says ({@link WeakMemory#rcu}).
     */
    default void rcu(RcuEvent event, Object domain) {
    }

    /** The current thread has just taken spinlock {@code lock}. Only a weak memory model does something. */
    default void lockAcquired(Object lock) {
    }

    /** The current thread is about to release spinlock {@code lock}. Only a weak memory model does something. */
    default void lockReleasing(Object lock) {
    }

    /**
     * The current thread spins, in the kernel, until another thread writes {@code location} ({@code
     * smp_cond_load_acquire()}, {@code read_seqcount_begin()}: its condition on the value it read is false). A schedule
     * that runs threads one at a time (the explorer) makes it a blocked task instead, since nothing can change the
     * value while it spins: not runnable until some thread's store to (or RMW of) {@code location} is issued or
     * becomes visible, registered with its world's {@link Tasks} (named {@code what}) while no other thread's store
     * buffer holds a store that could still change it, so that a wait nobody will end is reported as DEADLOCK or HUNG
     * (a lost wake-up) instead of spinning forever. Returns true when the caller should re-read (it was woken), and
     * throws {@link Hung} if the detector released it. Other schedules return false at once: spin as usual (JCStress
     * runs, scripts).
     */
    default boolean awaitWrite(Object location, String what) {
        return false;
    }

    /**
     * The current thread registered {@code task} as blocked with its world's {@link Tasks} and cannot go on until
     * the lock it waits for is free, its wait is woken, or the deadlock detector releases it. A schedule that runs
     * threads one at a time ({@link org.gupstress.model.kernel.sched.explore.Execution}, an
     * {@link Interleaving#inEveryWorld()} script) stops the thread here, since whoever could release it cannot run
     * while it spins, and returns true when it may retry: the primitive then re-checks its lock or wake-up, and
     * its interrupt status (the detector's release). Other schedules return false at once: wait as usual.
     */
    default boolean stopBlocked(Task task) {
        return false;
    }
}
