package dev.tensorj.bench;

import java.util.Map;

/**
 * The speeds to beat, PyTorch 1.13.1 with OpenBLAS 0.3.21 as measured on 2026-11-22 on a 2-core AMD EPYC
 * Zen 3 (AVX2 + FMA; medians, quiet windows; docs/performance.md has the full table). These are absolute
 * figures from another run: compare with care, and prefer the fractions of the peak measured in the same
 * run, or PyTorch run beside us (benchmarks/pytorch).
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

    /** Framework overhead: Linear 4→4, batch 1, forward + backward + SGD step (µs). */
    static final double TINY_LINEAR_STEP_US = 125;
    /** MLP 784-512-10, RMSprop, batch 128: seconds per Fashion-MNIST epoch (469 steps). */
    static final double MLP_EPOCH_S = 1.5;
    /** C1 at batch 64: seconds per epoch (the DataLoader target is 5 % of it). */
    static final double C1_EPOCH_S = 5.3;
    /** One DCGAN training step on MNIST at batch 256 (TensorFlow tutorial architecture), PyTorch, ms. */
    static final double DCGAN_STEP_MS = 1220;

    /** PyTorch seconds per training epoch on the 60,000 images (the anchors, docs/performance.md), by TrainingStepBenchmark's model names. */
    static double epochSeconds(String model) {
        return switch (model) {
            case "mlp-128" -> 1.5;
            case "c1-64" -> C1_EPOCH_S;
            case "c1-1000" -> 4.6;
            case "c2-64" -> 403;
            case "c2-1000" -> 609;
            case "autoencoder-1000" -> 231;
            default -> Double.NaN;
        };
    }

    /** The per-layer rows (batch 64): forward or forward + backward milliseconds. */
    static double layerMs(String layer, boolean forwardOnly) {
        double[] fwdAndBoth = switch (layer) {
            case "conv1to6" -> new double[] {0.33, 1.60};
            case "conv6to10" -> new double[] {0.22, 0.94};
            case "conv1to112" -> new double[] {24.5, 45.4};
            case "conv112to64" -> new double[] {39.0, 164.4};
            case "conv64to128" -> new double[] {51.1, 144.0};
            case "maxpool128" -> new double[] {17.4, 20.7};
            case "batchnorm112" -> new double[] {7.5, 11.6};
            case "linear25088" -> new double[] {4.9, 15.1};
            case "embeddingLstm" -> new double[] {3.0, 14.9};
            default -> new double[] {Double.NaN, Double.NaN};
        };
        return forwardOnly ? fwdAndBoth[0] : fwdAndBoth[1];
    }
}
