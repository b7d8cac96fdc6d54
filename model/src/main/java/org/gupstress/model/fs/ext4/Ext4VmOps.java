package org.gupstress.model.fs.ext4;

import org.gupstress.model.dax.Dax;
import org.gupstress.model.mm.Filemap;
import org.gupstress.model.mm.VmFault;
import org.gupstress.model.mm.VmOperations;

/**
 * ext4's {@code vm_operations_struct} (fs/ext4/file.c), chosen per VMA by {@code ext4_file_mmap()}
 * ({@link Ext4File}).
 */
enum Ext4VmOps implements VmOperations {
    /**
     * {@code ext4_file_vm_ops}: {@code .fault = filemap_fault}, {@code .page_mkwrite = ext4_page_mkwrite}
     * ({@code .map_pages}, fault-around, is not modelled); no {@code pfn_mkwrite}.
     */
    EXT4_FILE_VM_OPS {
        @Override
        public int fault(VmFault vmf) {
            return Filemap.filemapFault(vmf);
        }

        @Override
        public int pageMkwrite(VmFault vmf) {
            return Ext4.pageMkwrite(vmf);
        }

        @Override
        public int pfnMkwrite(VmFault vmf) {
            throw new UnsupportedOperationException("ext4_file_vm_ops has no pfn_mkwrite");
        }
    },

    /**
     * {@code ext4_dax_vm_ops}: {@code .fault = .page_mkwrite = .pfn_mkwrite = ext4_dax_fault}, which takes
     * {@code invalidate_lock} shared around {@code dax_iomap_fault()} ({@link Dax#daxFault}).
     */
    EXT4_DAX_VM_OPS {
        @Override
        public int fault(VmFault vmf) {
            return Dax.daxFault(vmf);
        }

        @Override
        public int pageMkwrite(VmFault vmf) {
            return Dax.daxFault(vmf);
        }

        @Override
        public int pfnMkwrite(VmFault vmf) {
            return Dax.daxFault(vmf);
        }
    }
}
