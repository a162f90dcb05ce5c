package dev.tensorj.nn.train;

import dev.tensorj.tensor.Tensor;

/** One mini-batch: the model's input and the targets its loss compares with. */
public record Batch(Tensor input, Tensor target) {
    public int size() {
        return input.size(0);
    }
}
