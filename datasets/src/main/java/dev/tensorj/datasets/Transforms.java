package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

import java.util.function.UnaryOperator;

/** Common per-dataset transforms, to use with {@link TensorDataset#map}. */
public final class Transforms {
    private Transforms() {
    }

    /** x * factor (e.g. 1/255 to scale pixels to [0, 1]). */
    public static UnaryOperator<Tensor> scale(double factor) {
        return x -> x.mul(factor);
    }

    /** (x - mean) / std. */
    public static UnaryOperator<Tensor> normalize(double mean, double std) {
        return x -> x.sub(mean).div(std);
    }

    /** [N, ...] to [N, prod(...)], e.g. images to vectors for an MLP. */
    public static UnaryOperator<Tensor> flatten() {
        return x -> x.reshape(x.size(0), -1);
    }

    /** INT64 class indices [N] to one-hot FLOAT32 [N, classes] (Keras' to_categorical). */
    public static UnaryOperator<Tensor> oneHot(int classes) {
        return y -> y.oneHot(classes);
    }
}
