package org.gupstress.model.mm;

/**
 * {@code pte_t} and its helpers (arch/x86/include/asm/pgtable.h): a PTE is one {@code long} word.
 * Bits: present, writable, dirty, devmap (a FSDAX pfn), marker (a non-present special entry, like the kernel's
 * PTE markers); the pfn sits above bit 12. The value 0 is {@code pte_none()}.
 */
public final class Pte {
    public static final long PRESENT = 1L;
    public static final long WRITE = 1L << 1;
    public static final long DIRTY = 1L << 2;
    public static final long DEVMAP = 1L << 3;
    /** A non-present special entry a design may leave behind (e.g. Jerome Glisse's zap marker, seed 002). */
    public static final long MARKER = 1L << 4;
    private static final int PFN_SHIFT = 12;

    private Pte() {
    }

    /** {@code pfn_pte(pfn, prot)}: a present PTE. */
    public static long pfnPte(long pfn, boolean write, boolean dirty, boolean devmap) {
        return (pfn << PFN_SHIFT) | PRESENT | (write ? WRITE : 0) | (dirty ? DIRTY : 0) | (devmap ? DEVMAP : 0);
    }

    /** {@code pte_none()}: nothing mapped and no marker. */
    public static boolean pteNone(long pte) {
        return pte == 0;
    }

    /** {@code pte_present()}. */
    public static boolean ptePresent(long pte) {
        return (pte & PRESENT) != 0;
    }

    /** {@code pte_write()}. */
    public static boolean pteWrite(long pte) {
        return (pte & WRITE) != 0;
    }

    /** {@code pte_dirty()}. */
    public static boolean pteDirty(long pte) {
        return (pte & DIRTY) != 0;
    }

    /** {@code pte_devmap()}. */
    public static boolean pteDevmap(long pte) {
        return (pte & DEVMAP) != 0;
    }

    /** {@code pte_pfn()}. */
    public static long ptePfn(long pte) {
        return pte >>> PFN_SHIFT;
    }

    /** {@code pte_wrprotect()}. */
    public static long pteWrprotect(long pte) {
        return pte & ~WRITE;
    }

    /** {@code pte_mkclean()}. */
    public static long pteMkclean(long pte) {
        return pte & ~DIRTY;
    }

    /** {@code pte_mkwrite()} + {@code pte_mkdirty()}: what a write fault installs. */
    public static long pteMkwriteDirty(long pte) {
        return pte | WRITE | DIRTY;
    }

    /** {@code pte_mkdirty()}. */
    public static long pteMkdirty(long pte) {
        return pte | DIRTY;
    }

    /** A marker entry: not present, not none. */
    public static long pteMarker() {
        return MARKER;
    }

    /** {@code is_pte_marker()}. */
    public static boolean isPteMarker(long pte) {
        return (pte & MARKER) != 0 && (pte & PRESENT) == 0;
    }

    /** For messages: {@code "pfn 3 rw-d"}. */
    public static String describe(long pte) {
        if (pteNone(pte)) {
            return "none";
        }
        if (isPteMarker(pte)) {
            return "marker";
        }
        return "pfn " + ptePfn(pte) + (pteWrite(pte) ? " rw" : " ro") + (pteDirty(pte) ? " dirty" : " clean");
    }
}
