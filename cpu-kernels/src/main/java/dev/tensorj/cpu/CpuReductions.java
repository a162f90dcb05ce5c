package dev.tensorj.cpu;

import dev.tensorj.tensor.DType;

import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.Indexer;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;

/**
 * FLOAT32 reductions (sum, mean, max, min, prod, var over any axes) and argmax/argmin for
 * {@link CpuBackend}.
 *
 * <p>The axes of x split into <em>kept</em> axes (out's size there is x's) and <em>reduced</em> axes
 * (out's size is 1); each group is simplified on its own with {@link StridedLoops#simplify}. Two
 * loop orders then cover every case:
 * <ul>
 *   <li><b>runs</b> (reduced axes innermost in memory, e.g. the last axis, or all axes): each output
 *       folds its reduced elements, which lie in runs along the innermost reduced axis; contiguous
 *       runs go through {@link VectorKernels}. The reduced elements are cut into segments of
 *       {@link StridedLoops#CHUNK}, so one output (a full sum) still spreads over every thread; the
 *       segment results are then combined.</li>
 *   <li><b>columns</b> (a kept axis is innermost and contiguous, e.g. summing [B, N] over the batch
 *       for a bias gradient): for a block of neighbouring outputs, every reduced position adds a
 *       contiguous slice into a block of accumulators, so memory is read in order. A sum of rows up to
 *       {@link #REGISTER_SUM_MAX_WIDTH} wide keeps its accumulators in vector registers
 *       ({@link VectorKernels#columnSums}), with the same additions in the same order.</li>
 * </ul>
 * Sums accumulate in double (blocks of float lanes when vectorised), so they match the reference
 * (which sums in double) to about 1e-6 of sum |x|. VAR takes two passes, the mean then the mean of
 * squared deviations, exactly like the reference.
 */
final class CpuReductions {
    /** Outputs handled per unit of work in the columns loop order. */
    private static final int COLUMN_BLOCK = 512;
    /**
     * The widest rows whose column sums go through {@link VectorKernels#columnSums}: the LSTM's bias gradient [2560, 128]
     * ran 0.072 -> 0.050 ms that way (two threads, Zen 3, same-JVM A/B), a 1024 x 1024 matrix 0.15 -> 0.23 ms (16 columns
     * at a time read a new 4 KiB page in every row).
     */
    private static final int REGISTER_SUM_MAX_WIDTH = 256;

    private CpuReductions() {
    }

    /** What a pass folds: the plain op, or squared deviations from a known mean (VAR's second pass). */
    private enum Fold { SUM, MAX, MIN, PROD, SQUARED_DEVIATION }

    static void reduce(ReduceOp op, Tensor x, Tensor out) {
        int rank = x.rank();
        int[] xDims = x.dims(), xStrides = x.strides(), outDims = out.dims(), outStrides = out.strides();
        int keptCount = 0, reducedCount = 0;
        for (int i = 0; i < rank; i++) {
            if (outDims[i] != 1) keptCount++;
            else if (xDims[i] != 1) reducedCount++;
        }
        int[] keptDims = new int[keptCount], keptX = new int[keptCount], keptOut = new int[keptCount];
        int[] reducedDims = new int[reducedCount], reducedX = new int[reducedCount];
        for (int i = 0, k = 0, r = 0; i < rank; i++) {
            if (outDims[i] != 1) {
                keptDims[k] = xDims[i];
                keptX[k] = xStrides[i];
                keptOut[k++] = outStrides[i];
            } else if (xDims[i] != 1) {
                reducedDims[r] = xDims[i];
                reducedX[r++] = xStrides[i];
            }
        }
        StridedLoops.Layout kept = StridedLoops.simplify(keptDims, new int[][] {keptX, keptOut}, new int[] {x.offset(), out.offset()});
        StridedLoops.Layout reduced = StridedLoops.simplify(reducedDims, new int[][] {reducedX}, new int[] {0});
        int count = x.numel() / out.numel(); // elements folded into each output
        float[] xv = ((CpuStorage) x.storage()).floats(), ov = ((CpuStorage) out.storage()).floats();

        boolean columns = kept.rank() > 0 && kept.innerStride(0) == 1 && kept.innerLength() >= 8
                && reduced.rank() > 0 && reduced.innerStride(0) != 1;
        double[] result = columns ? Columns.reduce(op, xv, kept, reduced, count) : Runs.reduce(op, xv, kept, reduced, count);
        // both loop orders give results in row-major order over the kept axes, as out's positions are listed
        int[] outPositions = Indexer.positions(kept.dims(), kept.strides()[1], kept.offsets()[1]);
        for (int k = 0; k < outPositions.length; k++) ov[outPositions[k]] = (float) result[k];
    }

