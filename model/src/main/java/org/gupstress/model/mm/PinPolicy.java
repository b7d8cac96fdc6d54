package org.gupstress.model.mm;

/**
 * What a pin is and holds, for GUP: the kernel's answer, {@link #FOLL_PIN} (a FOLL_PIN reference in the folio's
 * reference count and nothing else), or a design that was proposed for mm/gup.c and never merged. The world's config
 * chooses one policy once ({@link Gup#PIN_POLICY}), and GUP asks it at the places where such a design would have had
 * to change mm/gup.c; nothing else in the merged code knows which design runs. The designs:
 *
 * <ul>
 *   <li>{@link MapcountPinTracking.Scheme}: seed 002's pins counted in {@code _mapcount} (every
 *       {@code get_user_pages()} reference is a pin, counted under the PTE lock);</li>
 *   <li>{@code dax.DaxPin.PinHolds}: family C's pins that also hold the FSDAX page's inode, or its dirtiness.</li>
 * </ul>
 *
 * <p>How writeback looks for pins is not GUP's business: see {@link PageWriteback#MKCLEAN_POLICY}.
 *
 * <p>Thread-safety: implementations are stateless (enum constants), shared by every world of a design.
 */
public interface PinPolicy {
    /** The kernel as merged (2020 on): a pin is FOLL_PIN, counted in {@code _refcount} or {@code _pincount}. */
    PinPolicy FOLL_PIN = new PinPolicy() {
        @Override
        public String toString() {
            return "FOLL_PIN";
        }
    };

    /**
     * Whether a GUP reference taken with {@code gupFlags} is a DMA pin: what a design that treats pinned pages
     * specially (seed 002's back-off in {@code follow_page_pte()}, {@link Gup#BACK_OFF_WRITEBACK}) must recognize.
     * As merged: FOLL_PIN.
     */
    default boolean countsAsPin(Folio folio, int gupFlags) {
        return (gupFlags & GupFlags.FOLL_PIN) != 0;
    }

    /**
     * {@code follow_page_pte()} right after {@code try_grab_folio()}, PTE lock held, {@code mmap_lock} held: the
     * only place where the VMA (hence {@code vma->vm_file}) of the page being pinned is known and stable. As
     * merged: nothing.
     */
    default void followPageGrabbed(Vma vma, Folio folio, int gupFlags) {
    }

    /**
     * {@code gup_fast_pte_range()} after its checks, before {@code try_grab_folio_fast()}: true to leave this PTE to
     * the slow path (a design that needs the VMA). As merged: false.
     */
    default boolean gupFastMustFallBack(long pte, int gupFlags) {
        return false;
    }

    /**
     * {@code gup_put_folio()} for a FOLL_PIN, before it drops the references: what the design must do once they are
     * dropped (run by gup_put_folio() right after the put), or null. As merged: null.
     */
    default Runnable unpinning(Folio folio) {
        return null;
    }
}
