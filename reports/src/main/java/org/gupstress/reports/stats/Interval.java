package org.gupstress.reports.stats;

/**
 * A confidence interval for a probability.
 *
 * @param level confidence level, e.g. 0.95
 * @param lower lower bound
 * @param upper upper bound
 */
public record Interval(double level, double lower, double upper) {
}
