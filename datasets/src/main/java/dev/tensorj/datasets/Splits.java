package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Random train/validation splits, plain or stratified. The halves are {@link Subset} views that
 * keep the parent's order; the same seed always gives the same split.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Holds out {@code round(N · valFraction)} examples chosen uniformly at random.
     *
     * @param valFraction the share of examples for validation, in [0, 1]
     */
    public static Split trainValSplit(Dataset dataset, double valFraction, long seed) {
        checkFraction(valFraction);
        int[] order = permutation(dataset.size(), new Generator(seed));
        int validationCount = (int) Math.round(dataset.size() * valFraction);
        return split(dataset, Arrays.copyOfRange(order, 0, validationCount), Arrays.copyOfRange(order, validationCount, order.length));
    }

    /**
     * Holds out {@code round(n_c · valFraction)} examples of every class {@code c}, so both halves
     * keep the class proportions of the whole.
     *
     * @param labels the class label of every example, {@code labels.length == dataset.size()}
     */
    public static Split stratifiedTrainValSplit(Dataset dataset, long[] labels, double valFraction, long seed) {
        checkFraction(valFraction);
        checkLabels(dataset, labels);
        Generator generator = new Generator(seed);
        List<Integer> validation = new ArrayList<>(), train = new ArrayList<>();
        for (int[] members : byClass(labels).values()) {
            shuffle(members, generator);
            int validationCount = (int) Math.round(members.length * valFraction);
            for (int i = 0; i < members.length; i++) (i < validationCount ? validation : train).add(members[i]);
        }
        return split(dataset, toArray(validation), toArray(train));
    }

    /** {@link #stratifiedTrainValSplit(Dataset, long[], double, long)} with the labels of a classification dataset. */
    public static Split stratifiedTrainValSplit(TensorDataset dataset, double valFraction, long seed) {
        return stratifiedTrainValSplit(dataset, dataset.labels(), valFraction, seed);
    }

    static Split split(Dataset dataset, int[] validation, int[] train) {
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Split(dataset.subset(train), dataset.subset(validation));
    }

    /** The example indices of each class, classes in ascending label order. */
    static Map<Long, int[]> byClass(long[] labels) {
        Map<Long, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) members.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        Map<Long, int[]> result = new TreeMap<>();
        members.forEach((label, list) -> result.put(label, toArray(list)));
        return result;
    }

    static int[] permutation(int n, Generator generator) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        shuffle(order, generator);
        return order;
    }

    /** Fisher–Yates: for i from the end, swap element i with a uniformly chosen j in [0, i]. */
    static void shuffle(int[] values, Generator generator) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) generator.nextLong(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    static void checkLabels(Dataset dataset, long[] labels) {
        if (labels.length != dataset.size()) {
            throw new IllegalArgumentException("stratified split: " + labels.length + " labels for a dataset of " + dataset.size() + " examples");
        }
    }

    private static void checkFraction(double valFraction) {
        if (!(valFraction >= 0 && valFraction <= 1)) {
            throw new IllegalArgumentException("trainValSplit: valFraction must be in [0, 1], got " + valFraction);
        }
    }

    static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
