package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * K-fold cross-validation: the examples are shuffled once and dealt into {@code k} folds whose
 * sizes differ by at most one; split {@code i} validates on fold {@code i} and trains on the rest,
 * so every example is validated on exactly once.
 *
 * <p>The stratified variant deals each class separately (classes in label order, members
 * shuffled, the running sequence dealt round-robin), so every fold holds each class within one
 * example of {@code n_c / k}.
 */
public final class KFold {
    private final int k;
    private final long seed;

    public KFold(int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("KFold: k must be at least 2, got " + k);
        this.k = k;
        this.seed = seed;
    }

    public int k() {
        return k;
    }

    /** The k train/validation splits. */
    public List<Split> split(Dataset dataset) {
        checkSize(dataset);
        return splits(dataset, Splits.permutation(dataset.size(), new Generator(seed)));
    }

    /** The k stratified splits; {@code labels[i]} is the class of example i. */
    public List<Split> stratifiedSplit(Dataset dataset, long[] labels) {
        checkSize(dataset);
        Splits.checkLabels(dataset, labels);
        Generator generator = new Generator(seed);
        int[] dealOrder = new int[labels.length];
        int position = 0;
        for (int[] members : Splits.byClass(labels).values()) {
            Splits.shuffle(members, generator);
            for (int member : members) dealOrder[position++] = member;
        }
        return splits(dataset, dealOrder);
    }

    /** {@link #stratifiedSplit(Dataset, long[])} with the labels of a classification dataset. */
    public List<Split> stratifiedSplit(TensorDataset dataset) {
        return stratifiedSplit(dataset, dataset.labels());
    }

    /** Example {@code dealOrder[j]} goes to fold {@code j mod k}. */
    private List<Split> splits(Dataset dataset, int[] dealOrder) {
        List<Split> result = new ArrayList<>(k);
        for (int fold = 0; fold < k; fold++) {
            List<Integer> validation = new ArrayList<>(), train = new ArrayList<>();
            for (int j = 0; j < dealOrder.length; j++) (j % k == fold ? validation : train).add(dealOrder[j]);
            result.add(Splits.split(dataset, Splits.toArray(validation), Splits.toArray(train)));
        }
        return result;
    }

    private void checkSize(Dataset dataset) {
        if (dataset.size() < k) throw new IllegalArgumentException("KFold: " + k + " folds need at least " + k + " examples, the dataset has " + dataset.size());
    }
}
