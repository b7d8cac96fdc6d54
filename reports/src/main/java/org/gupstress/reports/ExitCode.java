package org.gupstress.reports;

/** The CLI's exit codes (README, "Exit codes"). */
public final class ExitCode {
    /** Everything that ran passed (UNWITNESSED counts as passed unless --strict); compare found no regression. */
    public static final int OK = 0;
    /** A FAIL or ERROR verdict (or UNWITNESSED under --strict); compare found a regression. */
    public static final int FAILED = 1;
    /** Bad input or usage: one line on stderr says what; nothing was written. */
    public static final int BAD_INPUT = 2;
    /** The run did not complete (global deadline, JCStress died): the report was written, the rest is NOT_RUN. */
    public static final int INCOMPLETE = 3;

    private ExitCode() {
    }
}
