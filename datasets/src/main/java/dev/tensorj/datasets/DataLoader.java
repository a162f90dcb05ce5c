package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cuts a {@link Dataset} into batches, one epoch per {@link #iterator()}:
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(42).prefetch(true).build();
 * for (int epoch = 0; epoch < 10; epoch++)
 *     for (Batch batch : loader) { ... batch.inputs() ... batch.targets() ... }
 * }</pre>
 *
 * <ul>
 *   <li>Shuffling draws a fresh permutation (Fisher–Yates) for every epoch from one
 *       {@link Generator} seeded once, so the sequence of epochs is the same on every run.</li>
 *   <li>The last batch holds the {@code size mod batchSize} leftover examples, unless
 *       {@code dropLast} is set, which keeps every batch the same size.</li>
 *   <li>With {@code prefetch}, the next batch is built on a background thread while the caller
 *       works on the current one; the batches and their order are the same as without it.</li>
 * </ul>
 */
public final class DataLoader implements Iterable<Batch> {
    private static final ExecutorService PREFETCH = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tensorj-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    private final Dataset dataset;
    private final int batchSize;
    private final Generator shuffler;
    private final boolean dropLast;
    private final boolean prefetch;

    private DataLoader(Builder builder) {
        this.dataset = builder.dataset;
        this.batchSize = builder.batchSize;
        this.shuffler = builder.shuffle ? new Generator(builder.seed) : null;
        this.dropLast = builder.dropLast;
        this.prefetch = builder.prefetch;
    }

    /** A builder with batch size 1, no shuffling, no drop-last and no prefetch. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The dataset being batched. */
    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The generator that draws each epoch's permutation (null without shuffling), e.g. for a checkpoint to save. */
    public Generator shuffleGenerator() {
        return shuffler;
    }

    /** Batches per epoch: {@code ⌊N / b⌋} with drop-last, {@code ⌈N / b⌉} without. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Sized, so that a training loop knows the number of steps of an epoch (progress bars show an ETA). */
    @Override
    public java.util.Spliterator<Batch> spliterator() {
        return java.util.Spliterators.spliterator(iterator(), numBatches(), java.util.Spliterator.SIZED | java.util.Spliterator.ORDERED);
    }

    /** One epoch of batches. Each call shuffles anew when shuffling is on. */
    @Override
    public Iterator<Batch> iterator() {
        return new Epoch(order());
    }

    /** The order of the examples for the next epoch: 0..N−1, or a random permutation of it. */
    private int[] order() {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffler != null) {
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates: swap i with a uniform j in [0, i]
                int j = (int) shuffler.nextLong(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The batches of one epoch, over a fixed order of the examples. */
    private final class Epoch implements Iterator<Batch> {
        private final int[] order;
        private final int count = numBatches();
        private int next;
        private CompletableFuture<Batch> ahead;

        Epoch(int[] order) {
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: the epoch has " + count + " batches");
            Batch batch = ahead != null ? join(ahead) : load(next);
            next++;
            int upcoming = next;
            ahead = prefetch && hasNext() ? CompletableFuture.supplyAsync(() -> load(upcoming), PREFETCH) : null;
            return batch;
        }

        private Batch load(int batchIndex) {
            int from = batchIndex * batchSize;
            int to = Math.min(from + batchSize, order.length);
            return dataset.batch(Arrays.copyOfRange(order, from, to));
        }

        private Batch join(CompletableFuture<Batch> future) {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) throw cause;
                if (e.getCause() instanceof Error error) throw error;
                throw e;
            }
        }
    }

    /** Settings of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private boolean prefetch;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle every epoch, with permutations drawn from a generator seeded with {@code seed}. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Leave out the last batch when it would be smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Build the next batch on a background thread while the current one is used. */
        public Builder prefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
