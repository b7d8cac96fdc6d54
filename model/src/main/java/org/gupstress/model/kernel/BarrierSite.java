package org.gupstress.model.kernel;

import org.gupstress.model.kernel.kconfig.Knob;

/**
 * One named place where the kernel issues a barrier ({@code smp_mb()}, {@code smp_mb__after_atomic()}, ...)
 * whose strength a design may weaken. Declared as a {@code static final} constant next to the code that issues
 * it, together with what pairs with it and what breaks without it:
 *
 * <pre>{@code
 * // Pairs with the smp_mb() in folioMkcleanPinAware(): either mkclean sees our pin, or we see its wrprotect.
 * public static final BarrierSite PIN_BEFORE_PTE_RECHECK = BarrierSite.of(
 *         "gup_fast.pin_before_pte_recheck", "smp_mb__after_atomic() in try_grab_folio_fast()");
 * }</pre>
 *
 * A site is a {@link Knob} of {@link Strength} whose default is {@link Strength#FULL} (the kernel as merged).
 */
public final class BarrierSite extends Knob<Strength> {
    private final String kernelBarrier;

    private BarrierSite(String name, String kernelBarrier) {
        super(name, Strength.FULL, "strength of " + kernelBarrier);
        this.kernelBarrier = kernelBarrier;
    }

    /**
     * @param name          stable site name, e.g. {@code "wake_up_var.after_update"}
     * @param kernelBarrier the kernel barrier and where it stands, e.g. {@code "smp_mb() before wake_up_var()"}
     */
    public static BarrierSite of(String name, String kernelBarrier) {
        return new BarrierSite(name, kernelBarrier);
    }

    public String kernelBarrier() {
        return kernelBarrier;
    }
}
