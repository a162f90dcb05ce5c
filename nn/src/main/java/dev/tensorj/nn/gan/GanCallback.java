package dev.tensorj.nn.gan;

/** Called by {@link GanTrainer#fit} after each epoch, e.g. to save a grid of samples or a checkpoint. */
@FunctionalInterface
public interface GanCallback {
    /** After epoch {@code epoch} (0-based), with the losses recorded so far. */
    void onEpochEnd(GanTrainer trainer, int epoch, GanHistory history);
}
