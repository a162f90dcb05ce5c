package dev.tensorj.datasets;

import java.util.List;

/**
 * A parent dataset whose inputs and targets pass through transforms when read. Transforms see
 * batched tensors (leading axis = examples); a single example is transformed as a batch of one.
 */
public final class TransformedDataset implements Dataset {
    private final Dataset parent;
    private final Transform inputTransform;
    private final Transform targetTransform;

    public TransformedDataset(Dataset parent, Transform inputTransform, Transform targetTransform) {
        this.parent = parent;
        this.inputTransform = inputTransform;
        this.targetTransform = targetTransform;
    }

    @Override
    public int size() {
        return parent.size();
    }

    @Override
    public Example get(int index) {
        Example example = parent.get(index);
        return new Example(inputTransform.apply(example.input().unsqueeze(0)).select(0, 0),
                targetTransform.apply(example.target().unsqueeze(0)).select(0, 0));
    }

    @Override
    public Batch batch(int[] indices) {
        Batch batch = parent.batch(indices);
        return new Batch(inputTransform.apply(batch.inputs()), targetTransform.apply(batch.targets()));
    }

    @Override
    public Dataset mapInputs(Transform transform) {
        return new TransformedDataset(parent, inputTransform.andThen(transform), targetTransform);
    }

    @Override
    public Dataset mapTargets(Transform transform) {
        return new TransformedDataset(parent, inputTransform, targetTransform.andThen(transform));
    }

    @Override
    public List<String> classNames() {
        return parent.classNames();
    }
}
