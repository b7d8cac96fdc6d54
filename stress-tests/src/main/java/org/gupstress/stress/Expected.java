package org.gupstress.stress;

/** What a design is expected to do in a scenario (DESIGN.md section 3). */
public enum Expected {
    /** No FORBIDDEN outcome may ever be observed. */
    SAFE,
    /** At least one FORBIDDEN outcome is reachable; the suite must witness it. Its bug outcomes are graded
     *  ACCEPTABLE_INTERESTING with a description starting "BUG:" so that the JCStress run stays green. */
    BROKEN,
    /** Nobody has shown it either way; the report states what was observed and with what confidence. Its
     *  contested outcomes are graded like a BROKEN design's bug outcomes ("BUG:", interesting). */
    OPEN
}
