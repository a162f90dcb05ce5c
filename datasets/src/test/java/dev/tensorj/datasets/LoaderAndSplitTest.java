package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LoaderAndSplitTest {

    private static TensorDataset numbers(int n) {
        return new TensorDataset(Tensor.arange(0.0, n, 1.0).reshape(n, 1), Tensor.arange(n));
    }

    @Test
    void batchesCoverEverySampleOncePerEpoch() {
        TensorDataset data = numbers(10);
        DataLoader loader = new DataLoader(data, 4, true, 7);
        assertEquals(3, loader.batches());
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<Long> seen = new HashSet<>();
            List<Integer> sizes = new ArrayList<>();
            for (Tensor[] batch : loader) {
                sizes.add(batch[0].size(0));
                for (long v : batch[1].toLongArray()) seen.add(v);
                assertArrayEquals(batch[0].reshape(-1).to(dev.tensorj.tensor.DType.INT64).toLongArray(), batch[1].toLongArray(), "parts stay aligned");
            }
            assertEquals(List.of(4, 4, 2), sizes);
            assertEquals(10, seen.size());
        }
    }

    @Test
    void shuffleIsSeededAndChangesEachEpoch() {
        List<long[]> first = epochs(new DataLoader(numbers(20), 20, true, 3));
        List<long[]> again = epochs(new DataLoader(numbers(20), 20, true, 3));
        assertArrayEquals(first.get(0), again.get(0));
        assertFalse(java.util.Arrays.equals(first.get(0), first.get(1)), "a new permutation each epoch");
    }

    private static List<long[]> epochs(DataLoader loader) {
        List<long[]> out = new ArrayList<>();
        for (int e = 0; e < 2; e++) for (Tensor[] b : loader) out.add(b[1].toLongArray());
        return out;
    }

    @Test
    void dropLastAndPrefetch() {
        DataLoader loader = new DataLoader(numbers(10), 4, false, true, true, 1);
        List<Integer> sizes = new ArrayList<>();
        for (Tensor[] b : loader) sizes.add(b[0].size(0));
        assertEquals(List.of(4, 4), sizes);
    }

    @Test
    void stratifiedSplitKeepsClassShares() {
        long[] labels = new long[100];
        for (int i = 0; i < 100; i++) labels[i] = i < 80 ? 0 : 1;
        TensorDataset data = new TensorDataset(Tensor.zeros(100, 2), Tensor.fromArray(labels, 100));
        Splits.TrainVal split = Splits.trainValSplit(data, 0.25, 5, data.tensor(1));
        assertEquals(75, split.train().size());
        assertEquals(25, split.validation().size());
        assertEquals(5, split.validation().tensor(1).sum().itemLong(), "20 % of the validation part is class 1, as in the whole");
    }

    @Test
    void kFoldPartitionsTheData() {
        TensorDataset data = numbers(23);
        List<Splits.Fold> folds = Splits.kFold(data, 5, 9, null);
        Set<Long> validated = new HashSet<>();
        for (Splits.Fold f : folds) {
            assertEquals(23, f.train().size() + f.validation().size());
            for (long v : f.validation().tensor(1).toLongArray()) assertTrue(validated.add(v), "each sample validates once");
        }
        assertEquals(23, validated.size());
    }
}
