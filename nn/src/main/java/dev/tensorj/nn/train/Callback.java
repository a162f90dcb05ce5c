package dev.tensorj.nn.train;

import java.util.Map;

/** Hooks into {@link Trainer#fit}: called after each epoch with that epoch's metrics. */
public interface Callback {
    /** Before the first epoch of {@link Trainer#fit} (a resumed run included). Does nothing unless overridden. */
    default void onTrainBegin(Trainer trainer) {
    }

    /**
     * After each training step: {@code step} counts the epoch's batches from 0, {@code logs} holds the
     * batch's own loss and metrics (not the running means). The model's gradients of that batch are
     * still in its parameters. Does nothing unless overridden.
     */
    default void onBatchEnd(Trainer trainer, int epoch, int step, Map<String, Double> logs) {
    }

    /**
     * After epoch {@code epoch} (0-based) with its metrics (loss, accuracy, val_loss, ..., lr).
     * Return true to stop training.
     */
    boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs);

    /** After the last epoch, or after the epoch a callback stopped at. Does nothing unless overridden. */
    default void onTrainEnd(Trainer trainer) {
    }
}
