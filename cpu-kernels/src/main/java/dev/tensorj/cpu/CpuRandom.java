package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * FLOAT32 random fills of contiguous tensors, drawing the generator's numbers in blocks instead of one
 * locked call per element. The values and their order are the reference backend's, so a seed gives
 * the same tensor on either backend.
 */
final class CpuRandom {
    private static final int BLOCK = 4096;

    /** The element made from one uniform draw u in [0, 1). */
    private interface FromUniform {
        float value(double u);
    }

    private CpuRandom() {
    }

    static void bernoulli(Tensor out, double p, Generator generator) {
        fill(out, generator, u -> u < p ? 1f : 0f);
    }

    static void uniform(Tensor out, double low, double high, Generator generator) {
        fill(out, generator, u -> (float) (low + (high - low) * u));
    }

    private static void fill(Tensor out, Generator generator, FromUniform element) {
        float[] o = floats(out);
        double[] u = new double[BLOCK];
        for (int start = 0, n = out.numel(); start < n; start += BLOCK) {
            int count = Math.min(BLOCK, n - start), base = out.offset() + start;
            generator.nextDoubles(u, count);
            for (int i = 0; i < count; i++) o[base + i] = element.value(u[i]);
        }
    }
}
