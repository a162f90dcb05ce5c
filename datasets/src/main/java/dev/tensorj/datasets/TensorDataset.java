package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Samples held in tensors that share their first axis: {@code tensors[k].select(0, i)} is part k of
 * sample i (e.g. image and label). Like PyTorch's {@code TensorDataset}.
 */
public final class TensorDataset {
    private final Tensor[] tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset: needs at least one tensor");
        for (Tensor t : tensors) {
            if (t.rank() == 0 || t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("TensorDataset: all tensors need the same first axis, got shapes "
                        + Arrays.stream(tensors).map(x -> x.shape().toString()).toList());
            }
        }
        this.tensors = tensors.clone();
    }

    public int size() {
        return tensors[0].size(0);
    }

    /** Part k of every sample (e.g. 0 = inputs, 1 = targets). */
    public Tensor tensor(int k) {
        return tensors[k];
    }

    public int parts() {
        return tensors.length;
    }

    /** Sample i: one tensor per part, without the first axis. */
    public Tensor[] get(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("TensorDataset.get: index " + i + " out of range for " + size() + " samples");
        Tensor[] sample = new Tensor[tensors.length];
        for (int k = 0; k < sample.length; k++) sample[k] = tensors[k].select(0, i);
        return sample;
    }

    /** The samples at the given indices (INT64 [n]), as a new dataset. */
    public TensorDataset subset(Tensor indices) {
        Tensor[] parts = new Tensor[tensors.length];
        for (int k = 0; k < parts.length; k++) parts[k] = tensors[k].indexSelect(0, indices);
        return new TensorDataset(parts);
    }

    /** Replaces part k by a transformed version (normalise, flatten, one-hot...). */
    public TensorDataset map(int k, UnaryOperator<Tensor> transform) {
        Tensor[] parts = tensors.clone();
        parts[k] = transform.apply(tensors[k]);
        return new TensorDataset(parts);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates) from a generator. */
    static long[] permutation(int n, Generator generator) {
        long[] order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) generator.nextLong(i + 1);
            long tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
