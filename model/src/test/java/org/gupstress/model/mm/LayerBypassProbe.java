package org.gupstress.model.mm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A crafted subsystem class that bypasses the kernel layer both ways {@code SharedAccessLayerTest} forbids: a
 * {@code volatile} field and a raw {@link VarHandle}. Only the rules' probes import it; it is never used.
 */
final class LayerBypassProbe {
    private static final VarHandle FLAG;

    static {
        try {
            FLAG = MethodHandles.lookup().findVarHandle(LayerBypassProbe.class, "flag", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile boolean published;
    int flag;

    int flag() {
        return (int) FLAG.getOpaque(this) + (published ? 1 : 0);
    }
}
