package dev.tensorj.datasets;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import java.util.List;

/**
 * A dataset held in two tensors whose leading axis indexes the examples: {@code inputs [N, ...]}
 * and {@code targets [N, ...]}. Batches are {@code indexSelect} on axis 0, so they are built by
 * the tensor backend in one pass, not example by example.
 */
public final class TensorDataset implements Dataset {
    private final Tensor inputs;
    private final Tensor targets;
    private final List<String> classNames;

    public TensorDataset(Tensor inputs, Tensor targets) {
        this(inputs, targets, List.of());
    }

    /**
     * @param classNames the name of each class label (label {@code i} is {@code classNames.get(i)}), or empty
     */
    public TensorDataset(Tensor inputs, Tensor targets, List<String> classNames) {
        if (inputs.rank() == 0 || targets.rank() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs " + inputs.shape() + " and targets " + targets.shape()
                    + " must have the same number of examples on axis 0");
        }
        this.inputs = inputs;
        this.targets = targets;
        this.classNames = List.copyOf(classNames);
    }

    /** All inputs, {@code [N, ...]}. */
    public Tensor inputs() {
        return inputs;
    }

    /** All targets, {@code [N, ...]}. */
    public Tensor targets() {
        return targets;
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Example get(int index) {
        Dataset.checkIndex(index, size());
        return new Example(inputs.select(0, index), targets.select(0, index));
    }

    @Override
    public Batch batch(int[] indices) {
        long[] rows = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            Dataset.checkIndex(indices[i], size());
            rows[i] = indices[i];
        }
        Tensor index = Tensor.fromArray(rows, rows.length);
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** A dataset with {@code transform} applied once, now, to all inputs (unlike the lazy {@link #mapInputs}). */
    public TensorDataset withInputs(Transform transform) {
        return new TensorDataset(transform.apply(inputs), targets, classNames);
    }

    /** A dataset with {@code transform} applied once, now, to all targets. */
    public TensorDataset withTargets(Transform transform) {
        return new TensorDataset(inputs, transform.apply(targets), classNames);
    }

    /** The targets as class labels {@code long[N]}; the targets must be a 1-D INT64 tensor. */
    public long[] labels() {
        if (targets.rank() != 1 || targets.dtype() != DType.INT64) {
            throw new IllegalStateException("TensorDataset.labels: targets must be 1-D INT64 class labels, got " + targets.dtype() + " " + targets.shape());
        }
        return targets.toLongArray();
    }

    @Override
    public String toString() {
        return "TensorDataset(" + size() + " examples, inputs " + inputs.dtype() + " " + inputs.shape() + ", targets " + targets.dtype() + " "
                + targets.shape() + (classNames.isEmpty() ? "" : ", classes " + classNames) + ")";
    }
}
