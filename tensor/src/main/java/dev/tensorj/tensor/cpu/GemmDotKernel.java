package dev.tensorj.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A * B without packing, for the Linear-layer case C = X * W^T: rows of A (X) and columns of B
 * (rows of W) are both contiguous along k, so each C[i, j] is a dot product read at unit stride.
 * A 3 x 4 tile of C keeps twelve 8-lane partial sums; each step of 8 k values loads 3 vectors of A
 * and 4 of B for 12 fused multiply-adds, then the lanes are summed once per k block.
 *
 * <p>Packing B would cost one pass over B for only m uses of each element; when m is small (a batch
 * of 64 against a 25088 x 208 weight) that pass costs as much as the arithmetic, and this kernel
 * skips it. Blocks of KC along k keep the four W rows of a tile (4 x KC floats = 8 KiB) in L1 while
 * the rows of X stream past from L2. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class GemmDotKernel implements Gemm.DotProducts {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES; // one shape for all kernels (see there)
    static final int ROWS = 3;
    static final int COLUMNS = 4;
    static final int KC = 512;

    static final GemmDotKernel INSTANCE = new GemmDotKernel();

    private GemmDotKernel() {
    }

    /**
     * C[rowStart..rowEnd, colStart..colEnd) = A * B for those rows and columns, where A has unit column
     * stride and B unit row stride; needs at least ROWS rows and COLUMNS columns in the ranges.
     */
    @Override
    public void multiply(GemmOperand a, GemmOperand b, int k, float[] c, int cOffset, int ldc,
                  int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] av = a.data(), bv = b.data();
        int lda = a.rowStride(), ldb = b.columnStride();
        float[] sums = new float[ROWS * COLUMNS];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean accumulate = pc > 0;
            for (int j = colStart; j < colEnd; j += COLUMNS) {
                // Edge tiles repeat the last row or column; the repeats are computed but not stored.
                int last = colEnd - 1;
                int b0 = b.offset() + j * ldb + pc, b1 = b.offset() + Math.min(j + 1, last) * ldb + pc;
                int b2 = b.offset() + Math.min(j + 2, last) * ldb + pc, b3 = b.offset() + Math.min(j + 3, last) * ldb + pc;
                int columns = Math.min(COLUMNS, colEnd - j);
                for (int i = rowStart; i < rowEnd; i += ROWS) {
                    int lastRow = rowEnd - 1;
                    int a0 = a.offset() + i * lda + pc, a1 = a.offset() + Math.min(i + 1, lastRow) * lda + pc;
                    int a2 = a.offset() + Math.min(i + 2, lastRow) * lda + pc;
                    tile(av, a0, a1, a2, bv, b0, b1, b2, b3, kc, sums);
                    int rows = Math.min(ROWS, rowEnd - i);
                    for (int r = 0; r < rows; r++) {
                        int at = cOffset + (i + r) * ldc + j;
                        for (int col = 0; col < columns; col++) {
                            float sum = sums[r * COLUMNS + col];
                            c[at + col] = accumulate ? c[at + col] + sum : sum;
                        }
                    }
                }
            }
        }
    }

    /** sums[r * 4 + col] = sum over p < kc of A[a_r + p] * B[b_col + p]. */
    private static void tile(float[] av, int a0, int a1, int a2, float[] bv, int b0, int b1, int b2, int b3,
                             int kc, float[] sums) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        int vectorEnd = S.loopBound(kc);
        for (int p = 0; p < vectorEnd; p += S.length()) {
            FloatVector x0 = FloatVector.fromArray(S, av, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, av, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, av, a2 + p);
            FloatVector w = FloatVector.fromArray(S, bv, b0 + p);
            c00 = x0.fma(w, c00);
            c10 = x1.fma(w, c10);
            c20 = x2.fma(w, c20);
            w = FloatVector.fromArray(S, bv, b1 + p);
            c01 = x0.fma(w, c01);
            c11 = x1.fma(w, c11);
            c21 = x2.fma(w, c21);
            w = FloatVector.fromArray(S, bv, b2 + p);
            c02 = x0.fma(w, c02);
            c12 = x1.fma(w, c12);
            c22 = x2.fma(w, c22);
            w = FloatVector.fromArray(S, bv, b3 + p);
            c03 = x0.fma(w, c03);
            c13 = x1.fma(w, c13);
            c23 = x2.fma(w, c23);
        }
        float s00 = Lanes.sum(c00), s01 = Lanes.sum(c01);
        float s02 = Lanes.sum(c02), s03 = Lanes.sum(c03);
        float s10 = Lanes.sum(c10), s11 = Lanes.sum(c11);
        float s12 = Lanes.sum(c12), s13 = Lanes.sum(c13);
        float s20 = Lanes.sum(c20), s21 = Lanes.sum(c21);
        float s22 = Lanes.sum(c22), s23 = Lanes.sum(c23);
        for (int p = vectorEnd; p < kc; p++) {
            float x0 = av[a0 + p], x1 = av[a1 + p], x2 = av[a2 + p];
            float w0 = bv[b0 + p], w1 = bv[b1 + p], w2 = bv[b2 + p], w3 = bv[b3 + p];
            s00 += x0 * w0;
            s01 += x0 * w1;
            s02 += x0 * w2;
            s03 += x0 * w3;
            s10 += x1 * w0;
            s11 += x1 * w1;
            s12 += x1 * w2;
            s13 += x1 * w3;
            s20 += x2 * w0;
            s21 += x2 * w1;
            s22 += x2 * w2;
            s23 += x2 * w3;
        }
        sums[0] = s00;
        sums[1] = s01;
        sums[2] = s02;
        sums[3] = s03;
        sums[4] = s10;
        sums[5] = s11;
        sums[6] = s12;
        sums[7] = s13;
        sums[8] = s20;
        sums[9] = s21;
        sums[10] = s22;
        sums[11] = s23;
    }
}
