package dev.tensorj.cuda.vendor;

/**
 * Our row-major (strided) batched product {@code C[b] = alpha A[b] B[b] + beta C[b]} as one
 * {@code cublasSgemmStridedBatched} call, which is column-major.
 *
 * <p>The mapping. A matrix {@code Z} (r x c) read at {@code offset + i*rowStride + j*colStride} is, for cuBLAS:
 * <ul>
 *   <li>{@code op N} with {@code ld = colStride} when {@code rowStride == 1} (it is stored column-major), or</li>
 *   <li>{@code op T} with {@code ld = rowStride} when {@code colStride == 1} (its transpose is stored column-major),</li>
 * </ul>
 * with {@code ld >= r} (or {@code >= c}) as cuBLAS demands; a size-1 axis makes its stride free. The output
 * cannot be transposed, so:
 * <ul>
 *   <li>when C's columns are contiguous (the usual row-major C), cuBLAS computes {@code C^T = B^T A^T}: m and n
 *       swap, cuBLAS's first operand is our B (read as B^T), its second our A ({@link Call#swapped} is true);</li>
 *   <li>when C's rows are contiguous (a transposed view), cuBLAS computes {@code C = A B} as written.</li>
 * </ul>
 * Any other layout (e.g. a broadcast row with stride 0 and more than one row) has no call: {@link #map}
 * returns null and the caller runs our kernel. Batch strides pass through (0 broadcasts A or B).
 */
public final class GemmMapping {
    private GemmMapping() {
    }

    /** One operand of ours: element offset and the (batch, row, column) strides. */
    public record Operand(long offset, long batchStride, long rowStride, long colStride) {
    }

    /**
     * The arguments of one cublasSgemmStridedBatched call, in cuBLAS's terms (A, B are its first and second
     * operands). Offsets are in elements from each tensor's base address.
     */
    public record Call(int transA, int transB, int m, int n, int k, float alpha, long offsetA, int lda, long strideA,
                       long offsetB, int ldb, long strideB, float beta, long offsetC, int ldc, long strideC, int batches, boolean swapped) {
    }

    /** A matrix as cuBLAS takes it: the operation and leading dimension, or null when there is none. */
    record Side(int op, long ld) {
    }

    /** {@code r x c} matrix with these strides, as cuBLAS's op + ld, or null. */
    static Side side(int rows, int cols, long rowStride, long colStride) {
        if ((rows == 1 || rowStride == 1) && (cols == 1 || colStride >= Math.max(1, rows))) {
            return new Side(Cublas.OP_N, cols == 1 ? Math.max(1, rows) : colStride);
        }
        if ((cols == 1 || colStride == 1) && (rows == 1 || rowStride >= Math.max(1, cols))) {
            return new Side(Cublas.OP_T, rows == 1 ? Math.max(1, cols) : rowStride);
        }
        return null;
    }

    /**
     * The call for {@code C (m x n) = alpha A (m x k) B (k x n) + beta C} over {@code batches}, or null when
     * cuBLAS cannot read these layouts (or a size is 0, or a leading dimension overflows an int).
     */
    public static Call map(int m, int n, int k, int batches, float alpha, Operand a, Operand b, float beta, Operand c) {
        if (m <= 0 || n <= 0 || k <= 0 || batches <= 0) return null;
        if (batches > 1 && c.batchStride() == 0) return null; // every batch would write the same C
        // C^T = B^T A^T: C^T is n x m with (row, col) strides (c.col, c.row); B^T is n x k; A^T is k x m.
        Side out = side(n, m, c.colStride(), c.rowStride());
        if (out != null && out.op() == Cublas.OP_N) {
            Side first = side(n, k, b.colStride(), b.rowStride()), second = side(k, m, a.colStride(), a.rowStride());
            return call(first, second, out, n, m, k, batches, alpha, beta, b, a, c, true);
        }
        out = side(m, n, c.rowStride(), c.colStride());
        if (out != null && out.op() == Cublas.OP_N) {
            Side first = side(m, k, a.rowStride(), a.colStride()), second = side(k, n, b.rowStride(), b.colStride());
            return call(first, second, out, m, n, k, batches, alpha, beta, a, b, c, false);
        }
        return null;
    }

    private static Call call(Side first, Side second, Side out, int m, int n, int k, int batches, float alpha, float beta,
                             Operand x, Operand y, Operand c, boolean swapped) {
        if (first == null || second == null) return null;
        if (first.ld() > Integer.MAX_VALUE || second.ld() > Integer.MAX_VALUE || out.ld() > Integer.MAX_VALUE) return null;
        return new Call(first.op(), second.op(), m, n, k, alpha, x.offset(), (int) first.ld(), x.batchStride(),
                y.offset(), (int) second.ld(), y.batchStride(), beta, c.offset(), (int) out.ld(), c.batchStride(), batches, swapped);
    }
}
