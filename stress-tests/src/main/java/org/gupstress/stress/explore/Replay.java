package org.gupstress.stress.explore;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.explore.Step;
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
        Interleaving script = Interleaving.inEveryWorld(trace.memoryModel());
        for (String name : subject.threadNames()) {
            script.thread(name, subject.actor(s, name));
        }
        for (Step step : trace.steps()) {
            switch (step.kind()) {
                case RUN -> {
                    for (Step.Event e : step.events()) {
                        if (e.kind() == Step.EventKind.PICK) {
                            script.pick(step.thread(), (int) e.value());
                        }
                    }
                    script.step(step.thread(), step.to().equals("end") ? Interleaving.END
                            : step.blocked() ? Interleaving.BLOCKED : step.to());
                }
                case FLUSH -> script.flush(step.thread());
                case PROMISE -> {
                    Step.Event e = step.events().get(0);
                    script.promise(step.thread(), s, trace.variables().get(e.variable()), e.value());
                }
            }
        }
        script.run();
        return subject.classify(s);
    }
}
