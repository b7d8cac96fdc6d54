package org.gupstress.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.kconfig.Knob;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final Knob<Integer> BIAS = Knob.of("test.bias", 1024, "a test knob");
    private static final BarrierSite SITE = BarrierSite.of("test.site", "smp_mb() in a test");

    @Test
    void unsetKnobsHaveTheKernelDefault() {
        assertEquals(1024, Config.defaults().get(BIAS));
        assertEquals(Strength.FULL, Config.defaults().get(SITE), "a barrier site is full unless a design weakens it");
    }

    @Test
    void aDesignSetsKnobsAndSaysWhich() {
        Config c = Config.builder().set(BIAS, 4).set(SITE, Strength.RELEASE_ACQUIRE).build();
        assertEquals(4, c.get(BIAS));
        assertEquals(Strength.RELEASE_ACQUIRE, c.get(SITE));
        assertEquals(List.of("test.bias=4", "test.site=RELEASE_ACQUIRE"), c.describe());
        Config derived = c.toBuilder().set(BIAS, 8).build();
        assertEquals(8, derived.get(BIAS));
        assertEquals(Strength.RELEASE_ACQUIRE, derived.get(SITE));
        assertEquals(4, c.get(BIAS), "a config is immutable");
    }

    @Test
    void aKnobDeclaredAfterTheConfigReadsItsDefault() {
        Config c = Config.builder().set(BIAS, 4).build();
        Knob<String> late = Knob.of("test.late", "kernel", "declared after the config was built");
        assertEquals("kernel", c.get(late));
        assertTrue(site().kernelBarrier().contains("smp_mb"));
    }

    @Test
    void nullValuesAreRefused() {
        assertThrows(NullPointerException.class, () -> Config.builder().set(BIAS, null));
    }

    private static BarrierSite site() {
        return SITE;
    }
}
