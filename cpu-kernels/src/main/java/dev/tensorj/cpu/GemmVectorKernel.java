package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD micro-kernel: a 6 x NR tile of C held in twelve vector registers, NR = 2V for V lanes per
 * vector (6 x 16 in 256-bit registers with AVX2, 6 x 32 in 512-bit ones with AVX-512). Each step p
 * loads the two vectors B[p, 0..V) and B[p, V..2V), broadcasts A[r, p] for the six rows r and does
 * twelve fused multiply-adds: 24 V FLOP for 2 loads and 6 broadcasts, so the FMA units, not the
 * loads, set the pace. Loaded only when {@code jdk.incubator.vector} is present (see {@link Gemm}).
 */
final class GemmVectorKernel implements GemmMicroKernel {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES; // one shape for all kernels (see there)
    private static final int V = S.length();

    static final GemmVectorKernel INSTANCE = new GemmVectorKernel();

    private GemmVectorKernel() {
        if (S.length() != V || NR != 2 * V) throw new AssertionError("GemmVectorKernel: tile geometry");
    }

    /** The packed A panel is A read in place with row stride 1 and column stride MR. */
    @Override
    public void multiply(int kc, float[] aPanel, int aStart, float[] bPanel, int bStart, int ldb,
                         float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        multiplyStridedA(kc, aPanel, aStart, 1, MR, bPanel, bStart, ldb, c, cStart, ldc, rows, columns, accumulate);
    }

    /**
     * The tile with A read where it lies: the six broadcasts of step p are {@code a[row_r + p cs]} for the six row
     * starts {@code row_r = aStart + r rs} (a packed panel: rs = 1, cs = MR; a row-major A: cs = 1; a transposed view:
     * rs = 1). A tile of fewer rows repeats its last row (computed, never stored), so no read goes past A.
     */
    @Override
    public void multiplyStridedA(int kc, float[] a, int aStart, int rs, int cs, float[] bPanel, int bStart, int ldb,
                                 float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        int last = rows - 1;
        int a0 = aStart, a1 = aStart + Math.min(1, last) * rs, a2 = aStart + Math.min(2, last) * rs;
        int a3 = aStart + Math.min(3, last) * rs, a4 = aStart + Math.min(4, last) * rs, a5 = aStart + Math.min(5, last) * rs;
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0, q = 0; p < kc; p++, q += cs) {
            int b = bStart + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bPanel, b);
            FloatVector b1 = FloatVector.fromArray(S, bPanel, b + V);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + q]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[a1 + q]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, a[a2 + q]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, a[a3 + q]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, a[a4 + q]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, a[a5 + q]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
        }
        if (rows == MR && columns == NR) {
            storeRow(c, cStart, c00, c01, accumulate);
            storeRow(c, cStart + ldc, c10, c11, accumulate);
            storeRow(c, cStart + 2 * ldc, c20, c21, accumulate);
            storeRow(c, cStart + 3 * ldc, c30, c31, accumulate);
            storeRow(c, cStart + 4 * ldc, c40, c41, accumulate);
            storeRow(c, cStart + 5 * ldc, c50, c51, accumulate);
        } else {
            // Edge tiles go through a temporary tile. Storing a short row tile's rows directly (five more
            // storeRow calls) made this method too big for C2 to inline them all; the vectors were then
            // boxed and the whole GEMM ran 6x slower (measured on C2's conv 112->64).
            float[] tile = new float[MR * NR];
            c00.intoArray(tile, 0);
            c01.intoArray(tile, V);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + V);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + V);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + V);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + V);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + V);
            GemmMicroKernel.storeCorner(tile, c, cStart, ldc, rows, columns, accumulate);
        }
    }

    @Override
    public boolean readsAInPlace() {
        return true;
    }

    private static void storeRow(float[] c, int at, FloatVector left, FloatVector right, boolean accumulate) {
        if (accumulate) {
            left = left.add(FloatVector.fromArray(S, c, at));
            right = right.add(FloatVector.fromArray(S, c, at + V));
        }
        left.intoArray(c, at);
        right.intoArray(c, at + V);
    }

    @Override
    public String name() {
        return "vector";
    }
}
