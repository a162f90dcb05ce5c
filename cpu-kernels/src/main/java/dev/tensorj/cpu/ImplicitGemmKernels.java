package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.tensorj.cpu.GemmMicroKernel.MR;

/**
 * The two SIMD loops of {@link ImplicitGemmConvolution}, whose B rows are shifted copies of one
 * padded image (row r starts at {@code image[rowOffsets[r]]}) instead of rows a fixed stride apart.
 * Loaded only when {@code jdk.incubator.vector} is present.
 */
final class ImplicitGemmKernels {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES; // one shape for all kernels (see there)
    private static final int V = S.length();
    /** Output-gradient rows (output channels) of one weight-gradient tile... */
    static final int DOT_ROWS = 4;
    /** ... and image rows (kernel taps) of it: 12 accumulators, 7 loads per 12 multiply-adds. */
    static final int DOT_COLUMNS = 3;

    private ImplicitGemmKernels() {
    }

    /**
     * C[MR x NR] = Apanel[MR x k] * B[k x NR] with B[p, j] = image[bStart + rowOffsets[p] + j]: the
     * MR x NR register tile of {@link GemmVectorKernel}, its B rows found through the offset table. All
     * MR rows are stored (C has room for them; rows past the real ones are the zero rows of A's padding).
     */
    static void multiply(int k, float[] aPanel, int aStart, float[] image, int bStart, int[] rowOffsets,
                         float[] c, int cStart, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0; p < k; p++) {
            int a = aStart + p * MR, b = bStart + rowOffsets[p];
            FloatVector b0 = FloatVector.fromArray(S, image, b);
            FloatVector b1 = FloatVector.fromArray(S, image, b + V);
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
            if (MR == 6) {
                ar = FloatVector.broadcast(S, aPanel[a + 5]);
                c50 = ar.fma(b0, c50);
                c51 = ar.fma(b1, c51);
            }
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
        if (MR == 6) {
            c50.intoArray(c, cStart + 5 * ldc);
            c51.intoArray(c, cStart + 5 * ldc + V);
        }
    }

