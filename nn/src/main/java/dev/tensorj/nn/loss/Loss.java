package dev.tensorj.nn.loss;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;

/** A loss: predictions (with gradient) and targets (plain tensors) to a scalar, or per-sample values with {@link dev.tensorj.autograd.Reduction#NONE}. */
@FunctionalInterface
public interface Loss {
    /** The loss of {@code predictions} against {@code targets} (shapes as each loss asks): call {@code backward()} on it. */
    Variable compute(Variable predictions, Tensor targets);
}
