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
}
