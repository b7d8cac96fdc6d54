package org.gupstress.model.mm;

/**
 * Where a FOLL_PIN is counted, and so how "is this folio DMA-pinned?" is answered ({@link Gup#PIN_ACCOUNTING}).
 */
public enum PinAccounting {
    /**
     * As merged (John Hubbard, 2020; include/linux/mm.h): a pin adds {@code GUP_PIN_COUNTING_BIAS} to a small
     * folio's {@code _refcount} (or 1 to a large folio's {@code _pincount}); {@code folio_maybe_dma_pinned()}
     * tests it. Exact for large folios, may say yes for a small folio with many plain references, never says no
     * for a pinned one.
     */
    PIN_BIAS,
    /**
     * Jerome Glisse's proposal (seed 002, restated by John Hubbard 2018-12-18): a pin of a file-backed page takes
     * a plain reference and adds 1 to {@code _mapcount}; {@code page_mkclean()} counts the PTEs it walks
     * ({@code real_mapcount}) and the page is pinned if {@code page_mapcount(page) - real_mapcount > 0}. The
     * count is exact only if nothing changes the mappings during the walk: Jan Kara's question about a racing
     * {@code zap_pte_range()} is race family B.
     */
    MAPCOUNT
}
