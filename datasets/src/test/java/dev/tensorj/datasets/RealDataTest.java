package dev.tensorj.datasets;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real files, when present (../shared/datasets, Debian's package, TENSORJ_DATA); skipped otherwise. */
class RealDataTest {

    @Test
    void mnist() throws IOException {
        assumeTrue(Mnist.isAvailable(), "MNIST files not found; skipping");
        ImageDataset train = Mnist.train(), test = Mnist.test();
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(new long[] {5, 0, 4, 1, 9}, train.labels().narrow(0, 0, 5).toLongArray());
        assertArrayEquals(new long[] {7, 2, 1, 0, 4}, test.labels().narrow(0, 0, 5).toLongArray());
        assertArrayEquals(new int[] {60_000, 1, 28, 28}, train.images().dims());
        assertEquals(255, train.images().max().item());
        assertEquals(1.0, train.scaled().images().max().item(), 1e-6);
    }

    @Test
    void fashionMnist() throws IOException {
        assumeTrue(FashionMnist.isAvailable(), "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist); skipping");
        ImageDataset train = FashionMnist.train(), test = FashionMnist.test();
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(new long[] {9, 0, 0, 3, 0}, train.labels().narrow(0, 0, 5).toLongArray());
        assertEquals("Ankle boot", train.classNames().get(9));
        assertEquals(6000, train.labels().eq(3).sum().item(), "balanced classes");
    }
}
