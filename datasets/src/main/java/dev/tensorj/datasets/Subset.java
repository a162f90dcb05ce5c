package dev.tensorj.datasets;

import java.util.List;

/** The examples of a parent dataset at given indices, in the given order (a view: nothing is copied). */
public final class Subset implements Dataset {
    private final Dataset parent;
    private final int[] indices;

    public Subset(Dataset parent, int[] indices) {
        for (int index : indices) Dataset.checkIndex(index, parent.size());
        this.parent = parent;
        this.indices = indices.clone();
    }

    /** The parent's indices of this subset's examples. */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Example get(int index) {
        Dataset.checkIndex(index, size());
        return parent.get(indices[index]);
    }

    @Override
    public Batch batch(int[] batchIndices) {
        int[] parentIndices = new int[batchIndices.length];
        for (int i = 0; i < batchIndices.length; i++) {
            Dataset.checkIndex(batchIndices[i], size());
            parentIndices[i] = indices[batchIndices[i]];
        }
        return parent.batch(parentIndices);
    }

    @Override
    public List<String> classNames() {
        return parent.classNames();
    }
}
