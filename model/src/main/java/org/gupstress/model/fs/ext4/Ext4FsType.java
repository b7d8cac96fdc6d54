package org.gupstress.model.fs.ext4;

import org.gupstress.model.fs.FileSystemType;
import org.gupstress.model.fs.Inode;
import org.gupstress.model.fs.SuperOperations;

/**
 * {@code ext4_fs_type} and {@code ext4_sops} (fs/ext4/super.c): the ext4-like filesystem as the VFS sees it.
 * Registered through {@code META-INF/services/org.gupstress.model.fs.FileSystemType} (the model's
 * {@code register_filesystem()}); {@code SuperBlock.mount(world, name, nrBlocks, dax)} mounts it.
 *
 * <p>Thread-safety: stateless; one instance per JVM.
 */
public final class Ext4FsType implements FileSystemType {
    /** {@code ext4_sops}: only {@code evict_inode} is modelled. */
    private static final SuperOperations EXT4_SOPS = Ext4::evictInode;

    /** For {@link java.util.ServiceLoader}. */
    public Ext4FsType() {
    }

    @Override
    public String name() {
        return "ext4";
    }

    @Override
    public SuperOperations superOperations() {
        return EXT4_SOPS;
    }

    /**
     * {@code ext4_create()}: {@code inode->i_fop = &ext4_file_operations; ext4_set_aops(inode);} (DAX or
     * page-cache address space operations).
     */
    @Override
    public void setRegularFileOps(Inode inode) {
        inode.setFop(Ext4File.EXT4_FILE_OPERATIONS);
        inode.mapping().setAops(inode.isDax() ? Ext4Aops.EXT4_DAX_AOPS : Ext4Aops.EXT4_AOPS);
    }

    @Override
    public String toString() {
        return name();
    }
}
