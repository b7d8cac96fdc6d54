package org.gupstress.model.kernel.sched.explore;

import java.util.List;

/**
 * What the explorer explores: a scenario that can build a fresh instance of itself for every schedule. A JCStress
 * test class is one (its constructor builds the world, its actors are the threads, its arbiter classifies).
 */
public interface Subject {
    /**
     * How many initial states the scenario has (an instance is built in one of them). The explorer searches the
     * schedules of each separately. Default 1.
     */
    default int initialStates() {
        return 1;
    }

    /** A fresh instance in initial state {@code state}, its world built, no thread started. */
    Trial newTrial(int state);

    /** One instance of the scenario. */
    interface Trial {
        /** The threads' names, in a fixed order; traces and scripts use them. */
        List<String> threadNames();

        /** What each thread runs, in the order of {@link #threadNames()}. */
        List<Runnable> threads();

        /** Classifies the instance after every thread ended and every store became visible: the outcome id. */
        String outcome();

        /**
         * The object whose fields lead to the scenario's shared variables (a JCStress test instance), from which a
         * trace names them ({@code folio.refcount}); null if there is none (then they are numbered).
         */
        default Object root() {
            return null;
        }
    }
}