    /**
     * Whether x[from .. from + n) holds only finite values: v - v is 0 for a finite v and NaN for an
     * infinite or NaN one, and a sum of such values is NaN as soon as one is.
     */
    static boolean allFinite(float[] x, int from, int n) {
        FloatVector acc = FloatVector.zero(S);
        int end = from + S.loopBound(n);
        for (int i = from; i < end; i += V) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            acc = acc.add(v.sub(v));
        }
        float tail = 0;
        for (int i = end; i < from + n; i++) tail += x[i] - x[i];
        return !Float.isNaN(Lanes.sum(acc) + tail);
    }

    /** Floats of the lane partial sums for a weight gradient of {@code rows} x {@code taps} (both whole tiles). */
    static int partialFloats(int rows, int taps) {
        return rows * taps * V;
    }

    /**
     * Adds G [rows, q] . Bᵀ to the lane partial sums, with B[r, j] = image[rowOffsets[r] + j]: for each
     * 4 x 3 tile of the product, twelve dot products of length q (a multiple of the V lanes) kept as
     * V-lane vectors in {@code lanes} from one image to the next; {@link #sumLanes} adds their lanes at the end.
     * Tile (s, t) keeps its twelve vectors at {@code lanes[((s * tTiles + t) * 12 + 3 row + column) * V]}.
     */
    static void accumulateProducts(float[] g, int rows, int q, float[] image, int[] rowOffsets, float[] lanes) {
        int tTiles = rowOffsets.length / DOT_COLUMNS;
        for (int s = 0; s < rows / DOT_ROWS; s++) {
            int g0 = s * DOT_ROWS * q, g1 = g0 + q, g2 = g1 + q, g3 = g2 + q;
            for (int t = 0; t < tTiles; t++) {
                int b0 = rowOffsets[t * DOT_COLUMNS], b1 = rowOffsets[t * DOT_COLUMNS + 1], b2 = rowOffsets[t * DOT_COLUMNS + 2];
                tile(g, g0, g1, g2, g3, image, b0, b1, b2, q, lanes, (s * tTiles + t) * DOT_ROWS * DOT_COLUMNS * V);
            }
        }
    }

    private static void tile(float[] g, int g0, int g1, int g2, int g3, float[] image, int b0, int b1, int b2, int q, float[] lanes, int at) {
        FloatVector c00 = FloatVector.fromArray(S, lanes, at), c01 = FloatVector.fromArray(S, lanes, at + V);
        FloatVector c02 = FloatVector.fromArray(S, lanes, at + 2 * V), c10 = FloatVector.fromArray(S, lanes, at + 3 * V);
        FloatVector c11 = FloatVector.fromArray(S, lanes, at + 4 * V), c12 = FloatVector.fromArray(S, lanes, at + 5 * V);
        FloatVector c20 = FloatVector.fromArray(S, lanes, at + 6 * V), c21 = FloatVector.fromArray(S, lanes, at + 7 * V);
        FloatVector c22 = FloatVector.fromArray(S, lanes, at + 8 * V), c30 = FloatVector.fromArray(S, lanes, at + 9 * V);
        FloatVector c31 = FloatVector.fromArray(S, lanes, at + 10 * V), c32 = FloatVector.fromArray(S, lanes, at + 11 * V);
        for (int j = 0; j < q; j += V) {
            FloatVector x0 = FloatVector.fromArray(S, image, b0 + j);
            FloatVector x1 = FloatVector.fromArray(S, image, b1 + j);
            FloatVector x2 = FloatVector.fromArray(S, image, b2 + j);
            FloatVector d = FloatVector.fromArray(S, g, g0 + j);
            c00 = d.fma(x0, c00);
            c01 = d.fma(x1, c01);
            c02 = d.fma(x2, c02);
            d = FloatVector.fromArray(S, g, g1 + j);
            c10 = d.fma(x0, c10);
            c11 = d.fma(x1, c11);
            c12 = d.fma(x2, c12);
            d = FloatVector.fromArray(S, g, g2 + j);
            c20 = d.fma(x0, c20);
            c21 = d.fma(x1, c21);
            c22 = d.fma(x2, c22);
            d = FloatVector.fromArray(S, g, g3 + j);
            c30 = d.fma(x0, c30);
            c31 = d.fma(x1, c31);
            c32 = d.fma(x2, c32);
        }
        c00.intoArray(lanes, at);
        c01.intoArray(lanes, at + V);
        c02.intoArray(lanes, at + 2 * V);
        c10.intoArray(lanes, at + 3 * V);
        c11.intoArray(lanes, at + 4 * V);
        c12.intoArray(lanes, at + 5 * V);
        c20.intoArray(lanes, at + 6 * V);
        c21.intoArray(lanes, at + 7 * V);
        c22.intoArray(lanes, at + 8 * V);
        c30.intoArray(lanes, at + 9 * V);
        c31.intoArray(lanes, at + 10 * V);
        c32.intoArray(lanes, at + 11 * V);
    }

    /** sum[o * k + r] = the lanes of product (o, r), added in lane order, for the o x k entries that are real. */
    static void sumLanes(float[] lanes, int rows, int taps, int o, int k, float[] sum) {
        int tTiles = taps / DOT_COLUMNS;
        for (int row = 0; row < o; row++) {
            for (int r = 0; r < k; r++) {
                int at = (((row / DOT_ROWS) * tTiles + r / DOT_COLUMNS) * DOT_ROWS * DOT_COLUMNS
                        + (row % DOT_ROWS) * DOT_COLUMNS + r % DOT_COLUMNS) * V;
                float s = 0;
                for (int lane = 0; lane < V; lane++) s += lanes[at + lane];
                sum[row * k + r] = s;
            }
        }
    }
}
