package org.gupstress.stress.explore;

import org.gupstress.model.kernel.sched.explore.Trace;

/**
 * Runs an explored {@link Trace} again as the {@code Interleaving} script {@link TestExploration#script} prints,
 * call for call, on a fresh instance of the test class, and returns the arbiter's outcome: the check that a printed
 * script reproduces what the explorer saw.
 */
public final class Replay {
    private Replay() {
    }

    /** Replays {@code trace} on a new instance of {@code test}; returns the outcome id. */
    public static String replay(Class<?> test, Trace trace) {
        JcstressSubject subject = new JcstressSubject(test);
        Object s = subject.newInstance(trace.state());
        java.util.Map<String, Runnable> threads = new java.util.LinkedHashMap<>();
        for (String name : subject.threadNames()) {
            threads.put(name, subject.actor(s, name));
        }
        trace.script(threads, s).run();
        return subject.classify(s);
    }
}
