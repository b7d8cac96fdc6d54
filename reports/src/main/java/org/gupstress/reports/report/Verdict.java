package org.gupstress.reports.report;

/** A test's verdict (DESIGN.md section 5). */
public enum Verdict {
    /** SAFE: no forbidden outcome seen. BROKEN: its bug witnessed. OPEN: ran (see the observation). */
    PASS,
    /** A FORBIDDEN outcome was observed. */
    FAIL,
    /** A BROKEN design whose bug was not seen: the test has no teeth on this machine (a failure under --strict). */
    UNWITNESSED,
    /** No samples: not scheduled (too few CPUs), interrupted, or past the deadline. Never a pass. */
    NOT_RUN,
    /** JCStress reported an error: VM crash or hung fork (VM_ERROR), actor exception, timeout, API mismatch. */
    ERROR;

    /** Whether this verdict fails a run (UNWITNESSED only when strict). */
    public boolean fails(boolean strict) {
        return this == FAIL || this == ERROR || (strict && this == UNWITNESSED);
    }
}
