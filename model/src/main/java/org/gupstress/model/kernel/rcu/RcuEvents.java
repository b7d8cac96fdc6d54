package org.gupstress.model.kernel.rcu;

import org.gupstress.model.kernel.sched.RcuEvent;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * Tells the schedule that controls every world, if any, what an RCU or SRCU domain did ({@link Schedule#rcu}): how
 * the explorer's weak memory model learns of read-side sections and grace periods. A stress run pays one null check.
 */
final class RcuEvents {
    private RcuEvents() {
    }

    static void tell(RcuEvent event, Object domain) {
        Schedule s = Schedules.everyWorld();
        if (s != null) {
            s.rcu(event, domain);
        }
    }
}
