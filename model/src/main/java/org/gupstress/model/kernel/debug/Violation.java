package org.gupstress.model.kernel.debug;

/**
 * One recorded violation.
 *
 * @param kind   what kind of failure
 * @param what   the detail: which object, which operation touched it, the kernel's message
 * @param thread the name of the model thread that detected it
 */
public record Violation(ViolationKind kind, String what, String thread) {
    @Override
    public String toString() {
        return kind + " [" + thread + "]: " + what;
    }
}
