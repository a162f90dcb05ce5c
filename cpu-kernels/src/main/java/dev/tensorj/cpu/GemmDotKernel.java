package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A * B without packing, for the Linear-layer case C = X * W^T: rows of A (X) and columns of B
 * (rows of W) are both contiguous along k, so each C[i, j] is a dot product read at unit stride.
 * A 4 x 4 tile of C keeps sixteen vector partial sums; each step of one vector of k values (8 or 16)
 * loads 4 vectors of A and 4 of B for 16 fused multiply-adds (a 3 x 4 tile, 7 loads per 12, was 4 %
 * slower on the Linear 25088 -> 208 forward). The partial sums are carried in vectors from one k block
 * to the next and their lanes summed once, at the end (summing them per block cost about a third of
 * the time at KC = 512: twelve in-order lane sums per 64 steps of the loop).
 *
 * <p>Packing B would cost one pass over B for only m uses of each element; when m is small (a batch
 * of 64 against a 25088 x 208 weight) that pass costs as much as the arithmetic, and this kernel
 * skips it. Blocks of KC along k keep the four W rows of a tile (4 x KC floats = 8 KiB) in L1 while
 * the rows of X stream past from L2. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class GemmDotKernel implements Gemm.DotProducts {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES; // one shape for all kernels (see there)
    static final int ROWS = TILE;
    static final int COLUMNS = TILE;
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
        int rowTiles = (rowEnd - rowStart + ROWS - 1) / ROWS, tileFloats = ROWS * COLUMNS * S.length();
        int blocks = (k + KC - 1) / KC;
        // The sixteen vector accumulators of every tile, carried from one k block to the next.
        float[] partial = blocks > 1 ? new float[rowTiles * ((colEnd - colStart + COLUMNS - 1) / COLUMNS) * tileFloats] : null;
        float[] sums = new float[ROWS * COLUMNS];
        for (int block = 0; block < blocks; block++) {
            int pc = block * KC, kc = Math.min(KC, k - pc);
            boolean first = block == 0, last = block == blocks - 1;
            for (int j = colStart; j < colEnd; j += COLUMNS) {
                // Edge tiles repeat the last row or column; the repeats are computed but not stored.
                int lastColumn = colEnd - 1;
                int b0 = b.offset() + j * ldb + pc, b1 = b.offset() + Math.min(j + 1, lastColumn) * ldb + pc;
                int b2 = b.offset() + Math.min(j + 2, lastColumn) * ldb + pc, b3 = b.offset() + Math.min(j + 3, lastColumn) * ldb + pc;
                int columns = Math.min(COLUMNS, colEnd - j);
                for (int i = rowStart; i < rowEnd; i += ROWS) {
                    int lastRow = rowEnd - 1;
                    int a0 = a.offset() + i * lda + pc, a1 = a.offset() + Math.min(i + 1, lastRow) * lda + pc;
                    int a2 = a.offset() + Math.min(i + 2, lastRow) * lda + pc, a3 = a.offset() + Math.min(i + 3, lastRow) * lda + pc;
                    int at = (((j - colStart) / COLUMNS) * rowTiles + (i - rowStart) / ROWS) * tileFloats;
                    tile(av, a0, a1, a2, a3, bv, b0, b1, b2, b3, kc, partial, at, first, last, sums);
                    if (!last) continue;
                    int rows = Math.min(ROWS, rowEnd - i);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(sums, r * COLUMNS, c, cOffset + (i + r) * ldc + j, columns);
                    }
                }
            }
        }
    }

    /**
     * One k block of a 4 x 4 tile: the sixteen accumulators start from {@code partial[at..]} (zero in the
     * first block) and go back there, except in the last block, whose lane sums (plus the k tail that
     * is not a whole vector) land in {@code sums[r * 4 + col]}. Summing the lanes once per tile instead
     * of once per block keeps the horizontal sums out of the inner loop's way.
     */
    private static void tile(float[] av, int a0, int a1, int a2, int a3, float[] bv, int b0, int b1, int b2, int b3,
                             int kc, float[] partial, int at, boolean first, boolean last, float[] sums) {
        int n = S.length();
        FloatVector c00 = start(partial, at + 0 * n, first), c01 = start(partial, at + 1 * n, first), c02 = start(partial, at + 2 * n, first), c03 = start(partial, at + 3 * n, first);
        FloatVector c10 = start(partial, at + 4 * n, first), c11 = start(partial, at + 5 * n, first), c12 = start(partial, at + 6 * n, first), c13 = start(partial, at + 7 * n, first);
        FloatVector c20 = start(partial, at + 8 * n, first), c21 = start(partial, at + 9 * n, first), c22 = start(partial, at + 10 * n, first), c23 = start(partial, at + 11 * n, first);
        FloatVector c30 = start(partial, at + 12 * n, first), c31 = start(partial, at + 13 * n, first), c32 = start(partial, at + 14 * n, first), c33 = start(partial, at + 15 * n, first);
        int vectorEnd = S.loopBound(kc);
        for (int p = 0; p < vectorEnd; p += n) {
            FloatVector x0 = FloatVector.fromArray(S, av, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, av, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, av, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, av, a3 + p);
            FloatVector w = FloatVector.fromArray(S, bv, b0 + p);
            c00 = x0.fma(w, c00);
            c10 = x1.fma(w, c10);
            c20 = x2.fma(w, c20);
            c30 = x3.fma(w, c30);
            w = FloatVector.fromArray(S, bv, b1 + p);
            c01 = x0.fma(w, c01);
            c11 = x1.fma(w, c11);
            c21 = x2.fma(w, c21);
            c31 = x3.fma(w, c31);
            w = FloatVector.fromArray(S, bv, b2 + p);
            c02 = x0.fma(w, c02);
            c12 = x1.fma(w, c12);
            c22 = x2.fma(w, c22);
            c32 = x3.fma(w, c32);
            w = FloatVector.fromArray(S, bv, b3 + p);
            c03 = x0.fma(w, c03);
            c13 = x1.fma(w, c13);
            c23 = x2.fma(w, c23);
            c33 = x3.fma(w, c33);
        }
        if (!last) {
            c00.intoArray(partial, at + 0 * n);
            c01.intoArray(partial, at + 1 * n);
            c02.intoArray(partial, at + 2 * n);
            c03.intoArray(partial, at + 3 * n);
            c10.intoArray(partial, at + 4 * n);
            c11.intoArray(partial, at + 5 * n);
            c12.intoArray(partial, at + 6 * n);
            c13.intoArray(partial, at + 7 * n);
            c20.intoArray(partial, at + 8 * n);
            c21.intoArray(partial, at + 9 * n);
            c22.intoArray(partial, at + 10 * n);
            c23.intoArray(partial, at + 11 * n);
            c30.intoArray(partial, at + 12 * n);
            c31.intoArray(partial, at + 13 * n);
            c32.intoArray(partial, at + 14 * n);
            c33.intoArray(partial, at + 15 * n);
            return;
        }
        float s00 = Lanes.sum(c00), s01 = Lanes.sum(c01), s02 = Lanes.sum(c02), s03 = Lanes.sum(c03);
        float s10 = Lanes.sum(c10), s11 = Lanes.sum(c11), s12 = Lanes.sum(c12), s13 = Lanes.sum(c13);
        float s20 = Lanes.sum(c20), s21 = Lanes.sum(c21), s22 = Lanes.sum(c22), s23 = Lanes.sum(c23);
        float s30 = Lanes.sum(c30), s31 = Lanes.sum(c31), s32 = Lanes.sum(c32), s33 = Lanes.sum(c33);
        for (int p = vectorEnd; p < kc; p++) {
            float x0 = av[a0 + p], x1 = av[a1 + p], x2 = av[a2 + p], x3 = av[a3 + p];
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
            s30 += x3 * w0;
            s31 += x3 * w1;
            s32 += x3 * w2;
            s33 += x3 * w3;
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
        sums[12] = s30;
        sums[13] = s31;
        sums[14] = s32;
        sums[15] = s33;
    }

    private static FloatVector start(float[] partial, int at, boolean first) {
        return first ? FloatVector.zero(S) : FloatVector.fromArray(S, partial, at);
    }
}
