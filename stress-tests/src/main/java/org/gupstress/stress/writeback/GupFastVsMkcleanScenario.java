package org.gupstress.stress.writeback;

import static org.gupstress.stress.Grade.Kind.BUG;
import static org.gupstress.stress.Grade.Kind.FORBIDDEN;
import static org.gupstress.stress.Grade.Kind.OK;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.kernel.Strength;
import org.gupstress.model.kernel.sched.Hung;
import org.gupstress.model.kernel.sched.Task;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.Tlb;
import org.gupstress.model.mm.WritebackPins;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.gupstress.stress.GenerateTests;
import org.gupstress.stress.Grade;
import org.gupstress.stress.Rendezvous;
import org.gupstress.stress.Scenario;
import org.gupstress.stress.Unexpected;
import org.gupstress.stress.Witness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * GUP-fast against a pin-aware {@code folio_mkclean()}: the store-buffering race at the heart of lockless GUP.
 *
 * <p>The page of a shared writable file mapping is mapped writable and dirty. Writeback holds the folio lock and
 * cleans it; a direct-I/O read pins the same page through {@code pin_user_pages_fast()}. Neither takes a lock the
 * other takes: GUP-fast walks the page table with no lock at all. What keeps them apart is the pairing mm/gup.c
 * spells out ("GUP-fast needs (1) pin the page, then (2) check pte not changed. For the rest of pgtable
 * operations... (1) clear pte, then (2) check whether page is pinned"):
 *
 * <pre>
 *   GUP_FAST (gup_fast_pte_range)                 MKCLEAN (pin-aware folio_mkclean, folio locked)
 *   pte = ptep_get_lockless()   -- writable       under the PTE lock: ptep_clear_flush() (xchg),
 *   try_grab_folio_fast(): pin                        set_pte_at(pte_wrprotect(pte))
 *   smp_mb__after_atomic()  [PIN_BEFORE_PTE_RECHECK]  smp_mb()  [MKCLEAN_BEFORE_PIN_CHECK]
 *   if (pte != ptep_get()) unpin, slow path        pinned = folio_maybe_dma_pinned()
 * </pre>
 *
 * This is LKMM's SB shape: with a full barrier on both sides at least one side sees the other's store
 * (SB+fencembonceonces: "Never" both miss). The forbidden result is {@link Observed#PIN_MISSED}: GUP-fast keeps a
 * pin it took on the old, writable PTE, while the cleaner, having write-protected that PTE, concluded the page
 * is not pinned. Writeback would then write the page directly, let it go clean and drop its block reservation,
 * while a DMA writes into it without ever faulting: the lost write and the ext4 BUG of {@link GupVsWritebackScenario}.
 *
 * <p>Two ways to lose it. {@link NoBarrier}: GUP-fast's barrier is only release/acquire; the pin, a void atomic
 * with no barrier after its store, can still sit in the store buffer when the PTE is re-read (x86 allows exactly
 * this store-to-load reordering), so the re-read sees the old PTE while the cleaner reads the old pin count.
 * {@link NoRecheck}: GUP-fast never re-reads the PTE, so a cleaner that runs entirely between GUP-fast's
 * {@code ptep_get_lockless()} and its pin is never noticed, on any memory model, wherever the cleaner's TLB flush
 * does not wait for GUP-fast.
 *
 * <p>Whether it waits is the machine's TLB flush ({@link Tlb#FLUSH}). GUP-fast walks with interrupts disabled
 * ({@code local_irq_save()}). Where the flush is a broadcast invalidation that waits for nobody
 * ({@link Tlb.FlushModel#BROADCAST}: arm64's {@code TLBI ...IS}, x86 with INVLPGB, a paravirt flush that skips a
 * preempted vCPU; the default, because the generic mm/gup.c must be correct there) only the re-check with its barrier
 * stands between GUP-fast and the cleaner. Where it is an IPI that waits for every CPU to take it
 * ({@link Tlb.FlushModel#IPI}: x86 bare metal), the cleaner's {@code ptep_clear_flush()} cannot return while a
 * GUP-fast that read the old PTE is still in its interrupts-off section, so the cleaner sees that walker's pin:
 * {@link NoRecheckIpiFlush} and {@link NoBarrierIpiFlush} are SAFE, which is how x86's own lockless GUP ran from
 * 2008 to 2017 with neither (arch/x86/mm/gup.c {@code gup_pte_range()}: {@code get_page(page)}, no re-read).
 *
 * <p>The cleaner is always the pin-aware one ({@link WritebackPins#folioMkcleanPinAware}), whatever the world's
 * writeback policy; the designs differ on GUP-fast's side and in the flush. The cleaner's PTE update is an
 * {@code xchg} (fully ordered on every architecture), so only GUP's side is weakened.
 *
 * <p>What it takes to see the reordering on x86, measured on a 2-core machine:
 * <ul>
 *   <li>no schedule spin anywhere: a spin between the pin and the re-check would drain the store buffer;</li>
 *   <li>a per-sample {@link Rendezvous}: JCStress 0.16 runs each actor over a stride of 256 states and only syncs
 *       between strides, and these two actors differ in cost, so without it they soon work on different samples;</li>
 *   <li>a large folio ({@link #LARGE_FOLIO_ORDER}): its pin is a store to {@code _pincount}, on another cache line
 *       than the {@code _refcount} that {@code folio_ref_try_add()} has just taken exclusively, so the store may
 *       wait for its line in the store buffer. On a small folio the pin goes to that same, exclusively held line
 *       and commits within cycles: the reordering showed in about one sample in seven thousand, too rarely for
 *       the smoke setting; here in about one in three hundred. (The kernel's small-folio window is just as narrow;
 *       {@code _pincount} lives in the second {@code struct page} of a large folio, another line than
 *       {@code _refcount}.)</li>
 * </ul>
 */
@Scenario(family = "A", id = "gup-fast-vs-mkclean",
        title = "GUP-fast pin and PTE re-check vs pin-aware folio_mkclean (store buffering)",
        outcomes = GupFastVsMkcleanScenario.Observed.class)
@GenerateTests
public abstract class GupFastVsMkcleanScenario {
    /** What the two sides concluded. */
    public enum Observed {
        /** GUP-fast kept its pin and the cleaner saw it: writeback treats the folio as pinned. */
        @Grade(kind = OK, desc = "GUP-fast kept its pin and the cleaner saw it: writeback bounces and keeps the folio dirty.")
        PIN_SEEN,
        /** GUP-fast saw the write-protected PTE (before pinning, or at its re-check) and left the page to the slow path. */
        @Grade(kind = OK, desc = "GUP-fast saw the write-protected PTE and backed off to the slow path, which faults.")
        BACKED_OFF,
        /** The cleaner saw a pin that GUP-fast then dropped at its re-check: a harmless false positive. */
        @Grade(kind = OK, desc = "The cleaner saw a pin GUP-fast dropped at its re-check: a needless bounce, harmless.")
        TRANSIENT_PIN_SEEN,
        /** GUP-fast kept a pin taken on the old writable PTE while the cleaner saw no pin. */
        @Grade(kind = BUG, desc = "The pin sat in the store buffer while GUP-fast re-read the old PTE and the cleaner read no pin.")
        PIN_MISSED,
        /** A violation, deadlock or hang this race cannot produce: a bug in the model or the test. */
        @Grade(kind = FORBIDDEN, desc = "A violation, deadlock or hang this race cannot produce: a bug in the model or the test.")
        UNEXPECTED
    }

    /** An order-1 folio: the pin is a store to {@code _pincount}, not to the {@code _refcount} just taken. */
    static final int LARGE_FOLIO_ORDER = 1;

    private final SharedFileMapping fs;
    private final Folio[] pages = new Folio[1];
    private final Rendezvous start = new Rendezvous();
    /** Written by the GUP_FAST actor, read by the arbiter after the actors joined. */
    private boolean kept;
    /** Written by the MKCLEAN actor, read by the arbiter. */
    private boolean sawPin;
    /** Set by an actor released from a detected deadlock or hang: not an outcome this race can produce. */
    private boolean hung;

    protected GupFastVsMkcleanScenario(Config config) {
        World world = new World(config);
        world.tasks().fork("gupFast");
        world.tasks().fork("mkclean");
        this.fs = new SharedFileMapping(world, false, LARGE_FOLIO_ORDER);
        // Writeback locked the folio before the sample starts (folio_mkclean() BUGs on an unlocked folio).
        if (!fs.folio.folioTrylock()) {
            throw new IllegalStateException("fresh folio already locked");
        }
    }

    /** The direct-I/O read: {@code gup_fast()} for one page, FOLL_PIN | FOLL_WRITE, no slow-path fallback. */
    @Actor
    public void gupFast() {
        try (Task me = fs.world.tasks().start("gupFast")) {
            start.arrive();
            kept = Gup.gupFast(fs.mm, SharedFileMapping.ADDR, 1, GupFlags.FOLL_PIN | GupFlags.FOLL_WRITE, pages) == 1;
        }
    }

    /** Writeback's pin-aware {@code folio_mkclean()}: write-protect the PTE, {@code smp_mb()}, look at the pins. */
    @Actor
    public void mkclean() {
        try (Task me = fs.world.tasks().start("mkclean")) {
            start.arrive();
            try {
                sawPin = WritebackPins.folioMkcleanPinAware(fs.folio).pinned();
            } catch (Hung h) {
                hung = true;
            }
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        r.r1 = Witness.sample(getClass(), classify());
    }

    /** Public for the JUnit scripts, which run the same actors and must classify the same way. */
    public Observed classify() {
        if (hung || !fs.world.sanitizer().clean()) {
            Unexpected.print(getClass(), fs.world, hung ? "an actor hung" : "violations");
            return Observed.UNEXPECTED;
        }
        if (kept) {
            return sawPin ? Observed.PIN_SEEN : Observed.PIN_MISSED;
        }
        return sawPin ? Observed.TRANSIENT_PIN_SEEN : Observed.BACKED_OFF;
    }

    /** For the JUnit scripts. */
    public World world() {
        return fs.world;
    }

    @Design(value = "FULL_BARRIER", expected = Expected.SAFE,
            source = "mm/gup.c try_grab_folio_fast(): \"smp_mb__after_atomic()\" before the PTE re-check in "
                    + "gup_fast_pte_range(); include/linux/rmap.h __folio_try_share_anon_rmap() for the other half")
    public abstract static class FullBarrier extends GupFastVsMkcleanScenario {
        private static final Config CONFIG = Config.defaults();

        public FullBarrier() {
            super(CONFIG);
        }
    }

    /**
     * GUP-fast's {@code smp_mb__after_atomic()} weakened to release/acquire: the kernel as it was before David
     * Hildenbrand added the barrier in 2022 ("try_grab_folio() doesn't necessarily imply a memory barrier, so add an
     * explicit smp_mb__after_atomic()"; John Hubbard: "It's actually missing memory barriers"). Expected BROKEN: release/acquire never
     * orders a store before a later load, so the pin can still be in the store buffer when the PTE is re-read
     * (LKMM SB with one side unfenced: "Sometimes"). On x86 {@code smp_mb__after_atomic()} is a no-op only because
     * x86 atomics are LOCKed; on arm64, POWER and RISC-V it is a real barrier, and the model's void atomics behave
     * like theirs. This design's cleaner flushes the TLB without waiting for GUP-fast
     * ({@link Tlb.FlushModel#BROADCAST}); with x86's IPI flush the missing barrier is harmless: {@link NoBarrierIpiFlush}.
     */
    @Design(value = "NO_BARRIER", expected = Expected.BROKEN,
            source = "David Hildenbrand, \"mm/gup: update refcount+pincount before testing if the PTE changed\" "
                    + "(linux-mm, 2022-08-29: GUP-fast ran without this barrier from 2667f50e8b81 until then); "
                    + "tools/memory-model SB+poonceonces (Sometimes)")
    public abstract static class NoBarrier extends GupFastVsMkcleanScenario {
        private static final Config CONFIG = Config.builder()
                .set(Gup.PIN_BEFORE_PTE_RECHECK, Strength.RELEASE_ACQUIRE)
                .build();

        public NoBarrier() {
            super(CONFIG);
        }
    }

    /**
     * GUP-fast without the PTE re-check, with a TLB flush that does not wait for it ({@link Tlb.FlushModel#BROADCAST}:
     * arm64, x86 with INVLPGB or a paravirt flush). Expected BROKEN on any memory model: a cleaner that
     * write-protects the PTE and reads the pins entirely between GUP-fast's {@code ptep_get_lockless()} and its pin
     * sees no pin, and nothing makes GUP-fast look again. The generic GUP-fast has re-read the PTE after taking its
     * reference since it was introduced (2667f50e8b81, "mm: introduce a general RCU get_user_pages_fast()", 2014,
     * the commit David Hildenbrand's 2022 fix names); every unmap and clean that pairs with GUP-fast relies on that
     * re-read where the flush does not wait. With an IPI flush it is SAFE: {@link NoRecheckIpiFlush}.
     *
     * <p>Its outcomes, where they mean more here than its @Grade in Observed says:
     * <ul>
     *   <li>{@code BACKED_OFF}: GUP-fast saw the write-protected PTE before pinning and used the slow path, which faults.</li>
     *   <li>{@code TRANSIENT_PIN_SEEN}: The cleaner saw a pin GUP-fast dropped: cannot happen without the re-check, harmless if it did.</li>
     *   <li>{@code PIN_MISSED}: BUG: the cleaner ran between GUP-fast's PTE read and its pin; with no re-check the pin stays on a write-protected page.</li>
     * </ul>
     */
    @Design(value = "NO_RECHECK", expected = Expected.BROKEN,
            source = "mm/gup.c gup_fast_pte_range(): \"pte_val(pte) != pte_val(ptep_get(ptep))\" re-check removed; "
                    + "flush: arch/arm64/include/asm/tlbflush.h __flush_tlb_page_nosync() (TLBI VALE1IS, no IPI)")
    public abstract static class NoRecheck extends GupFastVsMkcleanScenario {
        private static final Config CONFIG = Config.builder()
                .set(Gup.RECHECK_PTE, false)
                .build();

        public NoRecheck() {
            super(CONFIG);
        }
    }
    /**
     * GUP-fast without the PTE re-check, on a machine whose TLB flush is an IPI that waits for every CPU of the mm
     * ({@link Tlb.FlushModel#IPI}): x86's own lockless GUP from 2008 (Nick Piggin; arch/x86/mm/gup.c
     * {@code gup_pte_range()}: {@code get_page(page)} and no re-read) until x86 switched to the generic GUP-fast (e585513b76f7, 2017). Expected SAFE: GUP-fast reads the
     * PTE and pins inside {@code local_irq_save()}; a cleaner that write-protected the PTE after that read is in
     * {@code ptep_clear_flush()}, whose IPI the walker takes only after {@code local_irq_restore()}, so the cleaner
     * reads the pins after the pin. A walker that starts after the clean reads the write-protected PTE.
     */
    @Design(value = "NO_RECHECK_IPI_FLUSH", expected = Expected.SAFE,
            source = "arch/x86/mm/gup.c gup_pte_range() (2008-2017: no re-check) under local_irq_disable(); "
                    + "arch/x86/mm/tlb.c flush_tlb_mm_range() -> native_flush_tlb_multi() (IPI, wait=true)")
    public abstract static class NoRecheckIpiFlush extends GupFastVsMkcleanScenario {
        private static final Config CONFIG = Config.builder()
                .set(Gup.RECHECK_PTE, false)
                .set(Tlb.FLUSH, Tlb.FlushModel.IPI)
                .build();

        public NoRecheckIpiFlush() {
            super(CONFIG);
        }
    }

    /**
     * GUP-fast's {@code smp_mb__after_atomic()} weakened to release/acquire (as {@link NoBarrier}), on a machine whose
     * TLB flush is an IPI that waits ({@link Tlb.FlushModel#IPI}). Expected SAFE: the pin may still sit in the store
     * buffer when GUP-fast re-reads the old PTE, but the cleaner's {@code ptep_clear_flush()} returns only after
     * GUP-fast's {@code local_irq_restore()}, and the pin is visible by then. The barrier pair is needed where the
     * flush does not wait: 088b8aa537c2 ("mm: fix PageAnonExclusive clearing racing with concurrent RCU GUP-fast",
     * 2022) replaced the anon-exclusive code's reliance on the flush with {@code smp_mb()} pairs for "RCU GUP-fast"
     * architectures, which lack the IPI.
     */
    @Design(value = "NO_BARRIER_IPI_FLUSH", expected = Expected.SAFE,
            source = "arch/x86/mm/tlb.c flush_tlb_mm_range() -> native_flush_tlb_multi() (IPI, wait=true) against "
                    + "gup_fast()'s local_irq_save(); 088b8aa537c2 (barriers for architectures without the IPI)")
    public abstract static class NoBarrierIpiFlush extends GupFastVsMkcleanScenario {
        private static final Config CONFIG = Config.builder()
                .set(Gup.PIN_BEFORE_PTE_RECHECK, Strength.RELEASE_ACQUIRE)
                .set(Tlb.FLUSH, Tlb.FlushModel.IPI)
                .build();

        public NoBarrierIpiFlush() {
            super(CONFIG);
        }
    }
}
