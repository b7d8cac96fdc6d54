package org.gupstress.model.kernel;

/** The errno values model operations return, negated as in the kernel ({@code return -EFAULT;}). */
public final class Errno {
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EOPNOTSUPP = 95;
    /** Kernel-internal: an interruptible sleep was ended by a signal (include/linux/errno.h). */
    public static final int ERESTARTSYS = 512;

    private Errno() {
    }

    /** "-EFAULT" for -14, for messages. */
    public static String name(int err) {
        return switch (-err) {
            case EINTR -> "-EINTR";
            case EAGAIN -> "-EAGAIN";
            case ENOMEM -> "-ENOMEM";
            case EFAULT -> "-EFAULT";
            case EBUSY -> "-EBUSY";
            case EINVAL -> "-EINVAL";
            case ENOSPC -> "-ENOSPC";
            case EOPNOTSUPP -> "-EOPNOTSUPP";
            case ERESTARTSYS -> "-ERESTARTSYS";
            default -> Integer.toString(err);
        };
    }
}
