package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.nn.train.Batch;
import dev.tensorj.tensor.Tensor;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;

/** Connects the datasets module's loaders (Tensor[] batches) to the trainer (Batch records). */
final class Loaders {
    private Loaders() {
    }

    /** (input, target) batches of a two-part loader; the size is known, so progress bars show an ETA. */
    static Iterable<Batch> batches(DataLoader loader) {
        return new Iterable<>() {
            @Override
            public Iterator<Batch> iterator() {
                Iterator<Tensor[]> it = loader.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Batch next() {
                        Tensor[] b = it.next();
                        return new Batch(b[0], b[1]);
                    }
                };
            }

            @Override
            public Spliterator<Batch> spliterator() {
                return Spliterators.spliterator(iterator(), loader.batches(), Spliterator.SIZED | Spliterator.ORDERED);
            }
        };
    }

    /** Just the inputs, for predict. */
    static Iterable<Tensor> inputs(DataLoader loader) {
        return () -> {
            Iterator<Tensor[]> it = loader.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Tensor next() {
                    return it.next()[0];
                }
            };
        };
    }
}
