package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;

import java.io.Serializable;

/**
 * Runs one trial where it lands: gets the fold's data (loaded once per JVM), trains the objective,
 * and times both. Exceptions propagate, so the executor can retry the trial.
 *
 * @param objective what to train
 * @param data      the data and how to cut it
 */
public record TrialRunner(Objective objective, TrialData data) implements Serializable {
    /** Runs {@code trial}; {@code attempt} and {@code worker} are recorded in the result. */
    public TrialResult run(Trial trial, int attempt, String worker) {
        long start = System.nanoTime();
        TensorDataset[] fold = data.fold(trial);
        long trained = System.nanoTime();
        TrialOutcome outcome = objective.train(trial.params(), fold[0], fold[1], trial.seed());
        long end = System.nanoTime();
        return new TrialResult(trial, outcome, (end - trained) / 1e9, (trained - start) / 1e9, attempt, worker);
    }
}
