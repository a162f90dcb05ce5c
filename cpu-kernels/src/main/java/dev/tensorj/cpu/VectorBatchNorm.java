package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link CpuBatchNorm} for one run of {@code length} contiguous values of a
 * channel. The plain loops add in double one element at a time, a chain of dependent additions that
 * runs at one element per add latency; here the sums go through float lanes in blocks like
 * {@link VectorKernels#sum} (error near a double sum's), and the elementwise passes run in float.
 */
final class VectorBatchNorm {
    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Elements per block of float lane sums before the block total moves to a double (as in VectorKernels). */
    private static final int BLOCK = 1024;

    private VectorBatchNorm() {
    }

    /** o = (x - mean) scale + shift, computed in float with the centring first (see CpuBatchNorm.forward). */
    static void normalize(float[] x, int xp, float[] o, int op, int length, float mean, float scale, float shift) {
        FloatVector m = FloatVector.broadcast(SPECIES, mean), s = FloatVector.broadcast(SPECIES, scale), b = FloatVector.broadcast(SPECIES, shift);
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xp + i).sub(m).fma(s, b).intoArray(o, op + i);
        }
        for (; i < length; i++) o[op + i] = Math.fma(x[xp + i] - mean, scale, shift);
    }

    /** sum of dy (index 0) and of dy (x - mean) (index 1) over one run, added into {@code sums}. */
    static void gradientSums(float[] dy, int dp, float[] x, int xp, int length, float mean, double[] sums) {
        FloatVector m = FloatVector.broadcast(SPECIES, mean);
        double sumDy = 0, sumDyCentred = 0;
        int i = 0, bound = SPECIES.loopBound(length);
        while (i < bound) {
            int blockEnd = Math.min(bound, i + BLOCK);
            FloatVector a = FloatVector.zero(SPECIES), b = FloatVector.zero(SPECIES);
            for (; i < blockEnd; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, dy, dp + i);
                a = a.add(d);
                b = d.fma(FloatVector.fromArray(SPECIES, x, xp + i).sub(m), b);
            }
            sumDy += Lanes.sum(a);
            sumDyCentred += Lanes.sum(b);
        }
        for (; i < length; i++) {
            float d = dy[dp + i];
            sumDy += d;
            sumDyCentred += d * (x[xp + i] - mean);
        }
        sums[0] += sumDy;
        sums[1] += sumDyCentred;
    }

    /** dx = factor (m dy - meanDy - x̂ meanDyXHat) with x̂ = (x - mean) invStd, in float. */
    static void inputGradient(float[] dy, int dp, float[] x, int xp, float[] dx, int op, int length,
                              float mean, float invStd, float factor, float count, float sumDy, float sumDyXHat) {
        FloatVector mu = FloatVector.broadcast(SPECIES, mean), inv = FloatVector.broadcast(SPECIES, invStd);
        FloatVector f = FloatVector.broadcast(SPECIES, factor), sdy = FloatVector.broadcast(SPECIES, sumDy), sdx = FloatVector.broadcast(SPECIES, sumDyXHat);
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            FloatVector xHat = FloatVector.fromArray(SPECIES, x, xp + i).sub(mu).mul(inv);
            FloatVector.fromArray(SPECIES, dy, dp + i).mul(count).sub(sdy).sub(xHat.mul(sdx)).mul(f).intoArray(dx, op + i);
        }
        for (; i < length; i++) {
            float xHat = (x[xp + i] - mean) * invStd;
            dx[op + i] = factor * (count * dy[dp + i] - sumDy - xHat * sumDyXHat);
        }
    }

    /** Rows added up in float lanes before the partial sums move to the double totals (as {@link #BLOCK} above). */
    private static final int ROW_BLOCK = 64;

    /**
     * The forward of channels [first, first + width) of a row-major [n, c] input (a Dense layer's output), vectors
     * across the channels: per-channel sums and squared deviations in float lanes, moved to double every
     * {@value #ROW_BLOCK} rows; the output in float, centred first, as {@link #normalize}. Writes mean and invStd.
     */
    static void forwardRows(float[] xs, int xo, int n, int c, float[] g, int go, float[] b, int bo, double eps,
                            float[] os, int oo, float[] mu, int mo, float[] inv, int io, int first, int width) {
        double[] totals = new double[width];
        float[] partial = new float[width], means = new float[width], scales = new float[width], shifts = new float[width];
        int bound = SPECIES.loopBound(width);
        for (int s0 = 0; s0 < n; s0 += ROW_BLOCK) {
            java.util.Arrays.fill(partial, 0f);
            for (int s = s0; s < Math.min(n, s0 + ROW_BLOCK); s++) {
                int row = xo + s * c + first, k = 0;
                for (; k < bound; k += LANES) {
                    FloatVector.fromArray(SPECIES, xs, row + k).add(FloatVector.fromArray(SPECIES, partial, k)).intoArray(partial, k);
                }
                for (; k < width; k++) partial[k] += xs[row + k];
            }
            for (int k = 0; k < width; k++) totals[k] += partial[k];
        }
        for (int k = 0; k < width; k++) means[k] = (float) (totals[k] / n);
        java.util.Arrays.fill(totals, 0);
        for (int s0 = 0; s0 < n; s0 += ROW_BLOCK) {
            java.util.Arrays.fill(partial, 0f);
            for (int s = s0; s < Math.min(n, s0 + ROW_BLOCK); s++) {
                int row = xo + s * c + first, k = 0;
                for (; k < bound; k += LANES) {
                    FloatVector d = FloatVector.fromArray(SPECIES, xs, row + k).sub(FloatVector.fromArray(SPECIES, means, k));
                    d.fma(d, FloatVector.fromArray(SPECIES, partial, k)).intoArray(partial, k);
                }
                for (; k < width; k++) {
                    float d = xs[row + k] - means[k];
                    partial[k] = Math.fma(d, d, partial[k]);
                }
            }
            for (int k = 0; k < width; k++) totals[k] += partial[k];
        }
        for (int k = 0; k < width; k++) {
            float invK = (float) (1 / Math.sqrt(totals[k] / n + eps));
            mu[mo + first + k] = means[k];
            inv[io + first + k] = invK;
            scales[k] = invK * g[go + first + k];
            shifts[k] = b[bo + first + k];
        }
        for (int s = 0; s < n; s++) {
            int in = xo + s * c + first, o = oo + s * c + first, k = 0;
            for (; k < bound; k += LANES) {
                FloatVector.fromArray(SPECIES, xs, in + k).sub(FloatVector.fromArray(SPECIES, means, k))
                        .fma(FloatVector.fromArray(SPECIES, scales, k), FloatVector.fromArray(SPECIES, shifts, k)).intoArray(os, o + k);
            }
            for (; k < width; k++) os[o + k] = Math.fma(xs[in + k] - means[k], scales[k], shifts[k]);
        }
    }

    /**
     * The backward of {@link #forwardRows} for channels [first, first + width): the sums of dy and of dy x̂ in float
     * lanes, moved to double every {@value #ROW_BLOCK} rows, then dx in float as {@link #inputGradient}.
     */
    static void backwardRows(float[] dy, int dyo, float[] xs, int xo, int n, int c, float[] g, int go, float[] mu, int mo,
                             float[] inv, int io, float[] dx, int dxo, float[] dg, int dgo, float[] db, int dbo, int first, int width) {
        double[] sumDy = new double[width], sumDyXHat = new double[width];
        float[] partialDy = new float[width], partialDyXHat = new float[width];
        float[] means = java.util.Arrays.copyOfRange(mu, mo + first, mo + first + width);
        float[] invs = java.util.Arrays.copyOfRange(inv, io + first, io + first + width);
        int bound = SPECIES.loopBound(width);
        for (int s0 = 0; s0 < n; s0 += ROW_BLOCK) {
            java.util.Arrays.fill(partialDy, 0f);
            java.util.Arrays.fill(partialDyXHat, 0f);
            for (int s = s0; s < Math.min(n, s0 + ROW_BLOCK); s++) {
                int d0 = dyo + s * c + first, x0 = xo + s * c + first, k = 0;
                for (; k < bound; k += LANES) {
                    FloatVector d = FloatVector.fromArray(SPECIES, dy, d0 + k);
                    FloatVector xHat = FloatVector.fromArray(SPECIES, xs, x0 + k).sub(FloatVector.fromArray(SPECIES, means, k))
                            .mul(FloatVector.fromArray(SPECIES, invs, k));
                    d.add(FloatVector.fromArray(SPECIES, partialDy, k)).intoArray(partialDy, k);
                    d.fma(xHat, FloatVector.fromArray(SPECIES, partialDyXHat, k)).intoArray(partialDyXHat, k);
                }
                for (; k < width; k++) {
                    float d = dy[d0 + k];
                    partialDy[k] += d;
                    partialDyXHat[k] = Math.fma(d, (xs[x0 + k] - means[k]) * invs[k], partialDyXHat[k]);
                }
            }
            for (int k = 0; k < width; k++) {
                sumDy[k] += partialDy[k];
                sumDyXHat[k] += partialDyXHat[k];
            }
        }
        float[] factors = new float[width], meanDy = new float[width], meanDyXHat = new float[width];
        for (int k = 0; k < width; k++) {
            db[dbo + first + k] = (float) sumDy[k];
            dg[dgo + first + k] = (float) sumDyXHat[k];
            factors[k] = g[go + first + k] * invs[k] / n;
            meanDy[k] = (float) sumDy[k];
            meanDyXHat[k] = (float) sumDyXHat[k];
        }
        float count = n;
        for (int s = 0; s < n; s++) {
            int d0 = dyo + s * c + first, x0 = xo + s * c + first, o = dxo + s * c + first, k = 0;
            for (; k < bound; k += LANES) {
                FloatVector xHat = FloatVector.fromArray(SPECIES, xs, x0 + k).sub(FloatVector.fromArray(SPECIES, means, k))
                        .mul(FloatVector.fromArray(SPECIES, invs, k));
                FloatVector.fromArray(SPECIES, dy, d0 + k).mul(count).sub(FloatVector.fromArray(SPECIES, meanDy, k))
                        .sub(xHat.mul(FloatVector.fromArray(SPECIES, meanDyXHat, k)))
                        .mul(FloatVector.fromArray(SPECIES, factors, k)).intoArray(dx, o + k);
            }
            for (; k < width; k++) {
                float xHat = (xs[x0 + k] - means[k]) * invs[k];
                dx[o + k] = factors[k] * (count * dy[d0 + k] - meanDy[k] - xHat * meanDyXHat[k]);
            }
        }
    }
}
