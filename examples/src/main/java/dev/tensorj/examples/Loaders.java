package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.Batch;
import dev.tensorj.tensor.Tensor;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;

/** Makes the exercises' data loaders, and the input-only view of a loader that {@code predict} takes. */
final class Loaders {
    private Loaders() {
    }

    /** A loader of batch size {@code batchSize}, shuffled with {@code seed} when asked, with background prefetch. */
    static DataLoader loader(dev.tensorj.datasets.Dataset data, int batchSize, boolean shuffle, long seed) {
        DataLoader.Builder builder = DataLoader.builder(data).batchSize(batchSize).prefetch(true);
        return (shuffle ? builder.shuffle(seed) : builder).build();
    }

    /** Just the inputs, for predict. */
    static Iterable<Tensor> inputs(DataLoader loader) {
        return () -> {
            Iterator<Batch> it = loader.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Tensor next() {
                    return it.next().inputs();
                }
            };
        };
    }

    /** The first n samples of a dataset (or all, when n &lt;= 0). */
    static dev.tensorj.datasets.TensorDataset first(dev.tensorj.datasets.TensorDataset data, int n) {
        if (n <= 0 || n >= data.size()) return data;
        return new dev.tensorj.datasets.TensorDataset(data.inputs().narrow(0, 0, n), data.targets().narrow(0, 0, n), data.classNames());
    }

    /** Whether a data set can be loaded here (present, or downloadable). */
    static boolean available(java.util.function.Supplier<?> load) {
        try {
            load.get();
            return true;
        } catch (dev.tensorj.datasets.DatasetException e) {
            return false;
        }
    }
}
