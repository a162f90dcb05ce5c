package dev.tensorj.bench;

import java.util.Map;

/**
 * The speeds to beat, copied from /work/shared/ANCHORS.md as measured on 2026-11-22 (2-core AMD EPYC
 * Zen 3, AVX2 + FMA; PyTorch 1.13.1 with OpenBLAS 0.3.21, medians, quiet windows). Update this class
 * when that file changes. These are absolute figures from another run: compare with care, and prefer
 * the fractions of the peak measured in the same run.
 */
public final class Anchors {
    /** FP32 FMA peak of one core, GFLOP/s (32 FLOP/cycle at ≈ 3.1 GHz). */
    public static final double FMA_PEAK_1_THREAD = 100;
    /** FP32 FMA peak of two cores, GFLOP/s (the file gives ≈ 195–200). */
    public static final double FMA_PEAK_2_THREADS = 197.5;
    /** Stream triad bandwidth with two threads, GB/s. */
    public static final double TRIAD_2_THREADS = 25;
    /** Linear 25088→208 at batch 64, two threads: forward ms and forward + backward ms. */
    public static final double LINEAR_FORWARD_MS = 4.9, LINEAR_FORWARD_BACKWARD_MS = 15.1;

    /** SGEMM through torch.mm (OpenBLAS), GFLOP/s: N → {1 thread, 2 threads}. */
    private static final Map<Integer, double[]> SGEMM = Map.of(
            128, new double[] {76, 127},
            256, new double[] {87, 161},
            512, new double[] {91, 179},
            1024, new double[] {92, 181},
            2048, new double[] {94, 186});

    private Anchors() {
    }

    /** OpenBLAS SGEMM GFLOP/s for a square N on 1 or 2 threads, or NaN where the file has no figure. */
    public static double sgemm(int n, int threads) {
        double[] row = SGEMM.get(n);
        return row == null || threads < 1 || threads > 2 ? Double.NaN : row[threads - 1];
    }

    /** FMA peak GFLOP/s for 1 or 2 threads, or NaN. */
    public static double fmaPeak(int threads) {
        return threads == 1 ? FMA_PEAK_1_THREAD : threads == 2 ? FMA_PEAK_2_THREADS : Double.NaN;
    }

    /**
     * PyTorch's time for one product of the linear layer on two threads, ms: the forward figure for
     * X·W, and for each of the two gradient products half of (forward + backward − forward). Layer
     * times include the bias and allocation, so these slightly flatter the matmul itself.
     */
    public static double linearProductMs(String product) {
        return product.equals("linear-fwd") ? LINEAR_FORWARD_MS : (LINEAR_FORWARD_BACKWARD_MS - LINEAR_FORWARD_MS) / 2;
    }
}
