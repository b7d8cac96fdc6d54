package org.gupstress.reports.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.gupstress.stress.Expected;
import org.junit.jupiter.api.Test;

/** The catalog describes each design by what it runs: its knob settings, its JUnit proofs, a selector for it alone. */
class SuiteCatalogTest {
    /** Surefire runs in the module directory; the project root is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final SuiteCatalog CATALOG = SuiteCatalog.load(ROOT);

    static TestEntry entry(String suffix) {
        return CATALOG.entries().stream().filter(e -> e.name().endsWith(suffix)).findFirst().orElseThrow();
    }

    @Test
    void knobsAreWhatTheDesignSets() {
        for (TestEntry e : CATALOG.entries()) {
            assertNotNull(e.knobs(), e.name() + ": its test could not be instantiated or holds no Config");
        }
        assertEquals(List.of("primitives.sb_store_load=FULL"), stripped(entry("StoreBuffering.FullFence").knobs()));
        assertEquals(List.of("primitives.sb_store_load=NONE"), stripped(entry("StoreBuffering.OnceOnly").knobs()));
        assertTrue(entry("GupFastVsMkclean.FullBarrier").knobs().isEmpty(), "the merged kernel sets no knob");
        assertEquals(List.of(), entry("litmus.SB_poonceonces").knobs(), "a litmus test builds no world: no knobs");
        // loaded after StoreBuffering.OnceOnly: a model object shared between worlds must not lead to its config
        assertEquals(List.of(), entry("GupVsWriteback.LongtermRefused").knobs());
        assertTrue(entry("GupFastVsMkclean.NoBarrier").knobs().stream().anyMatch(k -> k.contains("=")),
                entry("GupFastVsMkclean.NoBarrier").knobs().toString());
    }

    /** The primitives family is JCStress's own store-buffering sample, a calibration: it has no scripted proof. */
    @Test
    void everyBrokenDesignOfARaceFamilyHasAJUnitProof() {
        List<String> missing = CATALOG.entries().stream()
                .filter(e -> e.expected() == Expected.BROKEN && !e.family().equals("primitives") && e.proofs().isEmpty())
                .map(TestEntry::name).toList();
        assertEquals(List.of(), missing, "BROKEN designs without a JUnit proof found in " + Proofs.SOURCES);
        assertTrue(entry("writeback.GupFastVsMkclean.NoBarrier").proofs()
                .contains("org.gupstress.stress.writeback.GupFastVsMkcleanTest#noBarrierKeepsAPinTheCleanerCannotSee"),
                entry("writeback.GupFastVsMkclean.NoBarrier").proofs().toString());
        assertTrue(entry("writeback.GupFastVsMkclean.FullBarrier").proofs().isEmpty(),
                "a script that shows the merged kernel keeps the pin is not a proof of a bug");
    }

    @Test
    void theSelectorPicksExactlyItsTest() {
        for (TestEntry e : CATALOG.entries()) {
            Pattern p = Pattern.compile(e.selector());
            assertEquals(List.of(e.name()), CATALOG.entries().stream().map(TestEntry::name).filter(n -> p.matcher(n).find()).toList());
        }
    }

    @Test
    void withoutSourcesNoProofIsListed() {
        assertTrue(SuiteCatalog.load(ROOT.resolve("no-such-dir")).entries().stream().allMatch(e -> e.proofs().isEmpty()));
    }

    private static List<String> stripped(List<String> knobs) {
        return knobs;
    }
}
