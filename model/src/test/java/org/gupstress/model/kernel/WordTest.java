package org.gupstress.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gupstress.model.kernel.locking.SeqCount;
import org.junit.jupiter.api.Test;

class WordTest {
    @Test
    void xchgAndCmpxchgOnAPlainWord() {
        Word x = new Word(1);
        assertEquals(1, x.xchg(2));
        assertEquals(2, x.xchgRelaxed(3));
        assertEquals(3, x.xchgAcquire(4));
        assertEquals(4, x.xchgRelease(5));
        assertEquals(5, x.cmpxchg(9, 6), "a failed cmpxchg returns the value found and stores nothing");
        assertEquals(5, x.readOnce());
        assertEquals(5, x.cmpxchgRelaxed(5, 6));
        assertEquals(6, x.cmpxchgAcquire(6, 7));
        assertEquals(7, x.cmpxchgRelease(7, 8));
        assertTrue(x.tryCmpxchg(8, 9));
        assertFalse(x.tryCmpxchg(8, 10));
        assertEquals(9, x.loadAcquire());
    }

    @Test
    void storeMbAndCondLoadAcquire() {
        Word x = new Word(0);
        x.storeMb(3);
        assertEquals(3, x.condLoadAcquire(v -> v == 3));
    }

    @Test
    void aSeqcountReaderSeesAWriterThatRanSinceItBegan() {
        SeqCount s = new SeqCount();
        long start = s.readSeqcountBegin();
        assertFalse(s.readSeqcountRetry(start));
        s.writeSeqcountBegin();
        assertEquals(1, s.rawReadSeqcount() & 1, "odd while the writer is inside (GUP-fast gives up)");
        s.writeSeqcountEnd();
        assertTrue(s.readSeqcountRetry(start));
        assertFalse(s.readSeqcountRetry(s.readSeqcountBegin()));
    }

    @Test
    void perCpuCountersSumTheirSlots() {
        long[] c = PerCpu.allocPercpu();
        PerCpu.thisCpuAdd(c, 5);
        PerCpu.thisCpuAdd(c, -2);
        assertEquals(3, PerCpu.sum(c));
    }
}
