package org.gupstress.model.mm;

/**
 * {@code struct vm_fault} (include/linux/mm.h): one fault as the handler and the VMA's {@link VmOperations} see
 * it. Built and used by the faulting thread only.
 */
public final class VmFault {
    private final Vma vma;
    private final long address;
    private final long pgoff;
    private final boolean write;
    /** {@code vmf->page}: set by {@code ->fault} when it returns a locked page. */
    private Folio folio;

    VmFault(Vma vma, long address, boolean write) {
        this.vma = vma;
        this.address = address;
        this.pgoff = vma.linearPageIndex(address);
        this.write = write;
    }

    /** {@code vmf->vma}. */
    public Vma vma() {
        return vma;
    }

    /** {@code vmf->address} (a virtual page number in the model). */
    public long address() {
        return address;
    }

    /** {@code vmf->pgoff}: the file page the address maps. */
    public long pgoff() {
        return pgoff;
    }

    /** {@code vmf->flags & FAULT_FLAG_WRITE}. */
    public boolean write() {
        return write;
    }

    /** {@code vmf->page}: the locked folio {@code ->fault} returned, or the one {@code ->page_mkwrite} is for. */
    public Folio folio() {
        return folio;
    }

    /** Sets {@code vmf->page}. */
    public void setFolio(Folio folio) {
        this.folio = folio;
    }
}
