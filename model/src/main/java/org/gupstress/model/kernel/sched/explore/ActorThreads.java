package org.gupstress.model.kernel.sched.explore;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.gupstress.model.kernel.sched.Tasks;

/**
 * The real threads an {@link Execution} runs its actors on, kept from one run to the next: starting and ending a
 * thread costs about a quarter of a millisecond on a small VM (three threads: 0.8-0.9 ms on the 2-CPU machine
 * README's figures come from), more than a whole schedule of a litmus test, and an exploration runs thousands.
 *
 * <p>Each run still gets one distinct thread per actor, and a thread serves one run at a time. Nothing of a run
 * reaches the next through the thread: a job starts with the interrupt flag cleared (a deadlock detector of the
 * previous run may have interrupted it while that run unwound; {@link Execution#run} returns only when every actor
 * of its run has finished), with the actor's name, and a thread whose job left a task of its world running (its
 * {@code Tasks} thread-local set) is not kept. A thread whose job never ends (a stall) is simply never returned.
 */
final class ActorThreads {
    private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();

    private ActorThreads() {
    }

    /** Runs {@code body} on a kept thread (or a new one) named {@code name}; the handle tells when it is done. */
    static Job start(String name, Runnable body) {
        Worker w = IDLE.pollFirst();
        if (w == null) {
            w = new Worker();
        }
        Job j = new Job(w.thread, body);
        w.thread.setName(name);
        w.hand(j);
        return j;
    }

    /** One actor's body on one thread. */
    static final class Job {
        final Thread thread;
        private final Runnable body;
        private final CountDownLatch done = new CountDownLatch(1);

        private Job(Thread thread, Runnable body) {
            this.thread = thread;
            this.body = body;
        }

        /** Waits at most {@code millis} for the body to end; as {@link Thread#join(long)} did for a fresh thread. */
        void join(long millis) throws InterruptedException {
            done.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    private static final class Worker {
        final Thread thread = new Thread(this::loop, "explore-actor");
        /** The job to run next, or null. Guarded by {@code this}. */
        private Job next;

        Worker() {
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void hand(Job j) {
            next = j;
            notifyAll();
        }

        private void loop() {
            for (;;) {
                Job j;
                synchronized (this) {
                    while (next == null) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            // a late interrupt of the previous run's world: cleared below anyway
                        }
                    }
                    j = next;
                    next = null;
                }
                Thread.interrupted();
                try {
                    j.body.run();
                } finally {
                    j.done.countDown();
                }
                if (Tasks.currentTask() != null) {
                    return; // a task of that run's world still runs on this thread: do not lend it out again
                }
                IDLE.addFirst(this);
            }
        }
    }
}
