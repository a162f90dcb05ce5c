package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The CPU's random fills (reserved stretches of the sequence, filled on every thread) give bit for bit the reference's values for the same seed. */
class RandomFillConformanceTest {

    @Test
    void bernoulliAndUniformMatchTheReferenceExactly() {
        for (int n : new int[] {1, 4095, 4096, 10_001}) {
            Tensor cpu = Tensor.zeros(n), ref = Tensor.zeros(n);
            CpuBackend.INSTANCE.fillBernoulli(cpu, 0.3, new Generator(n));
            ReferenceBackend.INSTANCE.fillBernoulli(ref, 0.3, new Generator(n));
            assertArrayEquals(ref.toFloatArray(), cpu.toFloatArray(), "bernoulli " + n);
            CpuBackend.INSTANCE.fillUniform(cpu, -2, 5, new Generator(n + 1));
            ReferenceBackend.INSTANCE.fillUniform(ref, -2, 5, new Generator(n + 1));
            assertArrayEquals(ref.toFloatArray(), cpu.toFloatArray(), "uniform " + n);
        }
        // probabilities at the edges and ones whose p 2^53 is not an integer; a tensor large enough to be split over
        // threads, at an offset in its storage; and the generators must go on in step after the fill
        for (double p : new double[] {0, 1, 0.5, 1.0 / 3, 0.1, 1e-17, 1 - 1e-16}) {
            Generator fast = new Generator(77), slow = new Generator(77);
            Tensor cpu = Tensor.zeros(2, 100_003).select(0, 1), ref = Tensor.zeros(100_003);
            CpuBackend.INSTANCE.fillBernoulli(cpu, p, fast);
            ReferenceBackend.INSTANCE.fillBernoulli(ref, p, slow);
            assertArrayEquals(ref.toFloatArray(), cpu.toFloatArray(), "bernoulli p = " + p);
            org.junit.jupiter.api.Assertions.assertEquals(slow.nextLong(), fast.nextLong(), "the generator after the fill, p = " + p);
        }
        Tensor view = Tensor.zeros(30, 40).narrow(1, 5, 10), viewRef = Tensor.zeros(30, 10);
        CpuBackend.INSTANCE.fillBernoulli(view, 0.5, new Generator(9));
        ReferenceBackend.INSTANCE.fillBernoulli(viewRef, 0.5, new Generator(9));
        assertArrayEquals(viewRef.toFloatArray(), view.contiguous().toFloatArray(), "strided target");
    }
}
