package dev.tensorj.cuda.vendor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-major -> column-major mapping, checked without a GPU: each {@link GemmMapping.Call} is executed by a
 * literal column-major SGEMM written from cuBLAS's documentation (op, ld, batch strides, offsets) on flat
 * arrays, and must give our row-major product, for contiguous, transposed, sliced and broadcast layouts.
 */
class GemmMappingTest {

    /** A strided operand in a flat array: element (batch, i, j) at offset + batch*bs + i*rs + j*cs. */
    record Strided(int offset, int batchStride, int rowStride, int colStride) {
        GemmMapping.Operand operand() {
            return new GemmMapping.Operand(offset, batchStride, rowStride, colStride);
        }

        int at(int batch, int i, int j) {
            return offset + batch * batchStride + i * rowStride + j * colStride;
        }
    }

    /** cuBLAS's definition: C = alpha op(A) op(B) + beta C, column-major, op(X) = X or X^T, X(r, c) at r + c*ld. */
    static void columnMajorSgemm(GemmMapping.Call call, float[] a, float[] b, float[] c) {
        for (int batch = 0; batch < call.batches(); batch++) {
            for (int i = 0; i < call.m(); i++) {
                for (int j = 0; j < call.n(); j++) {
                    double sum = 0;
                    for (int p = 0; p < call.k(); p++) {
                        long ai = call.offsetA() + batch * call.strideA() + (call.transA() == Cublas.OP_N ? i + (long) p * call.lda() : p + (long) i * call.lda());
                        long bi = call.offsetB() + batch * call.strideB() + (call.transB() == Cublas.OP_N ? p + (long) j * call.ldb() : j + (long) p * call.ldb());
                        sum += (double) a[(int) ai] * b[(int) bi];
                    }
                    int ci = (int) (call.offsetC() + batch * call.strideC() + i + (long) j * call.ldc());
                    c[ci] = (float) (call.alpha() * sum + call.beta() * c[ci]);
                }
            }
        }
    }

