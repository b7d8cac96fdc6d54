/**
 * fs/ext4: an ext4-like filesystem. Its tables ({@code ext4_aops}, {@code ext4_dax_aops}, {@code ext4_sops},
 * {@code ext4_file_vm_ops}, {@code ext4_dax_vm_ops}), its callbacks ({@link org.gupstress.model.fs.ext4.Ext4}:
 * page_mkwrite, dirty_folio, writepage, release_folio, invalidate_folio, evict_inode) and truncate with layout
 * breaking ({@link org.gupstress.model.fs.ext4.Ext4Truncate}). Registered as filesystem type "ext4".
 */
package org.gupstress.model.fs.ext4;
