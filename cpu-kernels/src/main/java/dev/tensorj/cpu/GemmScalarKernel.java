package dev.tensorj.cpu;

/**
 * The plain-Java micro-kernel, used when {@code jdk.incubator.vector} is absent or
 * {@code -Dtensorj.simd=off} is set. The 6 x 16 tile is computed as six 2 x 8 sub-tiles, each
 * in sixteen local accumulators that the JIT keeps in registers, so every step of p costs 2 + 8
 * loads for 16 multiply-adds; the packed panels are small enough that the six passes hit L1.
 */
final class GemmScalarKernel implements GemmMicroKernel {
    static final GemmScalarKernel INSTANCE = new GemmScalarKernel();
    private static final int SUB_ROWS = 2;
    private static final int SUB_COLUMNS = 8;

    private GemmScalarKernel() {
    }

    @Override
    public void multiply(int kc, float[] aPanel, int aStart, float[] bPanel, int bStart, int ldb,
                         float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        for (int r0 = 0; r0 < rows; r0 += SUB_ROWS) {
            for (int j0 = 0; j0 < columns; j0 += SUB_COLUMNS) {
                subTile(kc, aPanel, aStart + r0, bPanel, bStart + j0, ldb, c, cStart + r0 * ldc + j0, ldc,
                        Math.min(SUB_ROWS, rows - r0), Math.min(SUB_COLUMNS, columns - j0), accumulate);
            }
        }
    }

    /** The 2 x 8 block whose first A value is aPanel[a] and first B value bPanel[b], in steps of MR and ldb. */
    private static void subTile(int kc, float[] aPanel, int a, float[] bPanel, int b, int ldb,
                                float[] c, int cAt, int ldc, int rows, int columns, boolean accumulate) {
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s04 = 0, s05 = 0, s06 = 0, s07 = 0;
        float s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0, s17 = 0;
        int second = rows > 1 ? 1 : 0; // a one-row block (the last of an odd MR) reads its row twice, never past the panel
        for (int p = 0; p < kc; p++) {
            int ap = a + p * MR, bp = b + p * ldb;
            float a0 = aPanel[ap], a1 = aPanel[ap + second];
            float b0 = bPanel[bp], b1 = bPanel[bp + 1], b2 = bPanel[bp + 2], b3 = bPanel[bp + 3];
            float b4 = bPanel[bp + 4], b5 = bPanel[bp + 5], b6 = bPanel[bp + 6], b7 = bPanel[bp + 7];
            s00 += a0 * b0;
            s01 += a0 * b1;
            s02 += a0 * b2;
            s03 += a0 * b3;
            s04 += a0 * b4;
            s05 += a0 * b5;
            s06 += a0 * b6;
            s07 += a0 * b7;
            s10 += a1 * b0;
            s11 += a1 * b1;
            s12 += a1 * b2;
            s13 += a1 * b3;
            s14 += a1 * b4;
            s15 += a1 * b5;
            s16 += a1 * b6;
            s17 += a1 * b7;
        }
        float[][] sums = {{s00, s01, s02, s03, s04, s05, s06, s07}, {s10, s11, s12, s13, s14, s15, s16, s17}};
        for (int r = 0; r < rows; r++) {
            int row = cAt + r * ldc;
            for (int j = 0; j < columns; j++) c[row + j] = accumulate ? c[row + j] + sums[r][j] : sums[r][j];
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
