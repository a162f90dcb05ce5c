package dev.tensorj.selection;

import java.io.Serializable;

/**
 * One unit of work: train configuration {@code params} on fold {@code fold} of {@code folds}, with
 * {@code seed}. A grid search is one trial per (configuration, fold); each trial is one Spark task.
 *
 * @param params the configuration
 * @param fold   0-based fold index ({@code 0} when {@code folds == 1}, the hold-out split)
 * @param folds  the number of folds (1: train on the training set, validate on the hold-out set)
 * @param seed   the seed of the model's initialisation and of the data order
 */
public record Trial(Params params, int fold, int folds, long seed) implements Serializable {
    /** "config 12 fold 2/5". */
    public String label() {
        return "config " + params.id() + (folds > 1 ? " fold " + (fold + 1) + "/" + folds : "");
    }
}
