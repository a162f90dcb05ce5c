package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tensorj.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Splits on a dataset whose example i has label i (plain) or label i mod 3 with unequal classes (stratified). */
class SplitsTest {

    static int[] ids(Dataset part) {
        return IntStream.range(0, part.size()).map(i -> (int) part.get(i).target().itemLong()).toArray();
    }

    @Test
    void trainValSplitPartitionsTheExamplesReproducibly() {
        TensorDataset data = DataLoaderTest.numbered(100);
        Split split = Splits.trainValSplit(data, 0.2, 3);
        assertEquals(20, split.validation().size());
        assertEquals(80, split.train().size());
        int[] union = IntStream.concat(Arrays.stream(ids(split.train())), Arrays.stream(ids(split.validation()))).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), union, "train and validation partition the examples");
        assertArrayEquals(ids(split.validation()), ids(Splits.trainValSplit(data, 0.2, 3).validation()), "seed 3 reproduces");
        assertTrue(!Arrays.equals(ids(split.validation()), ids(Splits.trainValSplit(data, 0.2, 4).validation())), "seed 4 differs");
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValSplit(data, 1.5, 0));
    }

    /** 60 examples: class 0 has 30, class 1 has 20, class 2 has 10. */
    static TensorDataset unequalClasses() {
        long[] labels = new long[60];
        for (int i = 0; i < 60; i++) labels[i] = i < 30 ? 0 : i < 50 ? 1 : 2;
        return new TensorDataset(Tensor.arange(60).reshape(60, 1), Tensor.fromArray(labels, 60));
    }

    static long[] classCounts(Dataset part) {
        long[] counts = new long[3];
        for (int i = 0; i < part.size(); i++) counts[(int) part.get(i).target().itemLong()]++;
        return counts;
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Split split = Splits.stratifiedTrainValSplit(unequalClasses(), 0.2, 11);
        assertArrayEquals(new long[] {6, 4, 2}, classCounts(split.validation()));
        assertArrayEquals(new long[] {24, 16, 8}, classCounts(split.train()));
    }

    @Test
    void kFoldValidatesEveryExampleExactlyOnce() {
        TensorDataset data = DataLoaderTest.numbered(23);
        List<Split> folds = new KFold(5, 9).split(data);
        assertEquals(5, folds.size());
        int[] seen = new int[23];
        for (Split fold : folds) {
            assertTrue(fold.validation().size() == 4 || fold.validation().size() == 5, "fold sizes differ by at most one");
            assertEquals(23, fold.train().size() + fold.validation().size());
            for (int id : ids(fold.validation())) seen[id]++;
        }
        int[] once = new int[23];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen);
    }

    @Test
    void stratifiedKFoldBalancesEveryClassAcrossFolds() {
        TensorDataset data = unequalClasses();
        for (Split fold : new KFold(5, 1).stratifiedSplit(data)) {
            assertArrayEquals(new long[] {6, 4, 2}, classCounts(fold.validation()));
        }
        assertThrows(IllegalArgumentException.class, () -> new KFold(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KFold(5, 0).stratifiedSplit(data, new long[3]));
    }
}
