package org.gupstress.model.fs.ext4;

import org.gupstress.model.dax.Dax;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.mm.AddressSpace;
import org.gupstress.model.mm.AddressSpaceOperations;
import org.gupstress.model.mm.WritebackControl;
import org.gupstress.model.mm.Folio;
import org.gupstress.model.mm.PageWriteback;

/**
 * ext4's {@code address_space_operations} (fs/ext4/inode.c), chosen per inode by {@code ext4_set_aops()}: a
 * page-cache file gets {@link #EXT4_AOPS}, a file on a DAX mount {@link #EXT4_DAX_AOPS}.
 */
enum Ext4Aops implements AddressSpaceOperations {
    /** {@code ext4_aops}: buffers stand for the block reservation ({@link Ext4}). */
    EXT4_AOPS {
        @Override
        public boolean dirtyFolio(AddressSpace mapping, Folio folio) {
            return Ext4.dirtyFolio(mapping, folio);
        }

        @Override
        public void readFolio(Folio folio) {
            Ext4.readFolio(folio);
        }

        @Override
        public boolean writepage(Folio folio, WritebackControl wbc) {
            return Ext4.writepage(folio, wbc.bounce());
        }

        @Override
        public void writepages(AddressSpace mapping, WritebackControl wbc) {
            PageWriteback.writeCachePages(mapping, wbc);
        }

        @Override
        public boolean releaseFolio(Folio folio) {
            return Ext4.releaseFolio(folio);
        }

        @Override
        public void invalidateFolio(Folio folio) {
            Ext4.invalidateFolio(folio);
        }
    },

    /**
     * {@code ext4_dax_aops}: {@code .writepages = ext4_dax_writepages} ({@code dax_writeback_mapping_range()}),
     * {@code .dirty_folio = noop_dirty_folio}; no {@code read_folio}, {@code writepage}, {@code release_folio} or
     * {@code invalidate_folio}: a DAX mapping has no page cache, so mm never calls them on one.
     */
    EXT4_DAX_AOPS {
        @Override
        public boolean dirtyFolio(AddressSpace mapping, Folio folio) {
            return PageWriteback.noopDirtyFolio(mapping, folio);
        }

        @Override
        public void readFolio(Folio folio) {
            throw new UnsupportedOperationException("ext4_dax_aops has no read_folio: " + folio);
        }

        @Override
        public boolean writepage(Folio folio, WritebackControl wbc) {
            throw new UnsupportedOperationException("ext4_dax_aops has no writepage: " + folio);
        }

        @Override
        public void writepages(AddressSpace mapping, WritebackControl wbc) {
            Dax.daxWritebackMappingRange((Inode) mapping.host());
        }

        @Override
        public boolean releaseFolio(Folio folio) {
            throw new UnsupportedOperationException("ext4_dax_aops has no release_folio: " + folio);
        }

        @Override
        public void invalidateFolio(Folio folio) {
            throw new UnsupportedOperationException("ext4_dax_aops has no invalidate_folio: " + folio);
        }
    }
}
