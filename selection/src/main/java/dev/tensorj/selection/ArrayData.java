package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Tensor;

import java.io.Serializable;
import java.util.List;

/**
 * A dataset as plain arrays, the form in which it is serialized (e.g. broadcast by Spark): FLOAT32
 * inputs of {@code shape}, INT64 labels, class names.
 */
public record ArrayData(String key, float[] inputs, int[] shape, long[] labels, List<String> classNames) implements Serializable {
    /** The arrays of {@code data}. */
    public static ArrayData of(String key, TensorDataset data) {
        return new ArrayData(key, data.inputs().contiguous().toFloatArray(), data.inputs().shape().toArray(), data.labels(), List.copyOf(data.classNames()));
    }

    /** The dataset again, as tensors. */
    public TensorDataset toDataset() {
        return new TensorDataset(Tensor.fromArray(inputs.clone(), shape), Tensor.fromArray(labels.clone(), labels.length), classNames);
    }

    /** The size of the arrays in bytes. */
    public long bytes() {
        return 4L * inputs.length + 8L * labels.length;
    }
}
