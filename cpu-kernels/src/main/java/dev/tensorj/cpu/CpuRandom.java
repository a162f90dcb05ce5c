package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * FLOAT32 random fills of contiguous tensors. The values and their order are the reference backend's, so a
 * seed gives the same tensor on either backend; but the generator's numbers are taken as one reserved stretch
 * ({@link Generator#reserve}), whose draw i is known without the ones before it, so the fill runs on every
 * worker thread without a lock. A dropout mask of 3.2 M floats took about 15 ms drawn one locked block at a
 * time on one thread.
 */
final class CpuRandom {
    /** Elements per unit of parallel work (a draw is a dozen integer operations). */
    private static final int GRAIN = 1 << 14;

    private CpuRandom() {
    }

    /**
     * 1 where the draw's double u = (bits &gt;&gt;&gt; 11) 2^-53 is below p, else 0, as the reference's
     * {@code nextDouble() < p}: compared as integers, k = bits &gt;&gt;&gt; 11 &lt; ceil(p 2^53) (p 2^53 is exact, and
     * k &lt; t holds for an integer k exactly when k &lt; ceil(t)), and turned into 1 or 0 by the sign of k - T
     * rather than by a branch that random data would mispredict half of the time.
     */
    static void bernoulli(Tensor out, double p, Generator generator) {
        float[] o = floats(out);
        int n = out.numel(), base = out.offset();
        long threshold = (long) Math.ceil(p * 0x1.0p53), start = generator.reserve(n);
        Parallel.forRange(n, GRAIN, (first, end) -> {
            for (int i = first; i < end; i++) o[base + i] = (float) (((Generator.drawAt(start, i) >>> 11) - threshold) >>> 63);
        });
    }

    static void uniform(Tensor out, double low, double high, Generator generator) {
        float[] o = floats(out);
        int n = out.numel(), base = out.offset();
        long start = generator.reserve(n);
        Parallel.forRange(n, GRAIN, (first, end) -> {
            for (int i = first; i < end; i++) o[base + i] = (float) (low + (high - low) * ((Generator.drawAt(start, i) >>> 11) * 0x1.0p-53));
        });
    }
}
