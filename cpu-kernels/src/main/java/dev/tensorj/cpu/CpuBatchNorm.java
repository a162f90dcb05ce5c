package dev.tensorj.cpu;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * FLOAT32 batch norm on contiguous [N, C, ...] tensors, parallel over channels: each channel's
 * elements are N runs of {@code inner} contiguous values (inner = H W, or 1 for [N, C]). Sums are
 * accumulated in double. Same math as the reference backend.
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {
    }

    static void forward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        int n = x.size(0), c = x.size(1), inner = x.numel() / Math.max(1, n * c), m = n * inner;
        float[] xs = floats(x), os = floats(out), g = floats(gamma), b = floats(beta), mu = floats(mean), inv = floats(invStd);
        int xo = x.offset(), oo = out.offset(), go = gamma.offset(), bo = beta.offset(), mo = mean.offset(), io = invStd.offset();
        boolean vector = Simd.enabled() && inner >= 64;
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
        boolean vector = Simd.enabled() && inner >= 64;
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
}
