package org.gupstress.stress.ksm;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.stress.Rendezvous;
import org.openjdk.jcstress.annotations.Actor;

/**
 * What the file-backed scenarios of family E share: the two files' worth of mappings ({@link FileCopies}), the
 * protector actor ({@link PageProtect#protect}, the design's walk) and what it leaves for the arbiter. The other
 * actor is the scenario's own.
 */
abstract class FileProtectRace {
    final FileCopies fs;
    final Rendezvous start = new Rendezvous();
    /** Written by PROTECT, read by the arbiter after the actors joined. */
    boolean protectedOk;
    /** Set by an actor released from a detected deadlock or hang that the race cannot produce. */
    boolean hung;

    /**
     * @param aWrote     whether A's fault was a write (writable dirty PTE) or a read (read-only clean PTE)
     * @param otherActor the task name of the scenario's other actor
     */
    FileProtectRace(Config config, boolean aWrote, String otherActor) {
        fs = new FileCopies(config, aWrote);
        fs.world.tasks().fork("protect");
        fs.world.tasks().fork(otherActor);
    }

    /** The protector: {@link PageProtect#protect}, the design's walk. */
    @Actor
    public void protect() {
        try (Task me = fs.world.tasks().start("protect")) {
            start.arrive();
            try {
                protectedOk = PageProtect.protect(fs.protection);
            } catch (Hung h) {
                hung = true;
            }
        }
    }

    /** For the JUnit scripts. */
    public World world() {
        return fs.world;
    }
}
