package dev.tensorj.selection;

import dev.tensorj.datasets.KFold;
import dev.tensorj.datasets.Split;
import dev.tensorj.datasets.Subset;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Tensor;

import java.io.Serializable;

/**
 * The data of a search and how each trial cuts it: with {@code folds ≥ 2}, a k-fold split of
 * {@code train}, stratified by class or plain (the same on every executor, from the split seed); with
 * one fold, {@code train} for training and {@code validation} for validation.
 *
 * @param train      the training pool
 * @param validation the hold-out validation set, used when there is one fold (may be null otherwise)
 * @param splitSeed  the seed of the k-fold assignment
 * @param stratified whether each fold keeps the class proportions ({@code KFold.stratifiedSplit}) or is a plain random fold ({@code KFold.split})
 */
public record TrialData(DataSource train, DataSource validation, long splitSeed, boolean stratified) implements Serializable {
    /** The (training, validation) pair of {@code trial}'s fold, as tensors. */
    public TensorDataset[] fold(Trial trial) {
        TensorDataset pool = DataCache.get(train);
        if (trial.folds() < 2) {
            if (validation == null) throw new IllegalArgumentException("TrialData: one fold needs a validation source (or use folds >= 2)");
            return new TensorDataset[] {pool, DataCache.get(validation)};
        }
        KFold kFold = new KFold(trial.folds(), splitSeed);
        Split split = (stratified ? kFold.stratifiedSplit(pool) : kFold.split(pool)).get(trial.fold());
        return new TensorDataset[] {materialise(pool, (Subset) split.train()), materialise(pool, (Subset) split.validation())};
    }

    private static TensorDataset materialise(TensorDataset pool, Subset subset) {
        int[] indices = subset.indices();
        long[] rows = new long[indices.length];
        for (int i = 0; i < rows.length; i++) rows[i] = indices[i];
        Tensor index = Tensor.fromArray(rows, rows.length);
        return new TensorDataset(pool.inputs().indexSelect(0, index), pool.targets().indexSelect(0, index), pool.classNames());
    }
}
