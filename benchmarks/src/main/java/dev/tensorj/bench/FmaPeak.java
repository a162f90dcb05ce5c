package dev.tensorj.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's own limits, measured in the same run as the kernels: the FP32 fused-multiply-add
 * peak (independent {@code acc = acc * a + b} chains, enough of them to hide the FMA latency) and the
 * memory bandwidth of a stream triad {@code x[i] = y[i] + s * z[i]}. the anchors reads ≈ 100 GFLOP/s
 * per core and ≈ 25 GB/s on a quiet machine; a low peak means the figures of this run are disturbed.
 */
public final class FmaPeak {
    /** FMA loop trips per call of {@link #fmaLoop}. */
    public static final int TRIPS = 1 << 16;
    /** Independent accumulators: two FMA pipes × four cycles of latency, with room to spare. */
    private static final int CHAINS = 10;
    private static volatile float sink;
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private FmaPeak() {
    }

    /** Floating-point operations done by one call of {@link #fmaLoop} (one FMA counts as two). */
    public static double flopsPerLoop() {
        return 2.0 * TRIPS * CHAINS * lanes();
    }

    /** Vector lanes per chain: the preferred FloatVector width, or 8 on the plain-Java path. */
    public static int lanes() {
        return VECTOR_API ? VectorFma.SPECIES.length() : 8;
    }

    public static String path() {
        return VECTOR_API ? "FloatVector " + VectorFma.SPECIES.vectorBitSize() + "-bit" : "plain Java (no jdk.incubator.vector)";
    }

    /** {@link #TRIPS} rounds of FMA on every chain; returns a value the caller must consume. */
    public static float fmaLoop() {
        return VECTOR_API ? VectorFma.loop() : plainLoop();
    }

    /**
     * The path without the incubator module. C2 does not vectorise it, so it reads far under the peak
     * (≈ 6 GFLOP/s per core measured here): a lower bound that keeps the runner working, not a peak.
     */
    private static float plainLoop() {
        float[] acc = new float[CHAINS * 8];
        java.util.Arrays.fill(acc, 1f);
        float a = 0.999999f, b = 1e-6f;
        for (int t = 0; t < TRIPS; t++) {
            for (int j = 0; j < acc.length; j++) acc[j] = Math.fma(acc[j], a, b);
        }
        float sum = 0;
        for (float v : acc) sum += v;
        return sum;
    }

    /** Kept in its own class so that FmaPeak loads without the incubator module. */
    private static final class VectorFma {
        // The kernels' shape (CpuBackend.vectorBits(): 512 bits with AVX-512, else 256): the peak they can reach,
        // and no second shape in a JVM that then runs the kernels (mixed shapes stop C2 intrinsifying them).
        static final VectorSpecies<Float> SPECIES = dev.tensorj.cpu.CpuBackend.vectorBits() == 512
                ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;

        static float loop() {
            FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f), b = FloatVector.broadcast(SPECIES, 1e-6f);
            FloatVector c0 = FloatVector.broadcast(SPECIES, 1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0,
                    c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
            for (int t = 0; t < TRIPS; t++) {
                c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b); c4 = c4.fma(a, b);
                c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b); c8 = c8.fma(a, b); c9 = c9.fma(a, b);
            }
            return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        }
    }

    /** Stream triad x[i] = y[i] + s * z[i] over [from, to); moves 12 bytes per element. */
    public static void triad(float[] x, float[] y, float[] z, float s, int from, int to) {
        for (int i = from; i < to; i++) x[i] = y[i] + s * z[i];
    }

    /** Bytes a triad over n floats moves by the STREAM convention (two reads, one write). */
    public static double triadBytes(int n) {
        return 12.0 * n;
    }

    /** FMA throughput in GFLOP/s with {@code threads} threads each running the loop: the best of a few samples. */
    public static double measureFmaGflops(int threads, double seconds) {
        return runOnThreads(threads, seconds, thread -> {
            sink += fmaLoop(); // consumed, so the JIT cannot drop the loop
            return flopsPerLoop();
        }) / 1e9;
    }

    /** Work done by one step on one thread, in flops or bytes. */
    private interface Step {
        double run(int thread);
    }

    /** Runs step on every thread concurrently for about {@code seconds}; returns the best work-per-second of 5 samples. */
    private static double runOnThreads(int threads, double seconds, Step step) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int sample = 0; sample < 5; sample++) {
                long deadline = System.nanoTime() + (long) (seconds / 5 * 1e9);
                List<Callable<Double>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    tasks.add(() -> {
                        double work = 0;
                        do work += step.run(thread); while (System.nanoTime() < deadline);
                        return work;
                    });
                }
                long start = System.nanoTime();
                double work = 0;
                for (Future<Double> f : pool.invokeAll(tasks)) work += f.get();
                best = Math.max(best, work / ((System.nanoTime() - start) / 1e9));
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("FmaPeak: interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("FmaPeak: a measuring thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
