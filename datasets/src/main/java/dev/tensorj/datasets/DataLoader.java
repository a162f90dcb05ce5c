package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Mini-batches over a {@link TensorDataset}: each iteration is one epoch of {@code Tensor[]} batches
 * (one tensor per dataset part, batch axis first). With {@code shuffle} the order is a new random
 * permutation every epoch, drawn from the loader's own seeded generator (reproducible run to run);
 * {@code dropLast} skips a final short batch; {@code prefetch} builds the next batch on a background
 * thread while the model trains on the current one.
 */
public final class DataLoader implements Iterable<Tensor[]> {
    private final TensorDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final boolean prefetch;
    private final Generator generator;

    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, long seed) {
        this(dataset, batchSize, shuffle, false, false, seed);
    }

    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast, boolean prefetch, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.prefetch = prefetch;
        this.generator = new Generator(seed);
    }

    /** Batches per epoch. */
    public int batches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public TensorDataset dataset() {
        return dataset;
    }

    @Override
    public Iterator<Tensor[]> iterator() {
        long[] order = shuffle ? TensorDataset.permutation(dataset.size(), generator) : null;
        Iterator<Tensor[]> plain = new Iterator<>() {
            private int batch;

            @Override
            public boolean hasNext() {
                return batch < batches();
            }

            @Override
            public Tensor[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                int start = batch++ * batchSize;
                int length = Math.min(batchSize, dataset.size() - start);
                return makeBatch(order, start, length);
            }
        };
        return prefetch ? new Prefetching(plain) : plain;
    }

    @Override
    public Spliterator<Tensor[]> spliterator() {
        return Spliterators.spliterator(iterator(), batches(), Spliterator.SIZED | Spliterator.ORDERED);
    }

    private Tensor[] makeBatch(long[] order, int start, int length) {
        Tensor[] batch = new Tensor[dataset.parts()];
        Tensor indices = order == null ? null : Tensor.fromArray(java.util.Arrays.copyOfRange(order, start, start + length), length);
        for (int k = 0; k < batch.length; k++) {
            Tensor part = dataset.tensor(k);
            batch[k] = indices == null ? part.narrow(0, start, length) : part.indexSelect(0, indices);
        }
        return batch;
    }

    /** Runs the wrapped iterator one batch ahead on a daemon thread. */
    private static final class Prefetching implements Iterator<Tensor[]> {
        private static final Tensor[] END = new Tensor[0];
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        private Object next;

        Prefetching(Iterator<Tensor[]> source) {
            Thread worker = new Thread(() -> {
                try {
                    while (source.hasNext()) queue.put(source.next());
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    try {
                        queue.put(e);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "tensorj-prefetch");
            worker.setDaemon(true);
            worker.start();
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
                }
            }
            if (next instanceof RuntimeException e) throw e;
            return next != END;
        }

        @Override
        public Tensor[] next() {
            if (!hasNext()) throw new NoSuchElementException();
            Tensor[] batch = (Tensor[]) next;
            next = null;
            return batch;
        }
    }
}
