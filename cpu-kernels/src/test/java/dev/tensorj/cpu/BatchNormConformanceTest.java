package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU batch-norm kernels against the reference, for [N, C, H, W], [N, C] and batch 1. */
class BatchNormConformanceTest {

    /** With the vector loops (runs of at least 64 values: 11 x 11 with a tail, 28 x 28) and with the plain ones. */
    @org.junit.jupiter.params.ParameterizedTest(name = "vector loops {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void forwardAndBackwardMatchTheReference(boolean vectorLoops) {
        Simd.allow(vectorLoops);
        try {
            forwardAndBackwardMatch();
        } finally {
            Simd.allow(true);
        }
    }

    private static void forwardAndBackwardMatch() {
        // [512, 700]: [N, C] in several blocks of channels per thread (256 forward, 128 backward), the last one partial
        for (int[] shape : new int[][] {{8, 5, 7, 6}, {32, 9}, {64, 300}, {512, 700}, {1, 4, 3, 3}, {3, 4, 11, 11}, {64, 16, 28, 28}}) {
            Generator g = new Generator(shape[1]);
            int c = shape[1];
            Tensor x = Tensor.randn(g, shape).mul(2).add(0.5), gamma = Tensor.randn(g, c), beta = Tensor.randn(g, c);
            Tensor out = Tensor.zeros(shape), outRef = Tensor.zeros(shape);
            Tensor mean = Tensor.zeros(c), meanRef = Tensor.zeros(c), inv = Tensor.zeros(c), invRef = Tensor.zeros(c);
            CpuBackend.INSTANCE.batchNormForward(x, gamma, beta, 1e-5, out, mean, inv);
            ReferenceBackend.INSTANCE.batchNormForward(x, gamma, beta, 1e-5, outRef, meanRef, invRef);
            String what = java.util.Arrays.toString(shape);
            assertTrue(out.allClose(outRef, 1e-4, 1e-5) && mean.allClose(meanRef, 1e-5, 1e-6) && inv.allClose(invRef, 1e-4, 1e-5), "forward " + what);
            Tensor dy = Tensor.randn(g, shape);
            Tensor dx = Tensor.zeros(shape), dxRef = Tensor.zeros(shape);
            Tensor dg = Tensor.zeros(c), dgRef = Tensor.zeros(c), db = Tensor.zeros(c), dbRef = Tensor.zeros(c);
            CpuBackend.INSTANCE.batchNormBackward(dy, x, gamma, mean, inv, dx, dg, db);
            ReferenceBackend.INSTANCE.batchNormBackward(dy, x, gamma, meanRef, invRef, dxRef, dgRef, dbRef);
            assertTrue(dx.allClose(dxRef, 1e-3, 1e-4) && dg.allClose(dgRef, 1e-3, 1e-3) && db.allClose(dbRef, 1e-4, 1e-3), "backward " + what);
        }
    }
}
