package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The CPU's block-drawn random fills give bit for bit the reference's values for the same seed. */
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
        Tensor view = Tensor.zeros(30, 40).narrow(1, 5, 10), viewRef = Tensor.zeros(30, 10);
        CpuBackend.INSTANCE.fillBernoulli(view, 0.5, new Generator(9));
        ReferenceBackend.INSTANCE.fillBernoulli(viewRef, 0.5, new Generator(9));
        assertArrayEquals(viewRef.toFloatArray(), view.contiguous().toFloatArray(), "strided target");
    }
}
