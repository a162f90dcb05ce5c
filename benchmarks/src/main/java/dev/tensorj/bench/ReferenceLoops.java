package dev.tensorj.bench;

import dev.tensorj.cpu.Parallel;

/**
 * The plain Java loops the quick guard measures tensorj's kernels against: the obvious code, spread
 * over the same {@link Parallel} workers as the kernels, so that outside load slows both alike.
 */
final class ReferenceLoops {
    private ReferenceLoops() {
    }

    /** C = A·B for n×n row-major matrices: the textbook triple loop, a dot product per element. */
    static float[] matmul(float[] a, float[] b, int n) {
        float[] c = new float[n * n];
        Parallel.forRange(n, 1, (start, end) -> {
            for (int i = start; i < end; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0;
                    for (int q = 0; q < n; q++) sum += a[i * n + q] * b[q * n + j];
                    c[i * n + j] = sum;
                }
            }
        });
        return c;
    }

    static float[] add(float[] a, float[] b) {
        float[] c = new float[a.length];
        Parallel.forRange(a.length, 1 << 16, (start, end) -> {
            for (int i = start; i < end; i++) c[i] = a[i] + b[i];
        });
        return c;
    }

    /** The sum of each row of a matrix with {@code columns} columns. */
    static float[] sumRows(float[] x, int columns) {
        float[] sums = new float[x.length / columns];
        Parallel.forRange(sums.length, 16, (start, end) -> {
            for (int r = start; r < end; r++) {
                float sum = 0;
                for (int j = 0; j < columns; j++) sum += x[r * columns + j];
                sums[r] = sum;
            }
        });
        return sums;
    }

    /** Softmax of each row: exp(x - max) / sum(exp(x - max)). */
    static float[] softmaxRows(float[] x, int columns) {
        float[] out = new float[x.length];
        Parallel.forRange(x.length / columns, 16, (start, end) -> {
            for (int r = start; r < end; r++) {
                int base = r * columns;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < columns; j++) max = Math.max(max, x[base + j]);
                float sum = 0;
                for (int j = 0; j < columns; j++) {
                    out[base + j] = (float) Math.exp(x[base + j] - max);
                    sum += out[base + j];
                }
                float scale = 1 / sum;
                for (int j = 0; j < columns; j++) out[base + j] *= scale;
            }
        });
        return out;
    }
}
