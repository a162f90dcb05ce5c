package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

/**
 * A function on batched tensors, applied to a dataset's inputs or targets. The leading axis of the
 * argument indexes the examples, so a transform never mixes examples (see {@link Transforms}).
 */
@FunctionalInterface
public interface Transform {

    /** The transformed batch. */
    Tensor apply(Tensor batch);

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        return batch -> next.apply(apply(batch));
    }

    /** The transform that returns its argument. */
    static Transform identity() {
        return batch -> batch;
    }
}
