package org.gupstress.model.kernel.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Schedule} behind {@link Interleaving}: holds each scripted thread at the point its current step
 * names, and emulates each thread's store buffer for {@link #store bufferable stores}. Threads it does not know
 * (the JUnit main thread building a world, say) pass every point untouched.
 *
 * <p>All state is guarded by {@link #lock}; held threads wait on it.
 */
final class ScriptedSchedule implements Schedule {
    /** Guards every field of every {@link Actor}; held threads and the driver wait on it. */
    final Object lock = new Object();
    private final Map<Thread, Actor> byThread = new ConcurrentHashMap<>();
    /** Set when the script failed: every held thread is let go so that nothing is left hanging. */
    boolean aborted;
    /**
     * The explorer's store-buffer rules ({@link Interleaving#inEveryWorld()}): a bufferable store is a point the
     * thread can be held at, its buffer drains only at a full barrier or an explicit flush step (never when the
     * thread resumes or ends), and a blocked thread is held until a step resumes it.
     */
    final boolean explicit;
    /** The memory model (only {@link #explicit} scripts have another than TSO). */
    final MemoryModel model;
    /** Under {@link MemoryModel#WEAK}: the memory, touched only by the one thread the script lets run; else null. */
    private final WeakMemory weak;
    /** The fields and elements the field descriptors accessed, interned. */
    private final Locations locations = new Locations();

    ScriptedSchedule(boolean explicit, MemoryModel model) {
        this.explicit = explicit;
        this.model = model;
        this.weak = model == MemoryModel.WEAK ? new WeakMemory() : null;
    }

    /** One buffered store; {@code location} is null when the store's location is not known (no forwarding). */
    record Buffered(SchedulePoint point, Object location, long value, Runnable store) {
    }

    /** One scripted thread's view of the script. Fields guarded by {@link ScriptedSchedule#lock}. */
    static final class Actor {
        final String name;
        /** The thread's number for the weak memory (its declaration order). */
        final int index;
        /** Under WEAK: the options its accesses take, in order ({@link Interleaving#pick}); 0 when none is left. */
        final ArrayDeque<Integer> picks = new ArrayDeque<>();
        Thread thread;
        /** The point the current step runs this thread to, or null (run to the end, or free). */
        SchedulePoint target;
        /** True while the thread waits at a point (or at its start) for the driver to resume it. */
        boolean held = true;
        /** Where the thread is held, or "start". */
        String heldAt = "start";
        /** After the last step: no more holding. */
        boolean free;
        /** The current step runs this thread until it blocks. */
        boolean untilBlocked;
        /** Held because it blocked (explicit mode), not at a point. */
        boolean blockedNow;
        /** While blocked in {@link ScriptedSchedule#awaitWrite}: the location whose next write wakes it. */
        Object awaitingWrite;
        /** That wait's registered task in its world's {@link Tasks}, or null (a store that may end it is pending). */
        Task awaitTask;
        /** Under WEAK, after a failed spin: the location its next load reads a newer write of. */
        Object readNewer;

        boolean finished;
        Throwable thrown;
        final List<String> passed = new ArrayList<>();
        /** Emulated store buffer: stores issued but not yet visible to other threads. Only its thread touches it. */
        final ArrayDeque<Buffered> storeBuffer = new ArrayDeque<>();

        Actor(String name, int index) {
            this.name = name;
            this.index = index;
        }

        /** Makes every store of its buffer visible, oldest first, telling {@code s} of each ({@link #wrote}). */
        void drain(ScriptedSchedule s) {
            Buffered b;
            while ((b = storeBuffer.pollFirst()) != null) {
                b.store().run();
                s.wrote(b.location());
            }
        }
    }

    void register(Actor actor) {
        byThread.put(actor.thread, actor);
    }

    @Override
    public void at(SchedulePoint point) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null) {
            return;
        }
        boolean wasHeld = false;
        synchronized (lock) {
            a.passed.add(point.name());
            if (!a.free && !aborted && a.target == point) {
                wasHeld = true;
                a.target = null;
                a.held = true;
                a.heldAt = point.name();
                lock.notifyAll();
                Tasks.paused(point); // held by the script: not runnable, and never part of a deadlock
                while (a.held && !aborted) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        if (wasHeld) {
            Tasks.resumed();
        }
        if (wasHeld && !explicit) {
            // Resumed after being held: what this thread stored before the point becomes visible now. Passing a
            // point without being held drains nothing, so a script can hold the thread at a later point with its
            // stores still buffered.
            a.drain(this);
        }
    }

    @Override
    public void store(SchedulePoint point, Runnable store) {
        store(point, null, 0, store);
    }

    @Override
    public void store(SchedulePoint point, Object location, long old, long value, boolean release, Runnable store) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null || weak == null) {
            store(point, location, value, store);
            return;
        }
        if (weak.store(a.index, location, old, value, release, picker(a)).pick() == 0) {
            store.run();
        }
        wrote(location);
        at(point);
    }

    /** Under WEAK: {@code a} promises a later store of {@code value} to {@code location} ({@link WeakMemory#promise}). */
    void promise(Actor a, Object location, long value) {
        long memory = ((Promisable) location).valueInMemory(); // the driver is no actor: memory
        weak.promise(a.index, location, memory, value);
    }

    /** Under WEAK, why the run is not one of the model's executions ({@link WeakMemory#discarded()}); else null. */
    String discarded() {
        return weak == null ? null : weak.discarded();
    }

    private WeakMemory.Picker picker(Actor a) {
        return options -> {
            Integer k = a.picks.pollFirst();
            if (k == null) {
                k = 0;
            }
            if (k >= options) {
                throw new AssertionError(a.name + ": pick " + k + " but its access has only " + options + " options");
            }
            return k;
        };
    }

    /** A field descriptor's store: as {@link #store(SchedulePoint, Object, long, long, boolean, Runnable)}, but
     *  never a point the thread is held at. */
    @Override
    public void bufferedStore(SchedulePoint point, Object location, long old, long value, boolean release,
                              Runnable store) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null || model == MemoryModel.SC) {
            store.run();
        } else if (weak != null) {
            if (weak.store(a.index, location, old, value, release, picker(a)).pick() == 0) {
                store.run();
            }
        } else {
            a.storeBuffer.addLast(new Buffered(point, location, value, store));
        }
        if (a != null) {
            wrote(location);
        }
    }

    @Override
    public Object location(Object owner, Object field, int index) {
        return locations.of(owner, field, index);
    }

    @Override
    public Long load(Object location, boolean acquire, long memory) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null) {
            return null;
        }
        if (model == MemoryModel.TSO) {
            return forwarded(location);
        }
        if (weak == null) {
            return null;
        }
        boolean newer = a.readNewer == location; // a spin's re-read after awaitWrite: as in the explorer
        if (newer) {
            a.readNewer = null;
        }
        return weak.load(a.index, location, acquire, memory, newer, picker(a)).value();
    }

    @Override
    public void accessed(Object variable, boolean write, long value) {
        Actor a = byThread.get(Thread.currentThread());
        if (weak != null && a != null) {
            weak.atomicAccess(a.index, variable, write, value); // an RMW's access: as in the explorer
        }
        if (write && explicit) {
            wrote(variable);
        }
    }

    /** Under WEAK, an atomic RMW by the memory model, as in the explorer ({@link WeakMemory#rmw}); else null. */
    @Override
    public Long rmw(Object location, long memory, java.util.function.LongUnaryOperator op,
                    java.util.function.LongPredicate writes, Order order) {
        Actor a;
        if (weak == null || (a = byThread.get(Thread.currentThread())) == null) {
            return null;
        }
        long old = weak.rmw(a.index, location, memory, op, writes, order);
        if (writes == null || writes.test(old)) {
            wrote(location);
        }
        return old;
    }

    @Override
    public void readBarrier() {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && weak != null) {
            weak.readBarrier(a.index);
        }
    }

    @Override
    public void writeBarrier() {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && weak != null) {
            weak.writeBarrier(a.index);
        }
    }

    @Override
    public void lockAcquired(Object lock) {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && weak != null) {
            weak.lockAcquired(a.index, lock);
        }
    }

    @Override
    public void rcu(RcuEvent event, Object domain) {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && weak != null) {
            weak.rcu(a.index, event, domain);
        }
    }

    @Override
    public void lockReleasing(Object lock) {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && weak != null) {
            weak.lockReleasing(a.index, lock);
        }
    }

    @Override
    public void store(SchedulePoint point, Object location, long value, Runnable store) {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && model != MemoryModel.TSO) {
            store.run(); // SC, or under WEAK a store whose old value the schedule was not given: visible at once
            wrote(location);
            at(point);
        } else if (a == null) {
            store.run();
        } else {
            a.storeBuffer.addLast(new Buffered(point, location, value, store));
            wrote(location); // issued: a waiter re-reads (and waits again, now for the flush), as in the explorer
            if (explicit) {
                at(point);
            }
        }
    }

    @Override
    public Long forwarded(Object location) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null) {
            return null;
        }
        Long v = null;
        for (Buffered b : a.storeBuffer) {
            if (b.location() == location) {
                v = b.value();
            }
        }
        return v;
    }

    @Override
    public boolean stopBlocked(Task task) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null || !explicit) {
            return false;
        }
        return holdBlocked(a, "blocked: " + task.waitDescription());
    }

    /**
     * As in the explorer ({@code Execution#awaitWrite}): under WEAK, if the location has a write newer than the one
     * the thread last read, it re-reads one of those ({@link WeakMemory#load(int, Object, boolean, long, boolean,
     * WeakMemory.Picker)}, so its {@link Interleaving#pick} is numbered among them, as the explorer numbers it);
     * otherwise the thread blocks, held like a thread blocked on a lock until a step resumes it, and registered
     * with its world's {@link Tasks} as a condition wait (unless another thread's store buffer holds a store that
     * may end it) that any thread's store to the location, or a flush of one, wakes. A wait no write will end is
     * thus reported by the detector (HUNG, DEADLOCK) and ends with {@link Hung} when resumed, never by the step
     * deadline. After the script's last step (its threads free) it returns false: spin, as in a stress run.
     */
    @Override
    public boolean awaitWrite(Object location, String what) {
        Actor a = byThread.get(Thread.currentThread());
        if (a == null || !explicit) {
            return false;
        }
        if (weak != null && weak.hasNewer(a.index, location)) {
            a.readNewer = location;
            return true;
        }
        boolean pending = false;
        synchronized (lock) {
            if (a.free || aborted) {
                return false;
            }
            for (Actor o : byThread.values()) {
                for (Buffered b : o.storeBuffer) {
                    pending |= o != a && (b.location() == null || b.location() == location);
                }
            }
            a.awaitingWrite = location;
        }
        Task me = Tasks.currentTask();
        Task task = null;
        if (!pending && me != null) {
            try {
                task = me.tasks().block(Waitable.condition(what), what);
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    a.awaitingWrite = null;
                }
                throw e;
            }
        }
        synchronized (lock) {
            a.awaitTask = task;
        }
        boolean held = holdBlocked(a, "blocked: " + (task != null ? task.waitDescription() : what));
        synchronized (lock) {
            a.awaitingWrite = null;
            a.awaitTask = null;
        }
        if (task != null) {
            if (Thread.currentThread().isInterrupted()) {
                throw task.tasks().interrupted(task, what);
            }
            task.tasks().unblock(task);
        }
        return held;
    }

    /** A store to {@code location} (null: unknown) was issued or became visible: wake the threads waiting for one. */
    void wrote(Object location) {
        synchronized (lock) {
            for (Actor w : byThread.values()) {
                if (w.awaitingWrite != null && (location == null || w.awaitingWrite == location)) {
                    w.awaitingWrite = null;
                    if (w.awaitTask != null) {
                        w.awaitTask.tasks().wake(w.awaitTask);
                    }
                }
            }
        }
    }

    /** Holds blocked thread {@code a} until a step resumes it; false if the script no longer holds threads. */
    private boolean holdBlocked(Actor a, String what) {
        boolean interrupted = false;
        synchronized (lock) {
            if (a.free || aborted) {
                return false;
            }
            a.passed.add(what);
            a.target = null;
            a.held = true;
            a.blockedNow = true;
            a.heldAt = what;
            lock.notifyAll();
            while (a.held && !aborted) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the deadlock detector released it: it sees that when resumed
                }
            }
            a.blockedNow = false;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Under WEAK nothing (no buffer; see {@link Schedule#flushStoreBuffer}); else the TSO buffer's drain. */
    @Override
    public void flushStoreBuffer() {
        if (weak == null) {
            drainStoreBuffer();
        }
    }

    @Override
    public void drainStoreBuffer() {
        Actor a = byThread.get(Thread.currentThread());
        if (a != null && weak != null) {
            weak.fullBarrier(a.index);
        } else if (a != null) {
            a.drain(this);
        }
    }

    /** Called by a scripted thread before it runs its body: wait for the first step that names it. */
    void awaitStart(Actor a) throws InterruptedException {
        synchronized (lock) {
            while (a.held && !aborted) {
                lock.wait();
            }
        }
    }
}
