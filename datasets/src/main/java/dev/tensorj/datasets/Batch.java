package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

/** A batch of examples: inputs and targets stacked along a new leading axis of size {@link #size()}. */
public record Batch(Tensor inputs, Tensor targets) {

    public Batch {
        if (inputs.rank() == 0 || targets.rank() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("Batch: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must share their leading (batch) axis");
        }
    }

    /** Number of examples in the batch. */
    public int size() {
        return inputs.size(0);
    }
}
