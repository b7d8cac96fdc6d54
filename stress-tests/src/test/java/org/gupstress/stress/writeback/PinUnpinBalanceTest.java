package org.gupstress.stress.writeback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.stress.writeback.PinUnpinBalanceScenario.Balance;
import org.gupstress.stress.writeback.PinUnpinBalanceScenario.Release;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's mixed releases reach their outcome by script (deterministic bugs: every interleaving ends badly, so
 * they are tested here rather than under JCStress); the release by origin balances under the same scripts.
 */
class PinUnpinBalanceTest {

    /** An unconverted completion: each pin released with put_page() leaves 1023 behind and is never counted released. */
    @Test
    void putPageOfAPinLeaksTheBias() {
        PinUnpinBalanceScenario s = design(Release.PUT_PAGE);
        assertEquals(Balance.PIN_IMBALANCE, oneAfterTheOther(s));
        assertEquals(2, s.world().vmstat().nrFollPinAcquired());
        assertEquals(0, s.world().vmstat().nrFollPinReleased());
    }

    /** Unpin of a plain reference with no pin held anywhere: _refcount goes negative at once. */
    @Test
    void unpinOfAPlainReferenceUnderflows() {
        assertEquals(Balance.REFCOUNT_UNDERFLOW, oneAfterTheOther(design(Release.UNPIN)));
    }

    /**
     * IO_A holds its pin; IO_B's referenced bio is released with unpin_user_page(), which takes IO_A's bias: when
     * IO_A looks again before completing, folio_maybe_dma_pinned() says its pinned page is not pinned.
     */
    @Test
    void unpinOfAPlainReferenceHidesAnotherThreadsPin() {
        assertEquals(Balance.PIN_INVISIBLE, wrongReleaseWhileAHoldsItsPin(design(Release.UNPIN)));
    }

    @Test
    void releaseByOriginBalancesUnderBothScripts() {
        assertEquals(Balance.BALANCED, oneAfterTheOther(new PinUnpinBalance.ReleaseByOrigin()));
        assertEquals(Balance.BALANCED, wrongReleaseWhileAHoldsItsPin(new PinUnpinBalance.ReleaseByOrigin()));
    }

    /** A deterministic wrong release: a JUnit fixture, not a JCStress design (see {@link Release}). */
    private static PinUnpinBalanceScenario design(Release release) {
        return new PinUnpinBalanceScenario(Config.defaults(), release) {
        };
    }

    private static Balance oneAfterTheOther(PinUnpinBalanceScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("IO_A", s::ioA)
                .thread("IO_B", s::ioB)
                .step("IO_A", Interleaving.END)
                .step("IO_B", Interleaving.END)
                .run();
        return s.classify();
    }

    private static Balance wrongReleaseWhileAHoldsItsPin(PinUnpinBalanceScenario s) {
        Interleaving.in(s.world()::useSchedule)
                .thread("IO_A", s::ioA)
                .thread("IO_B", s::ioB)
                .step("IO_A", PinUnpinBalanceScenario.BIO_PAGES_HELD.name())
                .step("IO_B", Interleaving.END)
                .step("IO_A", Interleaving.END)
                .run();
        return s.classify();
    }
}
