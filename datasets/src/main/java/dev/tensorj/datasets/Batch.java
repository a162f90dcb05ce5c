package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

/**
 * A batch of examples: inputs and targets stacked along a new leading axis of size {@link #size()}. The
 * one batch type of the house: data loaders make them and the training loops consume them. Targets are
 * null for unlabelled data (an unconditional GAN's images).
 */
public record Batch(Tensor inputs, Tensor targets) {

    public Batch {
        if (inputs == null || inputs.rank() == 0) {
            throw new IllegalArgumentException("Batch: inputs must have a leading (batch) axis, got " + (inputs == null ? "null" : inputs.shape()));
        }
        if (targets != null && (targets.rank() == 0 || inputs.size(0) != targets.size(0))) {
            throw new IllegalArgumentException("Batch: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must share their leading (batch) axis");
        }
    }

    /** A batch of inputs without targets. */
    public static Batch unlabelled(Tensor inputs) {
        return new Batch(inputs, null);
    }

    /** Number of examples in the batch. */
    public int size() {
        return inputs.size(0);
    }
}
