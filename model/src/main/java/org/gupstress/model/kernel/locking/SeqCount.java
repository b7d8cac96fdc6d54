package org.gupstress.model.kernel.locking;

import org.gupstress.model.kernel.Barriers;
import org.gupstress.model.kernel.Word;
import org.gupstress.model.kernel.sched.Schedule;
import org.gupstress.model.kernel.sched.Schedules;

/**
 * {@code seqcount_t} (include/linux/seqlock.h): a sequence number that a single writer (serialized by a lock of its
 * own, e.g. {@code mm->mmap_lock} for {@code mm->write_protect_seq}) makes odd while it updates and even again
 * after, so that lockless readers can detect that they raced with it and retry (or, as GUP-fast, give up).
 *
 * <p>Memory effects, as the kernel's raw variants: {@link #writeSeqcountBegin()} makes the odd count visible before
 * the writer's later stores ({@code smp_wmb()}), {@link #writeSeqcountEnd()} makes the writer's stores visible
 * before the even count ({@code smp_wmb()}); a reader's loads of the protected data stay between
 * {@link #rawReadSeqcount()} / {@link #readSeqcountBegin()} and {@link #readSeqcountRetry(long)} ({@code smp_rmb()}
 * after the first, before the second). None orders a store before a later load: on x86 every one of these
 * barriers is a compiler barrier only, so a seqcount with a barrier missing cannot fail under JCStress there.
 */
public final class SeqCount {
    private final Word sequence = new Word(0);

    /** {@code raw_read_seqcount(s)}: the count (odd while a writer is inside), then {@code smp_rmb()}. */
    public long rawReadSeqcount() {
        long seq = sequence.readOnce();
        Barriers.smpRmb();
        return seq;
    }

    /**
     * {@code read_seqcount_begin(s)}: waits (spinning, as the kernel does: {@code __read_seqcount_begin()}'s
     * {@code cpu_relax()} loop) until no writer is inside, then {@code smp_rmb()}; returns the even count. Under the
     * explorer the wait is a blocked task until the writer stores the count ({@link Word#condLoadAcquire}'s rule,
     * {@code Schedule.awaitWrite}): a reader whose writer never ends its section is reported (DEADLOCK or HUNG), not
     * left spinning.
     */
    public long readSeqcountBegin() {
        long seq;
        while (((seq = sequence.readOnce()) & 1) != 0) {
            Schedule s = Schedules.everyWorld();
            if (s == null || !s.awaitWrite(sequence, "read_seqcount_begin (writer inside)")) {
                Thread.onSpinWait();
            }
        }
        Barriers.smpRmb();
        return seq;
    }

    /** {@code read_seqcount_retry(s, start)}: {@code smp_rmb()}, then true if a writer ran since {@code start}. */
    public boolean readSeqcountRetry(long start) {
        Barriers.smpRmb();
        return sequence.readOnce() != start;
    }

    /** {@code raw_write_seqcount_begin(s)}: {@code s->sequence++; smp_wmb();}. The caller holds the writer lock. */
    public void writeSeqcountBegin() {
        sequence.writeOnce(sequence.readOnce() + 1);
        Barriers.smpWmb();
    }

    /** {@code raw_write_seqcount_end(s)}: {@code smp_wmb(); s->sequence++;}. */
    public void writeSeqcountEnd() {
        Barriers.smpWmb();
        sequence.writeOnce(sequence.readOnce() + 1);
    }

    @Override
    public String toString() {
        return sequence.toString();
    }
}
