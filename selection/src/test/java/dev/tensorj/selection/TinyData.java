package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.List;

/** Small classification data for the tests: three Gaussian blobs in 6 dimensions. */
final class TinyData {
    private TinyData() {
    }

    static TensorDataset blobs(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 6];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 6; d++) x[i * 6 + d] = (float) (g.nextGaussian() + (d % 3 == y[i] ? 2.0 : 0.0));
        }
        return new TensorDataset(Tensor.fromArray(x, n, 6), Tensor.fromArray(y, n), List.of("a", "b", "c"));
    }

    static DataSource train() {
        return InMemorySource.of("blobs-train", blobs(60, 1));
    }

    static DataSource validation() {
        return InMemorySource.of("blobs-valid", blobs(30, 2));
    }

    /** 2 x 2 = 4 configurations of the course's MLP, a few epochs each. */
    static ParamGrid grid() {
        return ParamGrid.builder().ints("batch", 16, 64).doubles("lr", 0.01, 0.05).doubles("wd", 0.001).ints("hidden", 8).ints("epochs", 4).build();
    }
}
