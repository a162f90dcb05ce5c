package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The plain-Java micro-kernel (used without the Vector API) computes the same tile as the vector one. */
class GemmScalarKernelTest {
    @Test
    void scalarAndVectorKernelsAgree() {
        Generator g = new Generator(5);
        int depth = 37;
        float[] a = new float[Gemm.MR * depth + 3], b = new float[Gemm.NR * depth + 5];
        for (int i = 0; i < a.length; i++) a[i] = (float) g.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) g.nextGaussian();
        int ldc = 20;
        float[] scalar = new float[Gemm.MR * ldc], vector = new float[Gemm.MR * ldc];
        GemmKernels.scalarKernel(depth, a, 3, b, 5, scalar, 0, ldc);
        if (VectorSupport.AVAILABLE) GemmVectorKernel.kernel(depth, a, 3, b, 5, vector, 0, ldc);
        else GemmKernels.scalarKernel(depth, a, 3, b, 5, vector, 0, ldc);
        assertArrayEquals(scalar, vector, 1e-4f);
    }
}
