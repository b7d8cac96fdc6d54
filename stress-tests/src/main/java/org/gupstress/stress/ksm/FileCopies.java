package org.gupstress.stress.ksm;

import org.gupstress.model.mm.World;
import org.gupstress.model.kernel.kconfig.Config;
import org.gupstress.model.fs.File;
import org.gupstress.model.fs.FileTable;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperBlock;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.Memory;
import org.gupstress.model.mm.Mm;
import org.gupstress.model.mm.Mmap;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.model.mm.Vma;

/**
 * The file-backed half of family E: file I1 of one page on an ext4-like filesystem, mapped shared and writable by
 * two processes (VMA A in mm A, VMA B in mm B, both at address 0; {@code i_mmap} lists B before A, so a walk
 * reaches the not yet mapped B first), each VMA's
 * {@code vm_ops} carrying the proposal's break hook ({@link PageProtect#breakOnWrite}). A has faulted the page in
 * (for write: a writable dirty PTE; or for read: a read-only clean one); B has not touched it yet. The protector
 * holds its own reference to the folio, as ksmd does, and (for KSM_STABLE_LIST) its stable node lists the one
 * place ksmd's scan found the page: A's mapping.
 */
final class FileCopies {
    /** The page of I1 both VMAs map, and the address each maps it at. */
    static final long ADDR = 0;
    /** What I1's page holds on storage. */
    static final long D0 = 0xD0;

    final World world;
    final Inode inode;
    final Mm mmA;
    final Vma vmaA;
    final Mm mmB;
    final Vma vmaB;
    final Folio folio;
    final PageProtect.Protection protection;

    /**
     * @param aWrote whether A's fault was a write (writable dirty PTE) or a read (read-only clean PTE)
     */
    FileCopies(Config config, boolean aWrote) {
        world = new World(config);
        SuperBlock sb = SuperBlock.mount(world, "ext4", 2, false);
        inode = sb.createFile("I1", 1, D0);
        File file = FileTable.open(inode);
        int rwShared = Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED;
        mmA = world.newMm("mmA");
        mmB = world.newMm("mmB");
        vmaB = Mmap.mmap(mmB, file, ADDR, 1, 0, rwShared, "vmaB");
        vmaA = Mmap.mmap(mmA, file, ADDR, 1, 0, rwShared, "vmaA");
        Folio cached = Filemap.filemapFault(inode.mapping(), 0); // locked, referenced: only to build the Protection
        Filemap.folioUnlock(cached);
        folio = cached; // this reference is the protector's (ksmd's get_mergeable_page())
        protection = new PageProtect.Protection(folio);
        PageProtect.stableTreeAppend(protection, vmaA, ADDR); // ksmd's scan of mm A finds the page (KSM_STABLE_LIST)
        vmaA.setVmOps(PageProtect.breakOnWrite(vmaA.vmOps(), protection));
        vmaB.setVmOps(PageProtect.breakOnWrite(vmaB.vmOps(), protection));
        fault(mmA, vmaA, aWrote);
        if (!world.sanitizer().clean()) {
            throw new IllegalStateException("setup: " + world.sanitizer());
        }
    }

    /** A fault at {@link #ADDR} of {@code vma} under {@code mmap_lock} read; throws if it fails. */
    static void fault(Mm mm, Vma vma, boolean write) {
        mm.mmapLock().downRead();
        try {
            int ret = Memory.handleMmFault(vma, ADDR, write);
            if (ret != 0) {
                throw new IllegalStateException((write ? "write" : "read") + " fault on " + vma + " failed: " + ret);
            }
        } finally {
            mm.mmapLock().upRead();
        }
    }

    /** For failure messages: the folio's counts, the protection and the violations. */
    String describe() {
        return folio + ": mapcount " + folio.folioMapcount() + ", refcount " + folio.folioRefCount() + ", "
                + protection.state() + ", writable in " + PageProtect.writableMappings(protection) + "; "
                + world.sanitizer();
    }
}
