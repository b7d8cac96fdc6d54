package org.gupstress.stress.litmus;

/** The outcome of a litmus test: whether its {@code exists} clause held in the final state. */
public enum Exists {
    /** The {@code exists} clause held: the outcome the litmus file's "Result:" line is about. */
    EXISTS,
    /** It did not hold. */
    NOT_EXISTS;

    /** EXISTS if {@code clause}, else NOT_EXISTS. */
    public static Exists of(boolean clause) {
        return clause ? EXISTS : NOT_EXISTS;
    }
}
