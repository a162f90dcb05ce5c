package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.Tensor;

/**
 * FLOAT32 matrix multiplication for {@link CpuBackend}: C[b] = A[b] * B[b] for strided A, B.
 * First version: rows of C spread over the workers, the i-k-j loop order so the innermost loop
 * streams a row of B and a row of C (which the JIT vectorises).
 */
final class Gemm {
    private Gemm() {
    }

    static void batched(Tensor a, Tensor b, Tensor out) {
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        Tensor ac = a.contiguous(), bc = b.contiguous();
        float[] av = ((CpuStorage) ac.storage()).floats(), bv = ((CpuStorage) bc.storage()).floats();
        int aOff = ac.offset(), bOff = bc.offset();
        float[] c = new float[m * n];
        for (int p = 0; p < batch; p++) {
            int aBase = aOff + p * m * k, bBase = bOff + p * k * n;
            java.util.Arrays.fill(c, 0f);
            Parallel.forRange(m, Math.max(1, 16384 / Math.max(1, n * k / 64 + 1)), (start, end) -> {
                for (int i = start; i < end; i++) {
                    int cRow = i * n;
                    for (int q = 0; q < k; q++) {
                        float aiq = av[aBase + i * k + q];
                        int bRow = bBase + q * n;
                        for (int j = 0; j < n; j++) c[cRow + j] += aiq * bv[bRow + j];
                    }
                }
            });
            out.select(0, p).copyFrom(Tensor.fromArray(c, m, n));
        }
    }
}
