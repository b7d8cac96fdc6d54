package org.gupstress.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AtomicTest {
    @Test
    void voidOperationsAddAndSubtract() {
        Atomic a = new Atomic(5);
        a.add(3);
        a.inc();
        a.sub(2);
        a.dec();
        assertEquals(6, a.read());
    }

    @Test
    void valueReturningOperationsReturnTheNewOrOldValue() {
        Atomic a = new Atomic(1);
        assertEquals(3, a.addReturn(2));
        assertEquals(3, a.fetchAdd(1));
        assertEquals(4, a.read());
        assertEquals(3, a.decReturn());
        assertFalse(a.decAndTest());
        assertTrue(a.subAndTest(2));
        assertEquals(0, a.read());
    }

    @Test
    void negativeValuesSurviveTheWriterBit() {
        Atomic mapcount = new Atomic(-1); // _mapcount of an unmapped folio
        assertEquals(-1, mapcount.read());
        assertEquals(0, mapcount.incReturn());
        assertEquals(-2, mapcount.addReturn(-2));
        mapcount.set(Integer.MIN_VALUE);
        assertEquals(Integer.MIN_VALUE, mapcount.read());
        mapcount.dec();
        assertEquals(Integer.MAX_VALUE, mapcount.read(), "atomic_t wraps like the kernel's int");
    }

    @Test
    void cmpxchgExchangesOnlyOnMatch() {
        Atomic a = new Atomic(7);
        assertEquals(7, a.cmpxchg(7, 9));
        assertEquals(9, a.read());
        assertEquals(9, a.cmpxchg(7, 11));
        assertEquals(9, a.read());
        assertEquals(9, a.xchg(1));
        assertEquals(1, a.read());
    }

    @Test
    void addUnlessRefusesTheForbiddenValue() {
        Atomic ref = new Atomic(0);
        assertFalse(ref.incNotZero(), "a folio at refcount 0 is being freed: no new reference");
        ref.set(2);
        assertTrue(ref.addUnless(1, 0));
        assertEquals(3, ref.read());
        assertFalse(ref.addUnless(-1, 3));
        assertEquals(3, ref.read());
    }

    @Test
    void bitOperations() {
        Atomic flags = new Atomic(0);
        flags.setBit(2);
        assertTrue(flags.testBit(2));
        assertFalse(flags.testAndSetBit(3));
        assertTrue(flags.testAndSetBit(3));
        assertTrue(flags.testAndClearBit(2));
        assertFalse(flags.testAndClearBit(2));
        assertFalse(flags.testAndSetBitLock(0));
        assertTrue(flags.testAndSetBitLock(0));
        flags.clearBitUnlock(0);
        assertFalse(flags.testBit(0));
        flags.clearBit(3);
        assertEquals(0, flags.read());
    }

    @Test
    void voidAtomicsAreAtomicAcrossThreads() throws InterruptedException {
        // Void atomics carry no trailing barrier, but they must still never lose an update.
        Atomic a = new Atomic(0);
        int n = 200_000;
        Runnable incs = () -> {
            for (int i = 0; i < n; i++) {
                a.inc();
            }
        };
        Runnable mixed = () -> {
            for (int i = 0; i < n; i++) {
                a.addReturn(2);
                a.dec();
            }
        };
        Thread t1 = new Thread(incs);
        Thread t2 = new Thread(mixed);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2 * n, a.read());
    }

    @Test
    void orderedVariantsComputeLikeTheFullyOrderedOnes() {
        Atomic a = new Atomic(0);
        assertEquals(1, a.addReturnRelaxed(1));
        assertEquals(2, a.addReturnAcquire(1));
        assertEquals(3, a.addReturnRelease(1));
        assertEquals(3, a.fetchAddRelaxed(1));
        assertEquals(4, a.xchgRelaxed(5));
        assertEquals(5, a.xchgAcquire(6));
        assertEquals(6, a.xchgRelease(7));
        assertEquals(7, a.cmpxchgRelaxed(7, 8));
        assertEquals(8, a.cmpxchgAcquire(0, 9), "failed: returns the value found");
        assertEquals(8, a.cmpxchgRelease(8, 9));
        assertTrue(a.tryCmpxchg(9, 10));
        assertFalse(a.tryCmpxchg(9, 11));
        assertEquals(10, a.read());
    }

    @Test
    void atomic64HoldsSixtyFourBits() {
        Atomic64 a = new Atomic64(1L << 40);
        a.inc();
        assertEquals((1L << 40) + 1, a.read());
        assertEquals(1L << 41, a.addReturn((1L << 40) - 1));
        assertEquals(1L << 41, a.xchg(3));
        assertEquals(3, a.cmpxchg(4, 5));
        assertTrue(a.tryCmpxchg(3, 1));
        assertTrue(a.decAndTest());
        a.set(-1);
        assertEquals(-1, a.readAcquire());
    }

    /** atomic_set() is atomic with respect to RMWs: under contention no set is overwritten by a stale RMW result. */
    @Test
    void aSetIsNeverLostToAConcurrentRmw() throws InterruptedException {
        Atomic a = new Atomic(0);
        Thread adder = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                a.add(2); // keeps the value even
            }
        });
        adder.start();
        int lost = 0;
        for (int i = 0; i < 2_000; i++) {
            a.set(1); // odd: an RMW that read the old even value and published after the set would make it even
            if ((a.read() & 1) == 0 && (a.read() & 1) == 0) {
                // only the adder's later RMWs (which keep parity) can have run since: parity must still be odd
                lost++;
            }
        }
        adder.join();
        assertEquals(0, lost, "an atomic_set() was overwritten by an RMW computed from the value before it");
    }
}
