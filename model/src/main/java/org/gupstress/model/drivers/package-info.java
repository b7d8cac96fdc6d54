/** A DMA-capable driver's view of pinned pages, with the storage use-after-free oracle. */
package org.gupstress.model.drivers;
