package org.gupstress.model.mm;

/** The {@code gup_flags} of mm/gup.c (include/linux/mm_types.h: {@code enum fault_flag}/{@code FOLL_*}). */
public final class GupFlags {
    /** Check PTEs are writable, and write-fault them in if not. */
    public static final int FOLL_WRITE = 1;
    /** Take a plain page reference: the caller releases it with {@code put_page()}. */
    public static final int FOLL_GET = 1 << 1;
    /** Take a DMA pin: the caller releases it with {@code unpin_user_page()}. Set only by pin_user_pages*(). */
    public static final int FOLL_PIN = 1 << 2;
    /** The pin may be held indefinitely (RDMA, vfio); requires FOLL_PIN. */
    public static final int FOLL_LONGTERM = 1 << 3;
    /** Mark the page accessed, and dirty it if FOLL_WRITE (follow_page_pte). */
    public static final int FOLL_TOUCH = 1 << 4;

    private GupFlags() {
    }

    public static String describe(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & FOLL_WRITE) != 0) {
            sb.append("|FOLL_WRITE");
        }
        if ((flags & FOLL_GET) != 0) {
            sb.append("|FOLL_GET");
        }
        if ((flags & FOLL_PIN) != 0) {
            sb.append("|FOLL_PIN");
        }
        if ((flags & FOLL_LONGTERM) != 0) {
            sb.append("|FOLL_LONGTERM");
        }
        if ((flags & FOLL_TOUCH) != 0) {
            sb.append("|FOLL_TOUCH");
        }
        return sb.length() == 0 ? "0" : sb.substring(1);
    }
}
