package org.gupstress.reports;

/**
 * Bad input that the user can fix: an unknown profile, a regex matching nothing, a missing, truncated, foreign or
 * hostile results file, a baseline of another schema. The CLI prints the message as one line and exits with
 * {@link ExitCode#BAD_INPUT}; nothing already written is touched.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
