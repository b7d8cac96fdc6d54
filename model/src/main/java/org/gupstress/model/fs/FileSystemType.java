package org.gupstress.model.fs;

import org.gupstress.model.mm.AddressSpace;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code struct file_system_type} (include/linux/fs.h), and {@code get_fs_type()} (fs/filesystems.c): a filesystem
 * the VFS can mount. {@link SuperBlock#mount} looks the type up by name, the VFS builds the superblock
 * and the type fills in what is its own ({@code fill_super}: {@code sb->s_op}; creating a regular file:
 * {@code inode->i_fop} and {@code inode->i_mapping->a_ops}). From then on the VFS and mm reach the filesystem only
 * through those tables.
 *
 * <p>Registration: the kernel's {@code register_filesystem()} from a module's init, and {@code request_module()}
 * on a miss in {@code get_fs_type()}. The model's equivalent is a {@link ServiceLoader} over
 * {@code META-INF/services/org.gupstress.model.fs.FileSystemType}, read once per JVM: the VFS never names an
 * implementation, so {@code fs} and {@code mm} do not depend on any filesystem (the dependency rule of
 * {@code ModelLayersTest}).
 *
 * <p>Thread-safety: implementations are stateless; the registry is built once, safely published by class
 * initialization, and read-only afterwards.
 */
public interface FileSystemType {
    /** {@code file_system_type.name}, as {@code mount -t} takes it. */
    String name();

    /** What {@code fill_super} installs as {@code sb->s_op}. */
    SuperOperations superOperations();

    /**
     * What the filesystem does to a new regular file's inode when it creates it (ext4_create(): {@code inode->i_fop
     * = &ext4_file_operations; ext4_set_aops(inode);}): set {@link Inode#setFop} and the mapping's
     * {@link AddressSpace#setAops}, per the inode's DAX-ness.
     */
    void setRegularFileOps(Inode inode);

    /**
     * {@code get_fs_type(name)}.
     *
     * @throws IllegalArgumentException if no such filesystem is registered
     */
    static FileSystemType getFsType(String name) {
        FileSystemType type = Registry.TYPES.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown filesystem type '" + name + "'; registered: "
                    + Registry.TYPES.keySet());
        }
        return type;
    }

    /** The registered types by name ({@code file_systems}), loaded on first use. */
    final class Registry {
        static final Map<String, FileSystemType> TYPES = load();

        private Registry() {
        }

        private static Map<String, FileSystemType> load() {
            Map<String, FileSystemType> types = new HashMap<>();
            for (FileSystemType t : ServiceLoader.load(FileSystemType.class, FileSystemType.class.getClassLoader())) {
                if (types.putIfAbsent(t.name(), t) != null) {
                    throw new IllegalStateException("filesystem type '" + t.name() + "' registered twice");
                }
            }
            return Map.copyOf(types);
        }
    }
}
