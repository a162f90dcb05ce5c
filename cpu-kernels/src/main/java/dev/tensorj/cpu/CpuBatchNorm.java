package dev.tensorj.cpu;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * FLOAT32 batch norm on contiguous [N, C, ...] tensors, parallel over channels: each channel's
 * elements are N runs of {@code inner} contiguous values (inner = H W, or 1 for [N, C]). Sums are
 * accumulated in double. Same math as the reference backend.
 */
final class CpuBatchNorm {
    /**
     * The shortest run (H W) of a channel that takes the vector loops: 16 floats, one 512-bit vector. The 7x7 maps of the
     * DCGAN generator (49 values a run): batch norm + LeakyReLU on [256, 128, 7, 7] 4.52 → 2.38 ms forward, 10.8 → 9.3 ms
     * forward + backward with 16 instead of 64 (same-JVM A/B).
     */
    static final int VECTOR_MIN_RUN = 16;

    private CpuBatchNorm() {
    }

    static void forward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        int n = x.size(0), c = x.size(1), inner = x.numel() / Math.max(1, n * c), m = n * inner;
        float[] xs = floats(x), os = floats(out), g = floats(gamma), b = floats(beta), mu = floats(mean), inv = floats(invStd);
        int xo = x.offset(), oo = out.offset(), go = gamma.offset(), bo = beta.offset(), mo = mean.offset(), io = invStd.offset();
        if (inner == 1) {
            forwardRows(xs, xo, n, c, g, go, b, bo, eps, os, oo, mu, mo, inv, io);
            return;
        }
        boolean vector = Simd.enabled() && inner >= VECTOR_MIN_RUN;
        Parallel.forRange(c, Math.max(1, 65536 / Math.max(1, m)), (first, last) -> {
            for (int k = first; k < last; k++) {
                double sum = 0;
                for (int s = 0; s < n; s++) {
                    int base = xo + (s * c + k) * inner;
                    if (vector) {
                        sum += VectorKernels.sum(xs, base, inner);
                    } else {
                        for (int j = 0; j < inner; j++) sum += xs[base + j];
                    }
                }
                double average = sum / m, squares = 0;
                for (int s = 0; s < n; s++) {
                    int base = xo + (s * c + k) * inner;
                    if (vector) {
                        squares += VectorKernels.sumSquaredDeviations(xs, base, inner, average);
                        continue;
                    }
                    for (int j = 0; j < inner; j++) {
                        double d = xs[base + j] - average;
                        squares += d * d;
                    }
                }
                float meanK = (float) average, invK = (float) (1 / Math.sqrt(squares / m + eps));
                mu[mo + k] = meanK;
                inv[io + k] = invK;
                // y = (x - mean) scale + beta, centred first: folding it into x scale + (beta - mean scale)
                // cancels catastrophically when |mean| >> std (seen against PyTorch in ResNet18's layer4)
                double scale = (double) invK * g[go + k], shift = b[bo + k];
                for (int s = 0; s < n; s++) {
                    int base = (s * c + k) * inner;
                    if (vector) {
                        VectorBatchNorm.normalize(xs, xo + base, os, oo + base, inner, (float) average, (float) scale, (float) shift);
                        continue;
                    }
                    for (int j = 0; j < inner; j++) os[oo + base + j] = (float) ((xs[xo + base + j] - average) * scale + shift);
                }
            }
        });
    }

    static void backward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd,
                         Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        int n = x.size(0), c = x.size(1), inner = x.numel() / Math.max(1, n * c), m = n * inner;
        float[] dy = floats(gradOut), xs = floats(x), g = floats(gamma), mu = floats(mean), inv = floats(invStd);
        float[] dx = floats(gradInput), dg = floats(gradGamma), db = floats(gradBeta);
        int dyo = gradOut.offset(), xo = x.offset(), go = gamma.offset(), mo = mean.offset(), io = invStd.offset();
        int dxo = gradInput.offset(), dgo = gradGamma.offset(), dbo = gradBeta.offset();
        if (inner == 1) {
            backwardRows(dy, dyo, xs, xo, n, c, g, go, mu, mo, inv, io, dx, dxo, dg, dgo, db, dbo);
            return;
        }
        boolean vector = Simd.enabled() && inner >= VECTOR_MIN_RUN;
        Parallel.forRange(c, Math.max(1, 65536 / Math.max(1, m)), (first, last) -> {
            double[] sums = new double[2];
            for (int k = first; k < last; k++) {
                float meanK = mu[mo + k], invK = inv[io + k];
                double sumDy = 0, sumDyXHat = 0;
                if (vector) {
                    sums[0] = sums[1] = 0;
                    for (int s = 0; s < n; s++) {
                        int base = (s * c + k) * inner;
                        VectorBatchNorm.gradientSums(dy, dyo + base, xs, xo + base, inner, meanK, sums);
                    }
                    sumDy = sums[0];
                    sumDyXHat = sums[1] * invK;
                }
                for (int s = 0; s < n && !vector; s++) {
                    int base = (s * c + k) * inner;
                    for (int j = 0; j < inner; j++) {
                        float d = dy[dyo + base + j];
                        sumDy += d;
                        sumDyXHat += d * (xs[xo + base + j] - meanK) * invK;
                    }
                }
                db[dbo + k] = (float) sumDy;
                dg[dgo + k] = (float) sumDyXHat;
                // dx = gamma invStd / M (M dy - sum dy - x̂ sum(dy x̂))
                float factor = g[go + k] * invK / m, meanDy = (float) sumDy, meanDyXHat = (float) sumDyXHat;
                for (int s = 0; s < n; s++) {
                    int base = (s * c + k) * inner;
                    if (vector) {
                        VectorBatchNorm.inputGradient(dy, dyo + base, xs, xo + base, dx, dxo + base, inner, meanK, invK, factor, m, meanDy, meanDyXHat);
                        continue;
                    }
                    for (int j = 0; j < inner; j++) {
                        float xHat = (xs[xo + base + j] - meanK) * invK;
                        dx[dxo + base + j] = factor * (m * dy[dyo + base + j] - meanDy - xHat * meanDyXHat);
                    }
                }
            }
        });
    }

    /*
     * [N, C] input (a Dense layer's output, e.g. the DCGAN generator's [256, 12544]): the same sums in the same order
     * as the loops above, with the loops turned round. Above, each channel walks its N values at a stride of C floats
     * (12,544 apart: a cache and TLB miss each); here each thread takes a block of channels and walks the rows, so
     * every read is contiguous. The results are bit for bit those of the per-channel loops.
     */
    private static void forwardRows(float[] xs, int xo, int n, int c, float[] g, int go, float[] b, int bo, double eps,
                                    float[] os, int oo, float[] mu, int mo, float[] inv, int io) {
        int block = blockChannels(n, 1);
        boolean vector = Simd.enabled();
        Parallel.forRange(c, Math.max(1, 65536 / Math.max(1, n)), (from, to) -> {
            for (int first = from; first < to; first += block) {
                int last = Math.min(to, first + block);
                if (vector) {
                    VectorBatchNorm.forwardRows(xs, xo, n, c, g, go, b, bo, eps, os, oo, mu, mo, inv, io, first, last - first);
                } else {
                    forwardBlock(xs, xo, n, c, g, go, b, bo, eps, os, oo, mu, mo, inv, io, first, last);
                }
            }
        });
    }

    /**
     * Channels per block of the row-wise loops: n rows of them in {@code arrays} inputs fill about 512 KiB, so that the
     * later passes over a block (deviations, then the output) read it from L2, not from memory (the DCGAN generator's
     * batch norm + LeakyReLU on [256, 12544]: 5.77 → 5.39 ms forward, same-JVM A/B). A multiple of 16 (whole cache
     * lines). With SIMD each block then runs {@link VectorBatchNorm#forwardRows} / {@link VectorBatchNorm#backwardRows}
     * (vectors across the channels, float lanes as the per-channel vector loops use): 5.48 → 3.40 ms forward, 20.3 →
     * 14.4 ms forward + backward.
     */
    private static int blockChannels(int n, int arrays) {
        return Math.max(16, L2_FLOATS / arrays / Math.max(1, n) / 16 * 16);
    }

    private static final int L2_FLOATS = 1 << 17;

    /** The row-wise forward of channels [first, last). */
    private static void forwardBlock(float[] xs, int xo, int n, int c, float[] g, int go, float[] b, int bo, double eps,
                                     float[] os, int oo, float[] mu, int mo, float[] inv, int io, int first, int last) {
        int width = last - first;
        double[] sums = new double[width], squares = new double[width], scales = new double[width], shifts = new double[width];
        for (int s = 0; s < n; s++) {
            int row = xo + s * c + first;
            for (int k = 0; k < width; k++) sums[k] += xs[row + k];
        }
        for (int k = 0; k < width; k++) sums[k] /= n; // now the averages
        for (int s = 0; s < n; s++) {
            int row = xo + s * c + first;
            for (int k = 0; k < width; k++) {
                double d = xs[row + k] - sums[k];
                squares[k] += d * d;
            }
        }
        for (int k = 0; k < width; k++) {
            float invK = (float) (1 / Math.sqrt(squares[k] / n + eps));
            mu[mo + first + k] = (float) sums[k];
            inv[io + first + k] = invK;
            scales[k] = (double) invK * g[go + first + k];
            shifts[k] = b[bo + first + k];
        }
        for (int s = 0; s < n; s++) {
            int in = xo + s * c + first, o = oo + s * c + first;
            for (int k = 0; k < width; k++) os[o + k] = (float) ((xs[in + k] - sums[k]) * scales[k] + shifts[k]);
        }
    }

    /** The backward of {@link #forwardRows}: the per-channel loops' arithmetic, rows outermost. */
    private static void backwardRows(float[] dy, int dyo, float[] xs, int xo, int n, int c, float[] g, int go, float[] mu, int mo,
                                     float[] inv, int io, float[] dx, int dxo, float[] dg, int dgo, float[] db, int dbo) {
        int block = blockChannels(n, 2); // dy and x
        boolean vector = Simd.enabled();
        Parallel.forRange(c, Math.max(1, 65536 / Math.max(1, n)), (from, to) -> {
            for (int first = from; first < to; first += block) {
                int last = Math.min(to, first + block);
                if (vector) {
                    VectorBatchNorm.backwardRows(dy, dyo, xs, xo, n, c, g, go, mu, mo, inv, io, dx, dxo, dg, dgo, db, dbo, first, last - first);
                } else {
                    backwardBlock(dy, dyo, xs, xo, n, c, g, go, mu, mo, inv, io, dx, dxo, dg, dgo, db, dbo, first, last);
                }
            }
        });
    }

    /** The row-wise backward of channels [first, last). */
    private static void backwardBlock(float[] dy, int dyo, float[] xs, int xo, int n, int c, float[] g, int go, float[] mu, int mo,
                                      float[] inv, int io, float[] dx, int dxo, float[] dg, int dgo, float[] db, int dbo, int first, int last) {
        int width = last - first;
        double[] sumDy = new double[width], sumDyXHat = new double[width];
        for (int s = 0; s < n; s++) {
            int d0 = dyo + s * c + first, x0 = xo + s * c + first;
            for (int k = 0; k < width; k++) {
                float d = dy[d0 + k];
                sumDy[k] += d;
                sumDyXHat[k] += d * (xs[x0 + k] - mu[mo + first + k]) * inv[io + first + k];
            }
        }
        float[] factors = new float[width], meanDy = new float[width], meanDyXHat = new float[width];
        for (int k = 0; k < width; k++) {
            db[dbo + first + k] = (float) sumDy[k];
            dg[dgo + first + k] = (float) sumDyXHat[k];
            factors[k] = g[go + first + k] * inv[io + first + k] / n;
            meanDy[k] = (float) sumDy[k];
            meanDyXHat[k] = (float) sumDyXHat[k];
        }
        for (int s = 0; s < n; s++) {
            int d0 = dyo + s * c + first, x0 = xo + s * c + first, o = dxo + s * c + first;
            for (int k = 0; k < width; k++) {
                float xHat = (xs[x0 + k] - mu[mo + first + k]) * inv[io + first + k];
                dx[o + k] = factors[k] * (n * dy[d0 + k] - meanDy[k] - xHat * meanDyXHat[k]);
            }
        }
    }
}
