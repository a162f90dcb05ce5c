package dev.tensorj.cpu;

import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.Tensor;

/**
 * FLOAT32 softmax and log-softmax along any axis for {@link CpuBackend}. Lines along the axis are
 * spread over the workers; each line takes three passes:
 * <pre>
 *   m = max_j x_j                       (vectorised when the line is contiguous; 0 if every x_j = -inf)
 *   s = sum_j exp(x_j - m)              (softmax stores each exp on the way; a contiguous line takes the
 *                                        Vector API's exp in float, summed in blocks ending in double, else
 *                                        Math.exp in double)
 *   softmax_j = exp(x_j - m) / s        log-softmax_j = x_j - m - log(s)
 * </pre>
 * Lines along the last axis are contiguous; other axes walk with their stride.
 */
final class CpuSoftmax {
    private CpuSoftmax() {
    }

    static void softmax(Tensor x, int axis, boolean log, Tensor out) {
        float[] xv = ((CpuStorage) x.storage()).floats(), ov = ((CpuStorage) out.storage()).floats();
        int length = x.size(axis), xStride = x.stride(axis), oStride = out.stride(axis);
        if (length == 0) return;
        StridedLoops.forEachRow(Math.max(1, StridedLoops.GRAIN / (8 * length)), (n, at, step) -> {
            for (int i = 0, po = at[0], px = at[1]; i < n; i++, po += step[0], px += step[1]) {
                line(xv, px, xStride, ov, po, oStride, length, log);
            }
        }, out.narrow(axis, 0, 1), x.narrow(axis, 0, 1));
    }

    private static void line(float[] x, int px, int sx, float[] o, int po, int so, int n, boolean log) {
        double max;
        if (sx == 1 && Simd.enabled() && n >= 16) {
            max = VectorKernels.extremum(true, x, px, n);
        } else {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0, p = px; j < n; j++, p += sx) m = Math.max(m, x[p]);
            max = m;
        }
        if (max == Double.NEGATIVE_INFINITY) max = 0; // all -inf: avoid (-inf) - (-inf)
        if (sx == 1 && so == 1 && Simd.enabled() && n >= 16 && !Double.isNaN(max) && max != Double.POSITIVE_INFINITY) {
            vectorLine(x, px, o, po, n, (float) max, log);
            return;
        }
        double sum = 0;
        if (log) {
            for (int j = 0, p = px; j < n; j++, p += sx) sum += Math.exp(x[p] - max);
            double shift = max + Math.log(sum);
            for (int j = 0, p = px, q = po; j < n; j++, p += sx, q += so) o[q] = (float) (x[p] - shift);
        } else {
            for (int j = 0, p = px, q = po; j < n; j++, p += sx, q += so) {
                double e = Math.exp(x[p] - max);
                sum += e;
                o[q] = (float) e;
            }
            double inverse = 1 / sum;
            for (int j = 0, q = po; j < n; j++, q += so) o[q] = (float) (o[q] * inverse);
        }
    }

    /**
     * A contiguous line on the Vector API: the exps in float (within an ulp of the double ones), summed in
     * blocks that end in double. softmax_j = e_j / s; log-softmax_j = x_j - (m + log s), in place of the
     * exps. Lines with a NaN or +inf maximum take the scalar path, which gives the reference's NaNs.
     */
    private static void vectorLine(float[] x, int px, float[] o, int po, int n, float max, boolean log) {
        if (log) {
            double sum = VectorKernels.expShifted(x, px, n, max, o, po, false);
            VectorKernels.scaleShift(x, px, n, 1f, (float) -(max + Math.log(sum)), o, po);
        } else {
            double sum = VectorKernels.expShifted(x, px, n, max, o, po, true);
            VectorKernels.scaleShift(o, po, n, (float) (1 / sum), 0f, o, po);
        }
    }
}
