package org.gupstress.model.mm;

/**
 * {@code struct vm_operations_struct} (include/linux/mm.h): how the fault handler reaches the filesystem behind a
 * file VMA ({@code vma->vm_ops}, set by the file's {@code f_op->mmap}). {@link Memory} calls {@code fault} for a
 * missing PTE ({@code __do_fault()}), {@code page_mkwrite} before it lets a shared writable mapping write a page
 * ({@code do_page_mkwrite()}), {@code pfn_mkwrite} for a write to a read-only PTE that has no
 * {@code struct page} behind it as far as mm is concerned ({@code wp_pfn_shared()}). A DAX VMA's {@code fault}
 * installs the PTE itself and returns {@link Memory#VM_FAULT_NOPAGE}: that is how a DAX fault enters, as in the
 * kernel (ext4: {@code ext4_dax_vm_ops}, {@code .fault = .page_mkwrite = .pfn_mkwrite = ext4_dax_fault}).
 *
 * <p>Each member returns 0 or {@code VM_FAULT_*} bits. The model keeps the members it uses, with the kernel's
 * names; a table that has none for a member throws (the kernel's NULL member, never called by the model).
 *
 * <p>Thread-safety: implementations are stateless tables, shared by every world.
 */
public interface VmOperations {
    /**
     * {@code vm_fault_t (*fault)(struct vm_fault *vmf)}: for a page-cache file ({@code filemap_fault()}), find or
     * read the folio of {@link VmFault#pgoff()} and return 0 with it locked and referenced in
     * {@link VmFault#folio()}; for a DAX file, install the PTE and return {@code VM_FAULT_NOPAGE}; or an error.
     */
    int fault(VmFault vmf);

    /**
     * {@code vm_fault_t (*page_mkwrite)(struct vm_fault *vmf)}: the page {@link VmFault#folio()} (locked in the
     * model) is about to become writable: the filesystem reserves its block. Returns 0 with the folio still
     * locked, or an error or {@code VM_FAULT_NOPAGE} with it unlocked.
     */
    int pageMkwrite(VmFault vmf);

    /**
     * {@code vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf)}: a write to a read-only PTE that
     * {@code vm_normal_page()} does not resolve (a DAX PTE before v6.15 was {@code pte_special}).
     */
    int pfnMkwrite(VmFault vmf);
}
