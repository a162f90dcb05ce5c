package dev.tensorj.selection;

import java.io.Serializable;

/**
 * A trial and its outcome: one row of a {@link ResultTable}.
 *
 * @param trial          what ran
 * @param outcome        what it reported
 * @param trainSeconds   wall time of the training and validation, without loading the data
 * @param setupSeconds   wall time to get the data (the per-JVM cache or the broadcast) and cut the fold
 * @param attempt        0 for the first attempt, higher when an executor retried the trial
 * @param worker         where it ran (host and thread or executor id), for the record
 */
public record TrialResult(Trial trial, TrialOutcome outcome, double trainSeconds, double setupSeconds, int attempt, String worker) implements Serializable {
}
