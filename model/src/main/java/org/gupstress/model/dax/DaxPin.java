package org.gupstress.model.dax;

import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.Inodes;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Gup;
import org.gupstress.model.mm.GupFlags;
import org.gupstress.model.mm.PinPolicy;
import org.gupstress.model.mm.Pte;
import org.gupstress.model.mm.Vma;

/**
 * What a FOLL_PIN of a FSDAX page does besides raising the page's reference count. As merged: nothing; a pin
 * holds a page reference only ({@code try_grab_folio()} touches nothing else), so the inode that arbitrates the
 * page's storage can be evicted, and its blocks freed, while the pin is still in use (seed 003). Two proposals of
 * the September 2022 thread change that:
 *
 * <ul>
 *   <li>{@link PinHolds#INODE_REFERENCE} (Dave Chinner in seed 000: "if a subsystem needs to pin the backing store
 *       for some use, it must first ensure that it holds an inode reference ... that will spans the life of the
 *       pin"; Jan Kara and Jason Gunthorpe in seed 003: "go from the VMA to an inode_get and hold the inode
 *       reference for the from the pin_user_pages() to the unpin_user_page()");</li>
 *   <li>{@link PinHolds#INODE_DIRTY} (Dan Williams in seed 003, 2022-09-23: "What about instead of keeping the
 *       inode *referenced* while there might be pinned pages, keep the inode *dirty*?"; the rest of that mail is
 *       cut from the seed; his 2022-09-29 mail adds the wait in {@code write_inode_now()}, modelled by
 *       {@link Dax#daxWritebackMappingRange}).</li>
 * </ul>
 *
 * <p>Each proposal is a {@link PinPolicy} that the world's config sets as GUP's {@link Gup#PIN_POLICY}; the kernel as
 * merged is {@link PinPolicy#FOLL_PIN}. GUP calls the policy in its slow path, under the PTE lock right after
 * {@code try_grab_folio()}: the only place where the VMA, hence {@code vma->vm_file} and its inode, is known and
 * stable ({@code mmap_lock} held). GUP-fast has no VMA, so under either proposal it must leave FSDAX pages to the
 * slow path. Dan Williams' wait in {@code dax_writeback_mapping_range()} is the one change INODE_DIRTY makes to a
 * merged function: a knob read at that site ({@link Dax#daxWritebackMappingRange}).
 */
public final class DaxPin {
    /** What a pin of a FSDAX page holds besides the page; the kernel's answer, nothing, is {@link PinPolicy#FOLL_PIN}. */
    public enum PinHolds implements PinPolicy {
        /** An inode reference ({@code ihold()}), dropped ({@code iput()}) after the last unpin of that pin. */
        INODE_REFERENCE {
            /**
             * After the unpin dropped the page reference: drop the inode reference the pin held. The last one ends in
             * {@code iput_final()}, and for an unlinked inode in eviction, here, in the unpinner's context. (In the
             * kernel the unpin of an O_DIRECT page runs in bio completion, where {@code iput()} may not sleep: the
             * proposal needs a deferred iput there, as {@code fput()} has; the model runs it synchronously.)
             */
            @Override
            public Runnable unpinning(Folio page) {
                Inode held = inodeHeldByPin(page);
                return held == null ? null : () -> Inodes.iput(held);
            }
        },
        /** The inode is marked I_DIRTY_PAGES when the pin is taken (Dan Williams' "keep the inode dirty"). */
        INODE_DIRTY;

        /**
         * GUP's slow path ({@code follow_page_pte()}) pinned {@code page} of {@code vma}, PTE lock held.
         * {@code vma->vm_file} holds the inode, so {@code ihold()} is legal here (i_count is at least 1).
         */
        @Override
        public void followPageGrabbed(Vma vma, Folio page, int gupFlags) {
            if ((gupFlags & GupFlags.FOLL_PIN) == 0 || !page.isDax()) {
                return;
            }
            Inode inode = ((File) vma.file()).inode();
            switch (this) {
                case INODE_REFERENCE -> Inodes.ihold(inode);
                case INODE_DIRTY -> Inodes.markInodeDirty(inode, Inode.I_DIRTY_PAGES);
            }
        }

        /** A devmap (FSDAX) PTE: the pin must be taken where the VMA is known, the slow path. */
        @Override
        public boolean gupFastMustFallBack(long pte, int gupFlags) {
            return (gupFlags & GupFlags.FOLL_PIN) != 0 && Pte.pteDevmap(pte);
        }
    }

    private DaxPin() {
    }

    /**
     * For {@code gup_put_folio()} of a FOLL_PIN, before it drops the page reference: the inode this pin holds, or
     * null. The page cannot have lost its mapping: the inode it points to is held by this very pin.
     */
    static Inode inodeHeldByPin(Folio page) {
        if (!page.isDax()) {
            return null;
        }
        AddressSpace mapping = page.mapping();
        if (mapping == null) {
            page.world().sanitizer().report(ViolationKind.BUG,
                    "unpin of " + page + ": the page lost its mapping although its pin holds the inode");
            return null;
        }
        return (Inode) mapping.host();
    }
}