    /** Maps, runs through the column-major reference, and compares with the row-major product. */
    static void check(String what, int m, int n, int k, int batches, Strided a, Strided b, Strided c, float beta) {
        Random random = new Random(what.hashCode());
        float[] av = random(random, 4096), bv = random(random, 4096), cv = random(random, 4096);
        float[] expected = cv.clone();
        for (int batch = 0; batch < batches; batch++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) sum += (double) av[a.at(batch, i, p)] * bv[b.at(batch, p, j)];
                    int at = c.at(batch, i, j);
                    expected[at] = (float) (sum + beta * cv[at]);
                }
            }
        }
        GemmMapping.Call call = GemmMapping.map(m, n, k, batches, 1f, a.operand(), b.operand(), beta, c.operand());
        assertNotNull(call, what + ": expected a cuBLAS call");
        float[] first = call.swapped() ? bv : av, second = call.swapped() ? av : bv;
        columnMajorSgemm(call, first, second, cv);
        for (int i = 0; i < cv.length; i++) {
            int at = i;
            assertEquals(expected[i], cv[i], 1e-4f * (1 + Math.abs(expected[i])), () -> what + ": element " + at + " (" + call + ")");
        }
    }

    static float[] random(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = random.nextFloat() * 2 - 1;
        return v;
    }

    @Test
    void contiguousRowMajorSwapsTheOperands() {
        int m = 5, n = 7, k = 3;
        check("contiguous", m, n, k, 2, new Strided(0, m * k, k, 1), new Strided(0, k * n, n, 1), new Strided(0, m * n, n, 1), 0f);
        GemmMapping.Call call = GemmMapping.map(m, n, k, 1, 1f, new GemmMapping.Operand(0, 0, k, 1), new GemmMapping.Operand(0, 0, n, 1), 0f,
                new GemmMapping.Operand(0, 0, n, 1));
        // C^T (n x m, ld n) = B^T (n x k, stored as B: op N, ld n) A^T (k x m, stored as A: op N, ld k)
        assertEquals(new GemmMapping.Call(Cublas.OP_N, Cublas.OP_N, n, m, k, 1f, 0, n, 0, 0, k, 0, 0f, 0, n, 0, 1, true), call);
    }

    @Test
    void transposedOperandsBecomeOpT() {
        int m = 4, n = 6, k = 5;
        check("A transposed", m, n, k, 1, new Strided(0, 0, 1, m), new Strided(0, 0, n, 1), new Strided(0, 0, n, 1), 0f);
        check("B transposed", m, n, k, 1, new Strided(0, 0, k, 1), new Strided(0, 0, 1, k), new Strided(0, 0, n, 1), 0f);
        check("both transposed", m, n, k, 3, new Strided(0, m * k, 1, m), new Strided(0, n * k, 1, k), new Strided(0, m * n, n, 1), 0f);
    }

    @Test
    void aTransposedOutputIsComputedAsWritten() {
        int m = 4, n = 6, k = 5;
        check("C transposed", m, n, k, 2, new Strided(0, m * k, k, 1), new Strided(0, k * n, n, 1), new Strided(0, m * n, 1, m), 0f);
        GemmMapping.Call call = GemmMapping.map(m, n, k, 1, 1f, new GemmMapping.Operand(0, 0, k, 1), new GemmMapping.Operand(0, 0, n, 1), 0f,
                new GemmMapping.Operand(0, 0, 1, m));
        assertTrue(call != null && !call.swapped() && call.m() == m && call.n() == n, String.valueOf(call));
    }

    @Test
    void slicesOffsetsBroadcastBatchesAndBetaPassThrough() {
        int m = 3, n = 4, k = 6;
        check("sliced rows (ld > columns) and offsets", m, n, k, 2, new Strided(7, 40, 10, 1), new Strided(3, 50, 9, 1), new Strided(11, 60, 12, 1), 0f);
        check("weights shared across the batch (stride 0)", m, n, k, 3, new Strided(0, 0, k, 1), new Strided(0, k * n, n, 1), new Strided(0, m * n, n, 1), 0f);
        check("beta 1 accumulates", m, n, k, 1, new Strided(0, 0, k, 1), new Strided(0, 0, n, 1), new Strided(0, 0, n, 1), 1f);
    }

    @Test
    void vectorsAndSingleRowsIgnoreTheStrideOfTheirUnitAxis() {
        check("row vector times matrix", 1, 5, 4, 1, new Strided(0, 0, 999, 1), new Strided(0, 0, 5, 1), new Strided(0, 0, 777, 1), 0f);
        check("matrix times column vector", 5, 1, 4, 1, new Strided(0, 0, 4, 1), new Strided(0, 0, 1, 555), new Strided(0, 0, 1, 333), 0f);
        check("outer product", 3, 4, 1, 1, new Strided(0, 0, 1, 99), new Strided(0, 0, 88, 1), new Strided(0, 0, 4, 1), 0f);
    }

    @Test
    void layoutsCuBlasCannotReadHaveNoCall() {
        var contiguous = new GemmMapping.Operand(0, 0, 4, 1);
        assertNull(GemmMapping.map(4, 4, 4, 1, 1f, new GemmMapping.Operand(0, 0, 0, 1), contiguous, 0f, contiguous), "A broadcast along rows");
        assertNull(GemmMapping.map(4, 4, 4, 1, 1f, new GemmMapping.Operand(0, 0, 8, 2), contiguous, 0f, contiguous), "A with no unit stride");
        assertNull(GemmMapping.map(4, 4, 4, 1, 1f, contiguous, contiguous, 0f, new GemmMapping.Operand(0, 0, 8, 2)), "C with no unit stride");
        assertNull(GemmMapping.map(4, 4, 4, 2, 1f, contiguous, contiguous, 0f, new GemmMapping.Operand(0, 0, 4, 1)), "batches writing one C");
        assertNull(GemmMapping.map(4, 4, 0, 1, 1f, contiguous, contiguous, 0f, contiguous), "k = 0 stays on our kernel");
    }

    @Test
    void randomLayoutsAgreeWithTheRowMajorProduct() {
        Random random = new Random(25);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + random.nextInt(6), n = 1 + random.nextInt(6), k = 1 + random.nextInt(6), batches = 1 + random.nextInt(3);
            Strided a = layout(random, m, k), b = layout(random, k, n), c = layout(random, m, n);
            check("trial " + trial + " (m " + m + ", n " + n + ", k " + k + ", batches " + batches + ", seed 25)", m, n, k, batches, a, b, c,
                    random.nextBoolean() ? 0f : 1f);
        }
    }

    /** A random row-major or transposed layout with padding, offset and a batch stride that keeps batches apart. */
    static Strided layout(Random random, int rows, int cols) {
        int pad = random.nextInt(3), offset = random.nextInt(5);
        boolean transposed = random.nextBoolean();
        int rowStride = transposed ? 1 : cols + pad, colStride = transposed ? rows + pad : 1;
        return new Strided(offset, (rows + pad) * (cols + pad), rowStride, colStride);
    }
}
