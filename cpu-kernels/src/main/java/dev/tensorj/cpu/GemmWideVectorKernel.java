package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wide SIMD micro-kernel for AVX-512 machines: a 12 x NR tile of C (NR = two 512-bit vectors, 32
 * floats) in 24 of the 32 vector registers. Each step p loads B[p, 0..32) as two vectors, broadcasts
 * A[r, p] for the twelve rows and does 24 fused multiply-adds: twice the work of {@link GemmVectorKernel}'s
 * 6-row tile for the same two loads, and half the C-tile traffic per multiply-add. That is what lets the
 * blocked GEMM run deep blocks ({@link GemmBlocked#KC_WIDE}): measured on one Zen 5 core at n = 1056, the
 * 6-row kernel's loop nest ran at 90-94 GFLOP/s whatever the block depth (the FMA peak is 117), this one's at
 * 107-113 with KC = 1024.
 *
 * <p>All arithmetic stays in one method, {@link #tile}, its loop and stores written out: with the C stores
 * in a helper called twelve times, C2 did not inline them, boxed the 24 vectors, and the kernel ran at 34
 * GFLOP/s instead of 116. Used only with 512-bit vectors: AVX2 has 16 vector registers, too few for this tile.
 */
final class GemmWideVectorKernel implements GemmMicroKernel {
    /** Rows of this kernel's C tile and A panels. */
    static final int ROWS = 12;
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int V = S.length();

    static final GemmWideVectorKernel INSTANCE = new GemmWideVectorKernel();

    private GemmWideVectorKernel() {
        if (NR != 2 * V) throw new AssertionError("GemmWideVectorKernel: tile geometry");
    }

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public void multiply(int kc, float[] aPanel, int aStart, float[] bPanel, int bStart, int ldb,
                         float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        if (rows == ROWS && columns == NR) {
            tile(kc, aPanel, aStart, bPanel, bStart, ldb, c, cStart, ldc, accumulate);
            return;
        }
        // An edge tile: the whole tile into a scratch tile, then its rows x columns corner into C
        float[] scratch = new float[ROWS * NR];
        tile(kc, aPanel, aStart, bPanel, bStart, ldb, scratch, 0, NR, false);
        GemmMicroKernel.storeCorner(scratch, 0, c, cStart, ldc, rows, columns, accumulate);
    }

    /** The full 12 x NR tile at c[cStart] with row stride ldc: C (+)= Apanel Bpanel. */
    private static void tile(int kc, float[] aPanel, int aStart, float[] bPanel, int bStart, int ldb,
                             float[] c, int cStart, int ldc, boolean accumulate) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero, c70 = zero, c71 = zero, c80 = zero, c81 = zero, c90 = zero, c91 = zero, ca0 = zero, ca1 = zero, cb0 = zero, cb1 = zero;
        for (int p = 0; p < kc; p++) {
            int a = aStart + p * ROWS, b = bStart + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bPanel, b);
            FloatVector b1 = FloatVector.fromArray(S, bPanel, b + V);
            FloatVector ar = FloatVector.broadcast(S, aPanel[a]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, aPanel[a + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, aPanel[a + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, aPanel[a + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, aPanel[a + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, aPanel[a + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            ar = FloatVector.broadcast(S, aPanel[a + 6]);
            c60 = ar.fma(b0, c60);
            c61 = ar.fma(b1, c61);
            ar = FloatVector.broadcast(S, aPanel[a + 7]);
            c70 = ar.fma(b0, c70);
            c71 = ar.fma(b1, c71);
            ar = FloatVector.broadcast(S, aPanel[a + 8]);
            c80 = ar.fma(b0, c80);
            c81 = ar.fma(b1, c81);
            ar = FloatVector.broadcast(S, aPanel[a + 9]);
            c90 = ar.fma(b0, c90);
            c91 = ar.fma(b1, c91);
            ar = FloatVector.broadcast(S, aPanel[a + 10]);
            ca0 = ar.fma(b0, ca0);
            ca1 = ar.fma(b1, ca1);
            ar = FloatVector.broadcast(S, aPanel[a + 11]);
            cb0 = ar.fma(b0, cb0);
            cb1 = ar.fma(b1, cb1);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, cStart));
            c01 = c01.add(FloatVector.fromArray(S, c, cStart + V));
            c10 = c10.add(FloatVector.fromArray(S, c, cStart + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, cStart + ldc + V));
            c20 = c20.add(FloatVector.fromArray(S, c, cStart + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, cStart + 2 * ldc + V));
            c30 = c30.add(FloatVector.fromArray(S, c, cStart + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, cStart + 3 * ldc + V));
            c40 = c40.add(FloatVector.fromArray(S, c, cStart + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, cStart + 4 * ldc + V));
            c50 = c50.add(FloatVector.fromArray(S, c, cStart + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, cStart + 5 * ldc + V));
            c60 = c60.add(FloatVector.fromArray(S, c, cStart + 6 * ldc));
            c61 = c61.add(FloatVector.fromArray(S, c, cStart + 6 * ldc + V));
            c70 = c70.add(FloatVector.fromArray(S, c, cStart + 7 * ldc));
            c71 = c71.add(FloatVector.fromArray(S, c, cStart + 7 * ldc + V));
            c80 = c80.add(FloatVector.fromArray(S, c, cStart + 8 * ldc));
            c81 = c81.add(FloatVector.fromArray(S, c, cStart + 8 * ldc + V));
            c90 = c90.add(FloatVector.fromArray(S, c, cStart + 9 * ldc));
            c91 = c91.add(FloatVector.fromArray(S, c, cStart + 9 * ldc + V));
            ca0 = ca0.add(FloatVector.fromArray(S, c, cStart + 10 * ldc));
            ca1 = ca1.add(FloatVector.fromArray(S, c, cStart + 10 * ldc + V));
            cb0 = cb0.add(FloatVector.fromArray(S, c, cStart + 11 * ldc));
            cb1 = cb1.add(FloatVector.fromArray(S, c, cStart + 11 * ldc + V));
        }
        c00.intoArray(c, cStart);
        c01.intoArray(c, cStart + V);
        c10.intoArray(c, cStart + ldc);
        c11.intoArray(c, cStart + ldc + V);
        c20.intoArray(c, cStart + 2 * ldc);
        c21.intoArray(c, cStart + 2 * ldc + V);
        c30.intoArray(c, cStart + 3 * ldc);
        c31.intoArray(c, cStart + 3 * ldc + V);
        c40.intoArray(c, cStart + 4 * ldc);
        c41.intoArray(c, cStart + 4 * ldc + V);
        c50.intoArray(c, cStart + 5 * ldc);
        c51.intoArray(c, cStart + 5 * ldc + V);
        c60.intoArray(c, cStart + 6 * ldc);
        c61.intoArray(c, cStart + 6 * ldc + V);
        c70.intoArray(c, cStart + 7 * ldc);
        c71.intoArray(c, cStart + 7 * ldc + V);
        c80.intoArray(c, cStart + 8 * ldc);
        c81.intoArray(c, cStart + 8 * ldc + V);
        c90.intoArray(c, cStart + 9 * ldc);
        c91.intoArray(c, cStart + 9 * ldc + V);
        ca0.intoArray(c, cStart + 10 * ldc);
        ca1.intoArray(c, cStart + 10 * ldc + V);
        cb0.intoArray(c, cStart + 11 * ldc);
        cb1.intoArray(c, cStart + 11 * ldc + V);
    }

    @Override
    public String name() {
        return "wide vector";
    }
}
