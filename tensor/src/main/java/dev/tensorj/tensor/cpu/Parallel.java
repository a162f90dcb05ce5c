package dev.tensorj.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The worker threads of the fast CPU kernels. Defaults to all cores; set {@code -Dtensorj.threads=N}
 * or call {@link #setThreads}. Work is split into contiguous ranges, never smaller than a grain, so
 * small tensors stay on the calling thread.
 */
public final class Parallel {
    private static volatile ForkJoinPool pool = newPool(Integer.getInteger("tensorj.threads", Runtime.getRuntime().availableProcessors()));

    private Parallel() {
    }

    private static ForkJoinPool newPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("Parallel: threads must be >= 1, got " + threads);
        return new ForkJoinPool(threads);
    }

    public static int threads() {
        return pool.getParallelism();
    }

    /** Changes the number of worker threads used by all CPU kernels. */
    public static synchronized void setThreads(int threads) {
        if (threads == pool.getParallelism()) return;
        ForkJoinPool old = pool;
        pool = newPool(threads);
        old.shutdown();
    }

    /** A body that handles the index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} ranges of at least {@code grain}
     * indices each; returns when all are done.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int threads = pool.getParallelism();
        int tasks = (int) Math.min(threads, Math.max(1, (long) n / Math.max(1, grain)));
        if (tasks <= 1 || java.util.concurrent.ForkJoinTask.getPool() == pool) {
            if (n > 0) body.run(0, n);
            return;
        }
        pool.invoke(new RangeTask(body, 0, n, tasks));
    }

    /** Runs body for each index in [0, n), spread over the workers. */
    public static void forEach(int n, IntConsumer body) {
        forRange(n, 1, (start, end) -> {
            for (int i = start; i < end; i++) body.accept(i);
        });
    }

    private static final class RangeTask extends RecursiveAction {
        private final RangeBody body;
        private final int start, end, pieces;

        RangeTask(RangeBody body, int start, int end, int pieces) {
            this.body = body;
            this.start = start;
            this.end = end;
            this.pieces = pieces;
        }

        @Override
        protected void compute() {
            if (pieces <= 1) {
                body.run(start, end);
                return;
            }
            int leftPieces = pieces / 2;
            int middle = start + (int) ((long) (end - start) * leftPieces / pieces);
            invokeAll(new RangeTask(body, start, middle, leftPieces), new RangeTask(body, middle, end, pieces - leftPieces));
        }
    }
}
