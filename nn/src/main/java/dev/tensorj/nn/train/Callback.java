package dev.tensorj.nn.train;

import java.util.Map;

/** Hooks into {@link Trainer#fit}: called after each epoch with that epoch's metrics. */
public interface Callback {
    default void onTrainBegin(Trainer trainer) {
    }

    /**
     * After epoch {@code epoch} (0-based) with its metrics (loss, accuracy, val_loss, ..., lr).
     * Return true to stop training.
     */
    boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs);

    default void onTrainEnd(Trainer trainer) {
    }
}
