package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A finite, indexable collection of {@link Example}s (PyTorch's map-style {@code Dataset}).
 *
 * <p>{@link #batch(int[])} gathers several examples at once; the default stacks {@link #get}
 * results, and tensor-backed datasets override it with one {@code indexSelect} per tensor.
 */
public interface Dataset {

    /** Number of examples. */
    int size();

    /** The example at {@code index}, 0 ≤ index &lt; size(). */
    Example get(int index);

    /** The examples at {@code indices}, stacked into a batch. */
    default Batch batch(int[] indices) {
        List<Tensor> inputs = new ArrayList<>(indices.length), targets = new ArrayList<>(indices.length);
        for (int index : indices) {
            Example example = get(index);
            inputs.add(example.input());
            targets.add(example.target());
        }
        return new Batch(Tensor.stack(0, inputs), Tensor.stack(0, targets));
    }

    /** The class names of a classification dataset, in label order; empty when not known. */
    default List<String> classNames() {
        return List.of();
    }

    /** A view of this dataset with {@code transform} applied to the inputs of every example and batch. */
    default Dataset mapInputs(Transform transform) {
        return new TransformedDataset(this, transform, Transform.identity());
    }

    /** A view of this dataset with {@code transform} applied to the targets of every example and batch. */
    default Dataset mapTargets(Transform transform) {
        return new TransformedDataset(this, Transform.identity(), transform);
    }

    /** A view of the examples at {@code indices} of this dataset. */
    default Dataset subset(int[] indices) {
        return new Subset(this, indices);
    }

    /** Checks that {@code index} addresses an example, with a message naming the dataset's size. */
    static void checkIndex(int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Dataset: index " + index + " is out of range for a dataset of " + size + " examples");
        }
    }
}
