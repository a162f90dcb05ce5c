package dev.tensorj.examples;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seeded validation split of the image classifiers: sizes, disjoint halves that cover the set, the same split for the same seed. */
class HoldOutTest {
    /** 50 samples whose single input value is their index, labels index mod 5. */
    private static TensorDataset numbered() {
        float[] x = new float[50];
        long[] y = new long[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i;
            y[i] = i % 5;
        }
        return new TensorDataset(Tensor.fromArray(x, 50, 1), Tensor.fromArray(y, 50));
    }

    private static long[] ids(dev.tensorj.datasets.Dataset d) {
        int[] all = new int[d.size()];
        Arrays.setAll(all, i -> i);
        float[] x = d.batch(all).inputs().contiguous().toFloatArray();
        long[] ids = new long[x.length];
        for (int i = 0; i < x.length; i++) ids[i] = (long) x[i];
        return ids;
    }

    @Test
    void holdsOutTheRoundedShareDisjointlyAndTheSameForTheSameSeed() {
        HoldOut.Parts parts = HoldOut.split(numbered(), 0.1, 42);
        assertEquals(45, parts.train().size());
        assertEquals(5, parts.validation().size());
        Set<Long> seen = new HashSet<>();
        for (long id : ids(parts.train())) seen.add(id);
        for (long id : ids(parts.validation())) assertTrue(seen.add(id), "sample " + id + " is on both sides");
        assertEquals(50, seen.size());
        long[] validation = ids(parts.validation());
        for (int i = 0; i < validation.length; i++) assertEquals(validation[i] % 5, parts.validation().targets().toLongArray()[i], "labels follow their inputs");
        assertArrayEquals(validation, ids(HoldOut.split(numbered(), 0.1, 42).validation()));
        assertTrue(!Arrays.equals(validation, ids(HoldOut.split(numbered(), 0.1, 7).validation())), "another seed, another split");
    }

    @Test
    void zeroHoldsOutNothingAndKeepsNoBestEpoch() {
        HoldOut.Parts parts = HoldOut.split(numbered(), 0, 42);
        assertEquals(50, parts.train().size());
        assertNull(parts.validation());
        assertNull(HoldOut.keeper(parts, null));
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(numbered(), 0.001, 42), "0.05 samples round to none");
    }

    @Test
    void defaultsAreTheNotebooks() {
        assertEquals(0.1, HoldOut.defaultFraction("fashion-mlp"));
        assertEquals(0.1, HoldOut.defaultFraction("c1"));
        assertEquals(0.1, HoldOut.defaultFraction("c2"));
        assertEquals(0.0, HoldOut.defaultFraction("mnist-mlp"));
        assertEquals(ImdbTuning.NOTEBOOK.validationSplit(), HoldOut.defaultFraction("imdb-tuning"));
    }
}
