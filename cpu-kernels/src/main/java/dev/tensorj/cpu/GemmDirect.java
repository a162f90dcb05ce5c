package dev.tensorj.cpu;

/**
 * Plain loops for products too small or too thin to repay packing: tiny matrices, a single row
 * (a batch-1 Linear layer) or a single column. The loop order follows the strides: when rows of B
 * are contiguous, C's row i is built as a sum of rows of B scaled by A[i, p] (the JIT vectorises
 * that); when a row of A and a column of B are both contiguous (B = W^T), each C[i, j] is a dot
 * product read at unit stride (on the Vector API when the caller allows it and k is long enough).
 */
final class GemmDirect {
    private GemmDirect() {
    }

    /** Dot products at least this long take the Vector API loop (when the caller allows it). */
    static final int MIN_VECTOR_DEPTH = 32;

    /**
     * C[rowStart..rowEnd, colStart..colEnd) = A * B for those rows and columns, C row-major with row stride ldc;
     * {@code vectorDots}: unit-stride dot products may use {@link VectorKernels#dot} (false: no Vector API code runs).
     */
    static void multiply(GemmOperand a, GemmOperand b, int k, float[] c, int cOffset, int ldc,
                         int rowStart, int rowEnd, int colStart, int colEnd, boolean vectorDots) {
        if (b.columnStride() == 1) {
            rowsOfB(a, b, k, c, cOffset, ldc, rowStart, rowEnd, colStart, colEnd);
        } else if (vectorDots && a.columnStride() == 1 && b.rowStride() == 1 && k >= MIN_VECTOR_DEPTH) {
            // e.g. the weight gradient of a one-channel convolution: one row of A against many long columns of B
            float[] av = a.data(), bv = b.data();
            for (int i = rowStart; i < rowEnd; i++) {
                int aRow = a.offset() + i * a.rowStride();
                for (int j = colStart; j < colEnd; j++) {
                    c[cOffset + i * ldc + j] = VectorKernels.dot(av, aRow, bv, b.offset() + j * b.columnStride(), k);
                }
            }
        } else {
            dotProducts(a, b, k, c, cOffset, ldc, rowStart, rowEnd, colStart, colEnd);
        }
    }

    private static void rowsOfB(GemmOperand a, GemmOperand b, int k, float[] c, int cOffset, int ldc,
                                int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] av = a.data(), bv = b.data();
        int width = colEnd - colStart;
        for (int i = rowStart; i < rowEnd; i++) {
            int cRow = cOffset + i * ldc + colStart;
            java.util.Arrays.fill(c, cRow, cRow + width, 0f);
            int aAt = a.offset() + i * a.rowStride();
            for (int p = 0; p < k; p++, aAt += a.columnStride()) {
                float aip = av[aAt];
                int bRow = b.offset() + p * b.rowStride() + colStart;
                for (int j = 0; j < width; j++) c[cRow + j] += aip * bv[bRow + j];
            }
        }
    }

    private static void dotProducts(GemmOperand a, GemmOperand b, int k, float[] c, int cOffset, int ldc,
                                    int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] av = a.data(), bv = b.data();
        int aStep = a.columnStride(), bStep = b.rowStride();
        for (int i = rowStart; i < rowEnd; i++) {
            int aRow = a.offset() + i * a.rowStride();
            for (int j = colStart; j < colEnd; j++) {
                int bColumn = b.offset() + j * b.columnStride();
                // Four independent partial sums hide the latency of the dependent adds.
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 += av[aRow + p * aStep] * bv[bColumn + p * bStep];
                    s1 += av[aRow + (p + 1) * aStep] * bv[bColumn + (p + 1) * bStep];
                    s2 += av[aRow + (p + 2) * aStep] * bv[bColumn + (p + 2) * bStep];
                    s3 += av[aRow + (p + 3) * aStep] * bv[bColumn + (p + 3) * bStep];
                }
                for (; p < k; p++) s0 += av[aRow + p * aStep] * bv[bColumn + p * bStep];
                c[cOffset + i * ldc + j] = (s0 + s1) + (s2 + s3);
            }
        }
    }
}
