package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batching, shuffling, drop-last and prefetch, on a dataset whose example i has input [i, 10i] and label i. */
class DataLoaderTest {

    static TensorDataset numbered(int n) {
        float[] inputs = new float[2 * n];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            inputs[2 * i] = i;
            inputs[2 * i + 1] = 10 * i;
            labels[i] = i;
        }
        return new TensorDataset(Tensor.fromArray(inputs, n, 2), Tensor.fromArray(labels, n));
    }

    /** The labels of every batch of one epoch, in order. */
    static List<long[]> epoch(DataLoader loader) {
        List<long[]> batches = new ArrayList<>();
        for (Batch batch : loader) {
            long[] labels = batch.targets().toLongArray();
            float[] inputs = batch.inputs().toFloatArray();
            for (int i = 0; i < labels.length; i++) { // inputs and targets stay paired
                assertEquals(labels[i], inputs[2 * i], "input row " + i + " does not belong to label " + labels[i]);
                assertEquals(10 * labels[i], inputs[2 * i + 1]);
            }
            batches.add(labels);
        }
        return batches;
    }

    @Test
    void sequentialBatchesCoverTheDatasetInOrder() {
        DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).build();
        assertEquals(3, loader.numBatches());
        List<long[]> batches = epoch(loader);
        assertArrayEquals(new long[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new long[] {4, 5, 6, 7}, batches.get(1));
        assertArrayEquals(new long[] {8, 9}, batches.get(2));
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).dropLast(true).build();
        assertEquals(2, loader.numBatches());
        assertEquals(2, epoch(loader).size());
    }

    @Test
    void shuffleIsAPermutationReproducibleBySeedAndNewEveryEpoch() {
        DataLoader a = DataLoader.builder(numbered(100)).batchSize(7).shuffle(42).build();
        DataLoader b = DataLoader.builder(numbered(100)).batchSize(7).shuffle(42).build();
        long[] firstEpoch = flatten(epoch(a)), secondEpoch = flatten(epoch(a));
        assertArrayEquals(firstEpoch, flatten(epoch(b)), "same seed, same first epoch");
        assertArrayEquals(secondEpoch, flatten(epoch(b)), "same seed, same second epoch");
        assertFalse(Arrays.equals(firstEpoch, secondEpoch), "each epoch draws a new permutation");
        long[] sorted = firstEpoch.clone();
        Arrays.sort(sorted);
        long[] all = new long[100];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted, "an epoch visits every example once");
        assertFalse(Arrays.equals(all, firstEpoch), "seed 42 does shuffle");
    }

    @Test
    void prefetchGivesTheSameBatches() {
        for (boolean dropLast : new boolean[] {false, true}) {
            DataLoader plain = DataLoader.builder(numbered(53)).batchSize(8).shuffle(7).dropLast(dropLast).build();
            DataLoader prefetching = DataLoader.builder(numbered(53)).batchSize(8).shuffle(7).dropLast(dropLast).prefetch(true).build();
            for (int e = 0; e < 3; e++) assertArrayEquals(flatten(epoch(plain)), flatten(epoch(prefetching)), "epoch " + e + " dropLast=" + dropLast);
        }
    }

    @Test
    void prefetchPassesOnErrorsFromTheBackgroundThread() {
        Dataset failing = new Dataset() {
            public int size() { return 4; }
            public Example get(int index) {
                if (index == 3) throw new DatasetException("example 3 is broken");
                return new Example(Tensor.of(index), Tensor.ofLongs(index).reshape());
            }
        };
        var iterator = DataLoader.builder(failing).batchSize(2).prefetch(true).build().iterator();
        Batch first = iterator.next(); // a generic dataset's examples are stacked
        assertArrayEquals(new float[] {0, 1}, first.inputs().reshape(2).toFloatArray());
        assertArrayEquals(new long[] {0, 1}, first.targets().toLongArray());
        assertArrayEquals(new int[] {2}, first.targets().shape().toArray());
        DatasetException e = assertThrows(DatasetException.class, iterator::next);
        assertEquals("example 3 is broken", e.getMessage());
    }

    @Test
    void genericDatasetsAreStackedAndTransformsApplyPerBatch() {
        Dataset transformed = numbered(6).mapInputs(Transforms.scale(0.5)).mapTargets(Transforms.oneHot(6));
        Batch batch = DataLoader.builder(transformed).batchSize(6).build().iterator().next();
        assertArrayEquals(new int[] {6, 6}, batch.targets().shape().toArray());
        assertEquals(DType.FLOAT32, batch.targets().dtype());
        assertEquals(1.0, batch.targets().get(4, 4));
        assertEquals(2.0, batch.inputs().get(4, 0));
        Example example = transformed.get(5);
        assertArrayEquals(new float[] {2.5f, 25f}, example.input().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1}, example.target().toFloatArray());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(numbered(3)).batchSize(0));
        assertThrows(IndexOutOfBoundsException.class, () -> numbered(3).get(3));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    }

    static long[] flatten(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
