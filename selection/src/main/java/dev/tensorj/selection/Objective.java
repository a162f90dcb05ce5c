package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;

import java.io.Serializable;

/**
 * What a search trains: given a configuration, a training set, a validation set and a seed, build a
 * model, train it and report per-epoch and final validation metrics. Serializable, because a
 * Spark executor receives it with each task; it must be a pure function of its arguments so results
 * do not depend on where or in what order trials run.
 */
public interface Objective extends Serializable {
    /** The parameters {@link #train} reads, by name and type. */
    ParamSchema schema();

    /** Trains one configuration; a loss that turns NaN or infinite is reported as {@link TrialOutcome#diverged()}, not thrown. */
    TrialOutcome train(Params params, TensorDataset train, TensorDataset validation, long seed);

    /**
     * A rough relative cost of training {@code params} (any unit): executors start the costliest trials
     * first, so the longest ones do not run alone at the end. The default treats all trials alike.
     */
    default double cost(Params params) {
        return 1;
    }
}
