package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD micro-kernel: an MR x NR tile of C held in 2 MR vector registers, NR = 2V for V lanes per
 * vector (5 x 16 in 256-bit registers with AVX2, 6 x 32 in 512-bit ones with AVX-512; see
 * {@link GemmMicroKernel#MR} for why AVX2 takes five rows). Each step p loads the two vectors B[p, 0..V)
 * and B[p, V..2V), broadcasts A[r, p] for the MR rows r and does 2 MR fused multiply-adds: 4 MR V FLOP
 * for 2 loads and MR broadcasts, so the FMA units, not the loads, set the pace. Loaded only when
 * {@code jdk.incubator.vector} is present (see {@link Gemm}).
 *
 * <p>The tile's loop is written out four times on purpose (a packed A, a row-major A, any strides, the last one or
 * two rows): each differs only in how it indexes A, and that is what C2 needs to see in the loop itself to keep the
 * bounds checks and the integer registers out of it. A shared helper would have to take the twelve accumulators, and
 * a helper that takes vectors must be inlined or its caller boxes them (see {@link #storeRow}).
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
        if (rows == MR && columns == NR) {
            packedTile(kc, aPanel, aStart, bPanel, bStart, ldb, c, cStart, ldc, accumulate);
            return;
        }
        if (rows == MR) { // a narrow last panel: its B columns are padded to NR, so the full tile runs into a temporary
            float[] tile = new float[MR * NR];
            packedTile(kc, aPanel, aStart, bPanel, bStart, ldb, tile, 0, NR, false);
            GemmMicroKernel.storeCorner(tile, 0, c, cStart, ldc, rows, columns, accumulate);
            return;
        }
        multiplyStridedA(kc, aPanel, aStart, 1, MR, bPanel, bStart, ldb, c, cStart, ldc, rows, columns, accumulate);
    }

    /**
     * A full tile from a packed A panel: the MR values of step p are a[aStart + p MR + r], one index for all rows where
     * {@link #multiplyStridedA} keeps one per row. The fewer live integer registers kept its loop free of spills on
     * AVX2: A/B {@code GemmBenchmark} 1024, one thread, Zen 3, against full packed tiles through multiplyStridedA:
     * 38.1 -> 27.3 ms (20 of 20 rounds).
     */
    private static void packedTile(int kc, float[] a, int aStart, float[] bPanel, int bStart, int ldb,
                                   float[] c, int cStart, int ldc, boolean accumulate) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
            int b = bStart + p * ldb, q = aStart + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bPanel, b);
            FloatVector b1 = FloatVector.fromArray(S, bPanel, b + V);
            FloatVector ar = FloatVector.broadcast(S, a[q]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[q + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, a[q + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, a[q + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, a[q + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            if (MR == 6) {
                ar = FloatVector.broadcast(S, a[q + 5]);
                c50 = ar.fma(b0, c50);
                c51 = ar.fma(b1, c51);
            }
        }
        storeRow(c, cStart, c00, c01, accumulate);
        storeRow(c, cStart + ldc, c10, c11, accumulate);
        storeRow(c, cStart + 2 * ldc, c20, c21, accumulate);
        storeRow(c, cStart + 3 * ldc, c30, c31, accumulate);
        storeRow(c, cStart + 4 * ldc, c40, c41, accumulate);
        if (MR == 6) storeRow(c, cStart + 5 * ldc, c50, c51, accumulate);
    }

    /**
     * A full tile whose A is row-major (column stride 1: the LSTM's h, a Linear layer's input): row r's value at step p is
     * a[aStart + r rs + p]. Indexed by p itself, every A read is the loop index plus an invariant, so C2 checks their
     * bounds once before the loop instead of at every step, as it must for the strided indices of multiplyStridedA.
     */
    private static void rowsTile(int kc, float[] a, int aStart, int rs, float[] bPanel, int bStart, int ldb,
                                 float[] c, int cStart, int ldc, boolean accumulate) {
        int a0 = aStart, a1 = aStart + rs, a2 = aStart + 2 * rs, a3 = aStart + 3 * rs, a4 = aStart + 4 * rs;
        int a5 = MR == 6 ? aStart + 5 * rs : aStart; // MR 6 only
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
            int b = bStart + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bPanel, b);
            FloatVector b1 = FloatVector.fromArray(S, bPanel, b + V);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + p]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[a1 + p]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, a[a2 + p]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, a[a3 + p]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, a[a4 + p]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            if (MR == 6) {
                ar = FloatVector.broadcast(S, a[a5 + p]);
                c50 = ar.fma(b0, c50);
                c51 = ar.fma(b1, c51);
            }
        }
        storeRow(c, cStart, c00, c01, accumulate);
        storeRow(c, cStart + ldc, c10, c11, accumulate);
        storeRow(c, cStart + 2 * ldc, c20, c21, accumulate);
        storeRow(c, cStart + 3 * ldc, c30, c31, accumulate);
        storeRow(c, cStart + 4 * ldc, c40, c41, accumulate);
        if (MR == 6) storeRow(c, cStart + 5 * ldc, c50, c51, accumulate);
    }

    /**
     * One or two rows of C: the last rows of an A whose height is not a multiple of MR (with 16 rows per thread, the
     * LSTM's recurrence at batch 32 on two threads ends each thread's rows with one). The full tile would compute MR
     * rows for them, at the cost of MR; this computes two, in the same order of operations as the full tile, so a row's
     * result does not depend on the tile it fell in, nor on the thread count. Its four chains of multiply-adds then
     * wait on each other's latency: on a Zen 3 core, kc 32, 59 ns against the full tile's 79. One row repeats the
     * first (rs = 0).
     */
    private static void thinTile(int kc, float[] a, int aStart, int rs, int cs, float[] bPanel, int bStart, int ldb,
                                 float[] c, int cStart, int ldc, int rows, boolean accumulate) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero;
        int a0 = aStart, a1 = aStart + rs;
        for (int p = 0, q = 0; p < kc; p++, q += cs) {
            int b = bStart + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bPanel, b), b1 = FloatVector.fromArray(S, bPanel, b + V);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + q]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[a1 + q]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
        }
        storeRow(c, cStart, c00, c01, accumulate);
        if (rows == 2) storeRow(c, cStart + ldc, c10, c11, accumulate);
    }

    /**
     * The tile with A read where it lies: the MR broadcasts of step p are {@code a[row_r + p cs]} for the MR row
     * starts {@code row_r = aStart + r rs} (a packed panel: rs = 1, cs = MR; a row-major A: cs = 1; a transposed view:
     * rs = 1). A tile of fewer rows repeats its last row (computed, never stored), so no read goes past A.
     */
    @Override
    public void multiplyStridedA(int kc, float[] a, int aStart, int rs, int cs, float[] bPanel, int bStart, int ldb,
                                 float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        if (cs == 1 && rows == MR && columns == NR) {
            rowsTile(kc, a, aStart, rs, bPanel, bStart, ldb, c, cStart, ldc, accumulate);
            return;
        }
        if (cs == 1 && rows == MR) { // a narrow last panel, padded to NR columns: the full tile into a temporary
            float[] tile = new float[MR * NR];
            rowsTile(kc, a, aStart, rs, bPanel, bStart, ldb, tile, 0, NR, false);
            GemmMicroKernel.storeCorner(tile, 0, c, cStart, ldc, rows, columns, accumulate);
            return;
        }
        if (rows <= 2 && columns == NR) {
            thinTile(kc, a, aStart, rows == 2 ? rs : 0, cs, bPanel, bStart, ldb, c, cStart, ldc, rows, accumulate);
            return;
        }
        int last = rows - 1;
        int a0 = aStart, a1 = aStart + Math.min(1, last) * rs, a2 = aStart + Math.min(2, last) * rs;
        int a3 = aStart + Math.min(3, last) * rs, a4 = aStart + Math.min(4, last) * rs, a5 = aStart + Math.min(5, last) * rs; // a5: MR 6 only
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
            if (MR == 6) {
                ar = FloatVector.broadcast(S, a[a5 + q]);
                c50 = ar.fma(b0, c50);
                c51 = ar.fma(b1, c51);
            }
        }
        if (rows == MR && columns == NR) {
            storeRow(c, cStart, c00, c01, accumulate);
            storeRow(c, cStart + ldc, c10, c11, accumulate);
            storeRow(c, cStart + 2 * ldc, c20, c21, accumulate);
            storeRow(c, cStart + 3 * ldc, c30, c31, accumulate);
            storeRow(c, cStart + 4 * ldc, c40, c41, accumulate);
            if (MR == 6) storeRow(c, cStart + 5 * ldc, c50, c51, accumulate);
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
            if (MR == 6) {
                c50.intoArray(tile, 5 * NR);
                c51.intoArray(tile, 5 * NR + V);
            }
            GemmMicroKernel.storeCorner(tile, 0, c, cStart, ldc, rows, columns, accumulate);
        }
    }

    /** Full rows as two vectors each, instead of one arraycopy call per row. */
    @Override
    public void copyTile(float[] tile, int at, float[] c, int cStart, int ldc, int rows, int columns) {
        if (columns != NR) {
            GemmMicroKernel.super.copyTile(tile, at, c, cStart, ldc, rows, columns);
            return;
        }
        for (int r = 0; r < rows; r++) {
            FloatVector.fromArray(S, tile, at + r * NR).intoArray(c, cStart + r * ldc);
            FloatVector.fromArray(S, tile, at + r * NR + V).intoArray(c, cStart + r * ldc + V);
        }
    }

    @Override
    public boolean readsAInPlace() {
        return true;
    }

    /**
     * Stores one row of the tile. This and {@link #store} stay under C2's size for inlining a call site it has seen
     * rarely (-XX:MaxInlineSize, 35 bytes of bytecode): a row store that was larger (52 bytes) was not inlined where the
     * profile found few full tiles, its vectors were boxed to be passed, and the fused multiply-adds of that compiled
     * kernel allocated (C2's training step went 403 -> 1001 ms on a Zen 3 core when its full tiles moved elsewhere).
     */
    private static void storeRow(float[] c, int at, FloatVector left, FloatVector right, boolean accumulate) {
        store(c, at, left, accumulate);
        store(c, at + V, right, accumulate);
    }

    private static void store(float[] c, int at, FloatVector v, boolean accumulate) {
        if (accumulate) {
            v.add(FloatVector.fromArray(S, c, at)).intoArray(c, at);
        } else {
            v.intoArray(c, at); // each branch its own store: one store of a merged value was not intrinsified
        }
    }

    @Override
    public String name() {
        return "vector";
    }
}
