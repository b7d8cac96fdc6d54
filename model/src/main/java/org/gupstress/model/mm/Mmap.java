package org.gupstress.model.mm;

import org.gupstress.model.kernel.sched.SchedulePoint;

/**
 * mm/mmap.c and mm/vma.c: creating a file mapping and unmapping it again.
 */
public final class Mmap {
    /** munmap() zapped the VMA's PTEs and unlinked it; its file reference is not yet dropped. */
    public static final SchedulePoint MUNMAP_BEFORE_FPUT = SchedulePoint.declare("munmap.before_fput",
            "PTEs zapped and VMA unlinked, vm_file reference not yet dropped");

    private Mmap() {
    }

    /**
     * {@code mmap(addr, nrPages, prot, MAP_SHARED or MAP_PRIVATE, file, pgoff)} at a fixed address: takes a
     * reference on {@code file} ({@code get_file()}), lets the filesystem set the VMA's {@code vm_ops}
     * ({@code call_mmap()}: {@code file->f_op->mmap}), links the VMA into the mm and into the file's
     * {@code i_mmap} ({@code vma_link_file()} under {@code i_mmap_rwsem} write). No page is mapped until a fault.
     */
    public static Vma mmap(Mm mm, VmFile file, long addr, long nrPages, long pgoff, int vmFlags, String name) {
        if (addr + nrPages > (long) Mm.NR_PGTABLES * PageTable.PTRS_PER_PTE) {
            throw new IllegalArgumentException("mapping beyond the model's address space: " + name);
        }
        Vma vma = new Vma(mm, addr, addr + nrPages, vmFlags, file.getFile(), pgoff, name);
        int err = file.callMmap(vma);
        if (err != 0) {
            vma.file().fput();
            throw new IllegalStateException(file + ": f_op->mmap failed with " + err);
        }
        mm.mmapLock().downWrite();
        try {
            mm.pteAlloc(vma.start(), vma.end());
            mm.vmas().add(vma);
            AddressSpace mapping = vma.mapping();
            mapping.iMmapRwsem().downWrite();
            try {
                mapping.iMmap().add(vma);
            } finally {
                mapping.iMmapRwsem().upWrite();
            }
        } finally {
            mm.mmapLock().upWrite();
        }
        return vma;
    }

    /**
     * {@code mmap(addr, nrPages, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)} at a fixed address: links a VMA with no
     * file into the mm. The model has no {@code anon_vma}: an anonymous folio's reverse map is only its
     * {@code _mapcount}, which is all that KSM's {@code write_protect_page()} reads ({@link Ksm}). No page is
     * mapped until a write fault ({@code do_anonymous_page()}).
     */
    public static Vma mmapAnon(Mm mm, long addr, long nrPages, int vmFlags, String name) {
        if (addr + nrPages > (long) Mm.NR_PGTABLES * PageTable.PTRS_PER_PTE) {
            throw new IllegalArgumentException("mapping beyond the model's address space: " + name);
        }
        if ((vmFlags & Vma.VM_SHARED) != 0) {
            throw new IllegalArgumentException("shared anonymous memory (shmem) is not modelled: " + name);
        }
        Vma vma = new Vma(mm, addr, addr + nrPages, vmFlags, null, addr, name);
        mm.mmapLock().downWrite();
        try {
            mm.pteAlloc(vma.start(), vma.end());
            mm.vmas().add(vma);
        } finally {
            mm.mmapLock().upWrite();
        }
        return vma;
    }

    /**
     * {@code munmap()} of the whole {@code vma}: under {@code mmap_lock} write, zap its PTEs
     * ({@code unmap_vmas()}), unlink it from {@code i_mmap} and from the mm; then drop its file reference. The
     * kernel's final {@code __fput()} runs from task work after the syscall, without {@code mmap_lock}: so does
     * the model's {@code fput()} here.
     */
    public static void munmap(Mm mm, Vma vma) {
        mm.mmapLock().downWrite();
        try {
            if (!mm.vmas().remove(vma)) {
                return;
            }
            Memory.zapPteRange(vma, vma.start(), vma.end());
            AddressSpace mapping = vma.mapping();
            mapping.iMmapRwsem().downWrite();
            try {
                mapping.iMmap().remove(vma);
            } finally {
                mapping.iMmapRwsem().upWrite();
            }
        } finally {
            mm.mmapLock().upWrite();
        }
        mm.world().at(MUNMAP_BEFORE_FPUT);
        vma.file().fput();
    }
}
