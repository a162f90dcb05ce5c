package dev.tensorj.datasets;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Train/validation splits and k-fold cross-validation, optionally stratified (each class keeps its
 * share in every part). All draws come from a seeded generator.
 */
public final class Splits {
    private Splits() {
    }

    /** Two datasets: training and validation. */
    public record TrainVal(TensorDataset train, TensorDataset validation) {
    }

    /** One fold: train on {@code train}, validate on {@code validation}. */
    public record Fold(TensorDataset train, TensorDataset validation) {
    }

    /**
     * A random {@code validationFraction} of the samples for validation, the rest for training. With
     * {@code stratifyBy} (an INT64 label tensor), each class is split in the same proportion.
     */
    public static TrainVal trainValSplit(TensorDataset data, double validationFraction, long seed, Tensor stratifyBy) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("trainValSplit: validation fraction must be in (0, 1), got " + validationFraction);
        }
        List<long[]> groups = groups(data.size(), stratifyBy, new Generator(seed));
        List<Long> train = new ArrayList<>(), validation = new ArrayList<>();
        for (long[] group : groups) {
            int nVal = (int) Math.round(group.length * validationFraction);
            for (int i = 0; i < group.length; i++) (i < nVal ? validation : train).add(group[i]);
        }
        return new TrainVal(data.subset(indexTensor(train)), data.subset(indexTensor(validation)));
    }

    /** k folds: each sample is in exactly one validation part. Stratified when labels are given. */
    public static List<Fold> kFold(TensorDataset data, int k, long seed, Tensor stratifyBy) {
        if (k < 2 || k > data.size()) throw new IllegalArgumentException("kFold: k must be in [2, " + data.size() + "], got " + k);
        List<long[]> groups = groups(data.size(), stratifyBy, new Generator(seed));
        List<List<Long>> parts = new ArrayList<>();
        for (int f = 0; f < k; f++) parts.add(new ArrayList<>());
        int next = 0;
        for (long[] group : groups) {
            for (long index : group) parts.get(next++ % k).add(index); // deal round-robin, class by class
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Long> train = new ArrayList<>();
            for (int g = 0; g < k; g++) if (g != f) train.addAll(parts.get(g));
            folds.add(new Fold(data.subset(indexTensor(train)), data.subset(indexTensor(parts.get(f)))));
        }
        return folds;
    }

    /** Shuffled sample indices, one group per class (or a single group without labels). */
    private static List<long[]> groups(int n, Tensor labels, Generator generator) {
        long[] order = TensorDataset.permutation(n, generator);
        if (labels == null) return List.of(order);
        if (labels.dtype() != DType.INT64 || labels.rank() != 1 || labels.size(0) != n) {
            throw new IllegalArgumentException("stratify: labels must be INT64 [" + n + "], got " + labels.dtype() + " " + labels.shape());
        }
        long[] values = labels.toLongArray();
        long maxLabel = Arrays.stream(values).max().orElse(0);
        List<List<Long>> byClass = new ArrayList<>();
        for (int c = 0; c <= maxLabel; c++) byClass.add(new ArrayList<>());
        for (long index : order) {
            long label = values[(int) index];
            if (label < 0) throw new IllegalArgumentException("stratify: negative label " + label);
            byClass.get((int) label).add(index);
        }
        List<long[]> groups = new ArrayList<>();
        for (List<Long> c : byClass) if (!c.isEmpty()) groups.add(c.stream().mapToLong(Long::longValue).toArray());
        return groups;
    }

    private static Tensor indexTensor(List<Long> indices) {
        long[] a = indices.stream().mapToLong(Long::longValue).toArray();
        return Tensor.fromArray(a, a.length);
    }
}