    private static Fold foldOf(ReduceOp op) {
        return switch (op) {
            case SUM, MEAN, VAR -> Fold.SUM;
            case MAX -> Fold.MAX;
            case MIN -> Fold.MIN;
            case PROD -> Fold.PROD;
        };
    }

    private static double identity(Fold fold) {
        return switch (fold) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case PROD -> 1;
            case SUM, SQUARED_DEVIATION -> 0;
        };
    }

    /** Combines two partial results; max and min let NaN win, as the reference does. */
    private static double combine(Fold fold, double acc, double v) {
        return switch (fold) {
            case SUM, SQUARED_DEVIATION -> acc + v;
            case MAX -> (v > acc || Double.isNaN(v)) ? v : acc;
            case MIN -> (v < acc || Double.isNaN(v)) ? v : acc;
            case PROD -> acc * v;
        };
    }

    /** Turns the folded totals into the op's values: divides by count for MEAN and VAR. */
    private static void finish(ReduceOp op, double[] totals, int count) {
        if (op == ReduceOp.MEAN || op == ReduceOp.VAR) {
            for (int k = 0; k < totals.length; k++) totals[k] /= count;
        }
    }

    /** The runs loop order: each output folds its reduced elements, segment by segment. */
    private static final class Runs {
        static double[] reduce(ReduceOp op, float[] x, StridedLoops.Layout kept, StridedLoops.Layout reduced, int count) {
            int[] bases = Indexer.positions(kept.dims(), kept.strides()[0], kept.offsets()[0]);
            int runLength = reduced.innerLength(), runStep = reduced.innerStride(0);
            int outerRank = Math.max(0, reduced.rank() - 1);
            int[] runStarts = Indexer.positions(Arrays.copyOf(reduced.dims(), outerRank), Arrays.copyOf(reduced.strides()[0], outerRank), 0);
            Runs runs = new Runs(x, bases, runStarts, runLength, runStep, count);
            double[] totals = runs.fold(foldOf(op), null);
            finish(op, totals, count);
            if (op != ReduceOp.VAR) return totals;
            double[] squared = runs.fold(Fold.SQUARED_DEVIATION, totals);
            finish(op, squared, count);
            return squared;
        }

        private final float[] x;
        private final int[] bases, runStarts;
        private final int runLength, runStep, count, segments;

        private Runs(float[] x, int[] bases, int[] runStarts, int runLength, int runStep, int count) {
            this.x = x;
            this.bases = bases;
            this.runStarts = runStarts;
            this.runLength = runLength;
            this.runStep = runStep;
            this.count = count;
            this.segments = Math.max(1, (count + StridedLoops.CHUNK - 1) / StridedLoops.CHUNK);
        }

        /** Folds every output (means are needed for SQUARED_DEVIATION only). */
        double[] fold(Fold fold, double[] means) {
            int outputs = bases.length;
            double[] partial = new double[outputs * segments];
            int segmentLength = Math.min(count, StridedLoops.CHUNK);
            int grain = Math.max(1, StridedLoops.GRAIN / Math.max(1, segmentLength));
            Parallel.forRange(partial.length, grain, (start, end) -> {
                for (int unit = start; unit < end; unit++) {
                    int output = unit / segments, segment = unit % segments;
                    double mean = means == null ? 0 : means[output];
                    partial[unit] = foldSegment(fold, bases[output], segment * StridedLoops.CHUNK,
                            Math.min(count, (segment + 1) * StridedLoops.CHUNK), mean);
                }
            });
            if (segments == 1) return partial;
            double[] totals = new double[outputs];
            for (int output = 0; output < outputs; output++) {
                double acc = identity(fold);
                for (int s = 0; s < segments; s++) acc = combine(fold, acc, partial[output * segments + s]);
                totals[output] = acc;
            }
            return totals;
        }

        /** Folds the reduced elements numbered [from, to) (row-major over the reduced axes) of one output. */
        private double foldSegment(Fold fold, int base, int from, int to, double mean) {
            double acc = identity(fold);
            for (int f = from; f < to; ) {
                int run = f / runLength, j = f % runLength;
                int length = Math.min(runLength - j, to - f);
                acc = combine(fold, acc, foldRun(fold, x, base + runStarts[run] + j * runStep, length, runStep, mean));
                f += length;
            }
            return acc;
        }
    }

    /** Folds n elements x[p], x[p + step], ...; vectorised when contiguous. */
    private static double foldRun(Fold fold, float[] x, int p, int n, int step, double mean) {
        if (step == 1 && Simd.enabled() && n >= 16) {
            switch (fold) {
                case SUM -> { return VectorKernels.sum(x, p, n); }
                case SQUARED_DEVIATION -> { return VectorKernels.sumSquaredDeviations(x, p, n, mean); }
                case MAX -> { return VectorKernels.extremum(true, x, p, n); }
                case MIN -> { return VectorKernels.extremum(false, x, p, n); }
                case PROD -> { }
            }
        }
        switch (fold) {
            case SUM -> {
                // four accumulators hide the latency of dependent double additions
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4, p += 4 * step) {
                    s0 += x[p];
                    s1 += x[p + step];
                    s2 += x[p + 2 * step];
                    s3 += x[p + 3 * step];
                }
                for (; i < n; i++, p += step) s0 += x[p];
                return (s0 + s1) + (s2 + s3);
            }
            case SQUARED_DEVIATION -> {
                double s = 0;
                for (int i = 0; i < n; i++, p += step) {
                    double d = x[p] - mean;
                    s += d * d;
                }
                return s;
            }
            default -> {
                double acc = identity(fold);
                for (int i = 0; i < n; i++, p += step) acc = combine(fold, acc, x[p]);
                return acc;
            }
        }
    }

    /** The columns loop order: blocks of outputs contiguous in x, each reduced position adding a slice. */
    private static final class Columns {
        static double[] reduce(ReduceOp op, float[] x, StridedLoops.Layout kept, StridedLoops.Layout reduced, int count) {
            int outerRank = kept.rank() - 1, width = kept.innerLength();
            int[] rowBases = Indexer.positions(Arrays.copyOf(kept.dims(), outerRank), Arrays.copyOf(kept.strides()[0], outerRank), kept.offsets()[0]);
            int[] reducedOffsets = Indexer.positions(reduced.dims(), reduced.strides()[0], 0);
            double[] totals = fold(foldOf(op), x, rowBases, width, reducedOffsets, null);
            finish(op, totals, count);
            if (op != ReduceOp.VAR) return totals;
            double[] squared = fold(Fold.SQUARED_DEVIATION, x, rowBases, width, reducedOffsets, totals);
            finish(op, squared, count);
            return squared;
        }

        /** Result k = output (row k / width, column k % width), matching out's row-major order over the kept axes. */
        private static double[] fold(Fold fold, float[] x, int[] rowBases, int width, int[] reducedOffsets, double[] means) {
            double[] totals = new double[rowBases.length * width];
            // Narrow rows of a sum (a bias gradient) take the vector kernel, which keeps a few columns' totals in
            // registers through all rows, in blocks of four such passes (each thread gets one of a [2560, 128] matrix).
            // Wider rows would then be read a few columns at a time, one page per row: the scalar loop reads them whole.
            boolean registers = fold == Fold.SUM && Simd.enabled() && width <= REGISTER_SUM_MAX_WIDTH;
            int block = registers ? 4 * VectorKernels.columnSumWidth() : COLUMN_BLOCK;
            int blocksPerRow = (width + block - 1) / block;
            int grain = Math.max(1, StridedLoops.GRAIN / (reducedOffsets.length * Math.min(width, block)));
            Parallel.forRange(rowBases.length * blocksPerRow, grain, (start, end) -> {
                for (int unit = start; unit < end; unit++) {
                    int row = unit / blocksPerRow;
                    int from = (unit % blocksPerRow) * block, to = Math.min(width, from + block);
                    int t = row * width;
                    if (registers) {
                        for (int step = VectorKernels.columnSumWidth(); from + step <= to; from += step) {
                            VectorKernels.columnSums(x, rowBases[row] + from, reducedOffsets, totals, t + from);
                        }
                        if (from == to) continue;
                    }
                    Arrays.fill(totals, t + from, t + to, identity(fold));
                    for (int offset : reducedOffsets) {
                        int p = rowBases[row] + offset;
                        switch (fold) {
                            case SUM -> {
                                for (int c = from; c < to; c++) totals[t + c] += x[p + c];
                            }
                            case SQUARED_DEVIATION -> {
                                for (int c = from; c < to; c++) {
                                    double d = x[p + c] - means[t + c];
                                    totals[t + c] += d * d;
                                }
                            }
                            default -> {
                                for (int c = from; c < to; c++) totals[t + c] = combine(fold, totals[t + c], x[p + c]);
                            }
                        }
                    }
                }
            });
            return totals;
        }
    }

    // ---- argmax / argmin ----

    /** Index of the first largest (or smallest) element along axis, per line; NaN counts as the extreme. */
    static void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        float[] xv = ((CpuStorage) x.storage()).floats();
        long[] ov = ((CpuStorage) out.storage()).longs();
        int length = x.size(axis), stride = x.stride(axis);
        StridedLoops.forEachRow(Math.max(1, StridedLoops.GRAIN / length), (n, at, step) -> {
            for (int i = 0, po = at[0], px = at[1]; i < n; i++, po += step[0], px += step[1]) {
                int best = 0;
                float bestValue = xv[px];
                for (int j = 1; j < length && !Float.isNaN(bestValue); j++) {
                    float v = xv[px + j * stride];
                    if (Float.isNaN(v) || (max ? v > bestValue : v < bestValue)) {
                        best = j;
                        bestValue = v;
                    }
                }
                ov[po] = best;
            }
        }, out, x.narrow(axis, 0, 1));
    }

    /** Whether this is the min or max of a whole contiguous INT64 tensor (the index range checks of gather, embedding...). */
    static boolean isWholeLongExtremum(ReduceOp op, Tensor x, Tensor out) {
        return (op == ReduceOp.MAX || op == ReduceOp.MIN) && x.dtype() == DType.INT64 && out.dtype() == DType.INT64
                && out.numel() == 1 && x.numel() > 0 && x.isContiguous();
    }

    /**
     * out = max (or min) of every element of a contiguous INT64 tensor: a share per thread, four
     * independent running extrema per share (min and max are exact in any order, so the result does not
     * depend on the split). Every scatter-add and gather checks its indices with two of these passes, and
     * one serial dependent chain over max pooling's 1.6 M indices cost as much as the scatter itself.
     */
    static void longExtremum(boolean max, Tensor x, Tensor out) {
        long[] v = ((CpuStorage) x.storage()).longs();
        int start = x.offset(), n = x.numel();
        int shares = (int) Math.max(1, Math.min(Parallel.threads(), n / (1L << 16)));
        long[] partial = new long[shares];
        Parallel.forRange(shares, 1, (first, last) -> {
            for (int share = first; share < last; share++) {
                int from = start + (int) ((long) n * share / shares), to = start + (int) ((long) n * (share + 1) / shares);
                partial[share] = extremum(max, v, from, to);
            }
        });
        long best = partial[0];
        for (long p : partial) best = max ? Math.max(best, p) : Math.min(best, p);
        ((CpuStorage) out.storage()).setLong(out.offset(), best);
    }

    /** The max (or min) of v[from, to): four running extrema, so that the next compare need not wait for the last. */
    private static long extremum(boolean max, long[] v, int from, int to) {
        long a = v[from], b = a, c = a, d = a;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            a = max ? Math.max(a, v[i]) : Math.min(a, v[i]);
            b = max ? Math.max(b, v[i + 1]) : Math.min(b, v[i + 1]);
            c = max ? Math.max(c, v[i + 2]) : Math.min(c, v[i + 2]);
            d = max ? Math.max(d, v[i + 3]) : Math.min(d, v[i + 3]);
        }
        for (; i < to; i++) a = max ? Math.max(a, v[i]) : Math.min(a, v[i]);
        return max ? Math.max(Math.max(a, b), Math.max(c, d)) : Math.min(Math.min(a, b), Math.min(c, d));
    }
}
