package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.Tensor;

/**
 * FLOAT32 matrix multiplication for {@link CpuBackend}: C = A B for each batch entry, A [M, K] and
 * B [K, N] with any strides (transposed views cost nothing extra), C [M, N] contiguous.
 *
 * <p>The structure is the one of GotoBLAS/BLIS: the K axis is cut into slices of {@link #KC}; for each
 * slice, panels of B ({@code KC x NR} strips) and blocks of A ({@code MR x KC} strips) are copied
 * ("packed") into contiguous buffers in the exact order the micro-kernel reads them, so that the
 * innermost loop streams through memory and every loaded value is used {@code MR} or {@code NR} times
 * from registers. The micro-kernel computes an {@code MR x NR = 6 x 16} tile of C with 12 vector
 * accumulators ({@link GemmKernels}). Work is split over {@link Parallel}'s threads along the larger of
 * M and N. Small products skip all this for a direct loop.
 */
final class Gemm {
    static final int MR = GemmKernels.MR, NR = GemmKernels.NR;
    /** K-slice: one packed A strip (6 x 256 floats = 6 KiB) and one B strip (16 KiB) sit in L1. */
    static final int KC = 256;
    /** Rows of A per packed block: 96 x 256 floats = 96 KiB, in L2. */
    static final int MC = 96;
    /** Products smaller than this many multiply-adds use the direct loop. */
    static final long SMALL = 32 * 32 * 32;

    private static final boolean TRACE = Boolean.getBoolean("tensorj.gemm.trace");

    private Gemm() {
    }

    /** A strided matrix view: element (i, j) is at data[offset + i * rowStride + j * colStride]. */
    record Matrix(float[] data, int offset, int rowStride, int colStride) {
        float get(int i, int j) {
            return data[offset + i * rowStride + j * colStride];
        }
    }

    static void batched(Tensor a, Tensor b, Tensor out) {
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        float[] av = ((CpuStorage) a.storage()).floats(), bv = ((CpuStorage) b.storage()).floats(), cv = ((CpuStorage) out.storage()).floats();
        if (TRACE) System.err.println("gemm batch=" + batch + " m=" + m + " n=" + n + " k=" + k + " aStrides=" + java.util.Arrays.toString(a.strides()) + " bStrides=" + java.util.Arrays.toString(b.strides()));
        Parallel.RangeBody entries = (first, last) -> {
            for (int p = first; p < last; p++) {
                Matrix A = new Matrix(av, a.offset() + p * a.stride(0), a.stride(1), a.stride(2));
                Matrix B = new Matrix(bv, b.offset() + p * b.stride(0), b.stride(1), b.stride(2));
                Matrix C = new Matrix(cv, out.offset() + p * out.stride(0), out.stride(1), out.stride(2));
                multiply(m, n, k, A, B, C);
            }
        };
        // many small products (a convolution's per-image GEMMs): one thread per group of batch entries;
        // few large ones: each product is split over the threads
        if (batch > 1 && (long) m * n * k < 4L * 1024 * 1024) Parallel.forRange(batch, 1, entries);
        else entries.run(0, batch);
    }

    /** C = A B (C overwritten). */
    static void multiply(int m, int n, int k, Matrix A, Matrix B, Matrix C) {
        if ((long) m * n * k <= SMALL || C.colStride() != 1) {
            direct(m, n, k, A, B, C, 0, m);
            return;
        }
        int threads = Parallel.threads();
        if (m >= n) {
            // split rows of C into MC-aligned ranges
            int blocks = (m + MC - 1) / MC;
            Parallel.forRange(blocks, 1, (first, last) -> blocked(k, A, B, C, first * MC, Math.min(m, last * MC), 0, n));
        } else {
            int panels = (n + NR - 1) / NR;
            Parallel.forRange(panels, Math.max(1, panels / (4 * threads) > 0 ? 1 : 1), (first, last) ->
                    blocked(k, A, B, C, 0, m, first * NR, Math.min(n, last * NR)));
        }
    }

    /** C[i0:i1, j0:j1] = A[i0:i1, :] B[:, j0:j1] through packed buffers and the micro-kernel. */
    private static void blocked(int k, Matrix A, Matrix B, Matrix C, int i0, int i1, int j0, int j1) {
        int width = j1 - j0;
        if (width <= 0 || i1 <= i0) return;
        int panels = (width + NR - 1) / NR;
        int kc = Math.min(KC, k);
        // packing buffers are per thread and reused: no allocation per call in the steady state
        Buffers buffers = BUFFERS.get();
        float[] packedB = buffers.b(panels * NR * kc);
        float[] packedA = buffers.a(((Math.min(MC, i1 - i0) + MR - 1) / MR) * MR * kc);
        float[] edge = buffers.edge;
        for (int i = i0; i < i1; i++) java.util.Arrays.fill(C.data(), C.offset() + i * C.rowStride() + j0, C.offset() + i * C.rowStride() + j1, 0f);
        for (int q0 = 0; q0 < k; q0 += KC) {
            int depth = Math.min(KC, k - q0);
            GemmPacking.packB(B, q0, depth, j0, width, packedB, kc);
            for (int ib = i0; ib < i1; ib += MC) {
                int rows = Math.min(MC, i1 - ib);
                GemmPacking.packA(A, ib, rows, q0, depth, packedA, kc);
                for (int jp = 0; jp < panels; jp++) {
                    int cols = Math.min(NR, width - jp * NR);
                    for (int ir = 0; ir < rows; ir += MR) {
                        int tileRows = Math.min(MR, rows - ir);
                        int cOffset = C.offset() + (ib + ir) * C.rowStride() + j0 + jp * NR;
                        if (tileRows == MR && cols == NR) {
                            GemmKernels.kernel(depth, packedA, ir * kc, packedB, jp * NR * kc, C.data(), cOffset, C.rowStride());
                        } else {
                            // edge tile: compute a full tile into a scratch buffer, add the valid part
                            java.util.Arrays.fill(edge, 0f);
                            GemmKernels.kernel(depth, packedA, ir * kc, packedB, jp * NR * kc, edge, 0, NR);
                            for (int r = 0; r < tileRows; r++) {
                                for (int c = 0; c < cols; c++) C.data()[cOffset + r * C.rowStride() + c] += edge[r * NR + c];
                            }
                        }
                    }
                }
            }
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** A thread's packing buffers, grown on demand and kept. */
    private static final class Buffers {
        private float[] a = new float[0], b = new float[0];
        final float[] edge = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }
    }

    /** The textbook loop for small products: rows i0..i1 of C, in i-k-j order so the inner loop streams B's rows. */
    static void direct(int m, int n, int k, Matrix A, Matrix B, Matrix C, int i0, int i1) {
        float[] row = new float[n];
        for (int i = i0; i < i1; i++) {
            java.util.Arrays.fill(row, 0f);
            for (int q = 0; q < k; q++) {
                float aiq = A.get(i, q);
                if (aiq == 0f) continue;
                int bBase = B.offset() + q * B.rowStride();
                int bStep = B.colStride();
                for (int j = 0; j < n; j++) row[j] += aiq * B.data()[bBase + j * bStep];
            }
            for (int j = 0; j < n; j++) C.data()[C.offset() + i * C.rowStride() + j * C.colStride()] = row[j];
        }
    }
}
