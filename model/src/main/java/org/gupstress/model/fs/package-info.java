/**
 * fs/: the VFS. Inodes and their life cycle ({@link org.gupstress.model.fs.Inodes}: iput, iput_final, evict), the
 * address_space, files, names, storage blocks, and the operation tables through which the VFS and mm reach a
 * filesystem: {@link org.gupstress.model.mm.AddressSpaceOperations} ({@code a_ops}),
 * {@link org.gupstress.model.fs.SuperOperations} ({@code s_op}), {@link org.gupstress.model.fs.FileOperations}
 * ({@code f_op}), found by name through {@link org.gupstress.model.fs.FileSystemType}. The filesystems themselves
 * live in subpackages ({@code fs.ext4}); nothing here names one.
 */
package org.gupstress.model.fs;
