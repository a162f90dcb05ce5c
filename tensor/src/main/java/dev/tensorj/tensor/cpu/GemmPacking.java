package dev.tensorj.tensor.cpu;

/**
 * Copies blocks of A and panels of B into the order the micro-kernel reads them, from any strides.
 * Tails are padded with zeros so the kernel always computes full tiles.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /**
     * Rows {@code i0..i0+rows} and depth {@code q0..q0+depth} of A into strips of MR rows:
     * packed[s * MR * kc + q * MR + r] = A[i0 + s*MR + r, q0 + q], kc being the strip length (KC or less).
     */
    static void packA(Gemm.Matrix A, int i0, int rows, int q0, int depth, float[] packed, int kc) {
        int mr = Gemm.MR;
        float[] a = A.data();
        for (int s = 0; s * mr < rows; s++) {
            int base = s * mr * kc;
            int valid = Math.min(mr, rows - s * mr);
            for (int r = 0; r < mr; r++) {
                if (r < valid) {
                    int src = A.offset() + (i0 + s * mr + r) * A.rowStride() + q0 * A.colStride();
                    for (int q = 0; q < depth; q++) packed[base + q * mr + r] = a[src + q * A.colStride()];
                } else {
                    for (int q = 0; q < depth; q++) packed[base + q * mr + r] = 0f;
                }
            }
        }
    }

    /**
     * Depth {@code q0..q0+depth} and columns {@code j0..j0+width} of B into panels of NR columns:
     * packed[p * NR * kc + q * NR + c] = B[q0 + q, j0 + p*NR + c].
     */
    static void packB(Gemm.Matrix B, int q0, int depth, int j0, int width, float[] packed, int kc) {
        int nr = Gemm.NR;
        float[] b = B.data();
        int panels = (width + nr - 1) / nr;
        for (int p = 0; p < panels; p++) {
            int base = p * nr * kc;
            int valid = Math.min(nr, width - p * nr);
            if (B.rowStride() == 1 && B.colStride() != 1) {
                // B is a transposed view (e.g. W^T of a Linear layer): its columns are contiguous, so read
                // each column sequentially and scatter it into the panel (which stays in cache)
                for (int c = 0; c < nr; c++) {
                    if (c < valid) {
                        int src = B.offset() + q0 + (j0 + p * nr + c) * B.colStride();
                        for (int q = 0; q < depth; q++) packed[base + q * nr + c] = b[src + q];
                    } else {
                        for (int q = 0; q < depth; q++) packed[base + q * nr + c] = 0f;
                    }
                }
                continue;
            }
            for (int q = 0; q < depth; q++) {
                int src = B.offset() + (q0 + q) * B.rowStride() + (j0 + p * nr) * B.colStride();
                int dst = base + q * nr;
                if (B.colStride() == 1 && valid == nr) {
                    System.arraycopy(b, src, packed, dst, nr);
                } else {
                    for (int c = 0; c < valid; c++) packed[dst + c] = b[src + c * B.colStride()];
                    for (int c = valid; c < nr; c++) packed[dst + c] = 0f;
                }
            }
        }
    }
}
