package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

/** One example of a dataset: its input (e.g. an image {@code [1, 28, 28]}) and its target (e.g. a scalar label). */
public record Example(Tensor input, Tensor target) {
}
