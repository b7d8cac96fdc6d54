/**
 * fs/: inodes and their life cycle ({@link org.gupstress.model.fs.Inodes}: iput, iput_final, evict), the
 * address_space, files, names, storage blocks, and an ext4-like filesystem's callbacks
 * ({@link org.gupstress.model.fs.Ext4}: page_mkwrite, dirty_folio, writepages, release_folio, evict_inode).
 */
package org.gupstress.model.fs;
