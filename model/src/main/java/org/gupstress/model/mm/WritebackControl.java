package org.gupstress.model.mm;

/**
 * {@code struct writeback_control} (include/linux/writeback.h), reduced to what the model's writeback passes to the
 * filesystem. The kernel's fields ({@code sync_mode}, {@code nr_to_write}, the range) are constant in the model:
 * every writeback is WB_SYNC_ALL over the whole file.
 *
 * @param bounce not a kernel field: write from a copy of the folio, because a pin-aware writeback design found it
 *               DMA-pinned ({@link org.gupstress.model.mm.WritebackPins}); what such a design would need from the
 *               filesystem or the block layer
 */
public record WritebackControl(boolean bounce) {
    /** {@code WB_SYNC_ALL}, written from the folio itself: the only writeback the merged kernel does. */
    public static final WritebackControl SYNC_ALL = new WritebackControl(false);
    /** {@link #SYNC_ALL} from a bounce copy of the folio. */
    public static final WritebackControl SYNC_ALL_BOUNCED = new WritebackControl(true);
}
