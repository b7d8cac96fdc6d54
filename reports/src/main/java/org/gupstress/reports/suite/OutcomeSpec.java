package org.gupstress.reports.suite;

/**
 * One declared outcome of a test, as its {@code @Outcome} says.
 *
 * @param id          the outcome id (the scenario's enum constant name)
 * @param grade       JCStress's grade: ACCEPTABLE, ACCEPTABLE_INTERESTING or FORBIDDEN
 * @param description the one-line description
 * @param bug         the description starts with "BUG:": the design's bug, which a BROKEN design must witness
 */
public record OutcomeSpec(String id, String grade, String description, boolean bug) {
    /** The prefix that marks a bug outcome of a BROKEN or OPEN design (the suite lint enforces its use). */
    public static final String BUG_PREFIX = "BUG:";

    public static OutcomeSpec of(String id, String grade, String description) {
        return new OutcomeSpec(id, grade, description, description != null && description.startsWith(BUG_PREFIX));
    }
}
