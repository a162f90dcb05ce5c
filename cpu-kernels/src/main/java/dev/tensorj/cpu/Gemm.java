package dev.tensorj.cpu;

import dev.tensorj.tensor.KernelTrace;

import static dev.tensorj.cpu.GemmMicroKernel.NR;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * FLOAT32 matrix multiplication for {@link CpuBackend}: out[b] = a[b] * b[b] for every batch entry,
 * where a is [B, M, K] and b is [B, K, N] with any strides (transposed, sliced with a step, or
 * broadcast over the batch with stride 0) and out is [B, M, N] with unit column stride.
 *
 * <p>Three routes, chosen by shape and layout, and one way to share the work:
 * <ul>
 *   <li>{@link GemmDirect}: plain loops for tiny or one-row/one-column products, where packing
 *       would cost more than it saves (unless the dot-product route below applies);</li>
 *   <li>{@code GemmDotKernel}: dot products straight from the operands, no packing, for the
 *       Linear-layer layout X * W^T when one side of C is short and k is long (packing the big
 *       operand would cost as much as the arithmetic);</li>
 *   <li>{@link GemmBlocked}: the Goto/BLIS algorithm — pack panels of A and B straight from their
 *       strides, then a register-blocked {@link GemmMicroKernel} (SIMD {@code GemmVectorKernel}
 *       when {@code jdk.incubator.vector} is present, else {@link GemmScalarKernel});</li>
 *   <li>work is spread over {@link Parallel}: across batch entries when there are enough of them,
 *       otherwise by splitting C into column strips (or row strips when C is taller than wide).</li>
 * </ul>
 * {@code -Dtensorj.simd=off} (see {@link Simd}) takes the plain-Java micro-kernel.
 */
final class Gemm {
    /** Products with at most this many multiply-adds run the direct loops (8^3; measured about even with packing there). */
    static final long DIRECT_MAX_WORK = 8 * 8 * 8;
    /**
     * Products with fewer multiply-adds than this (4 M, about 160^3 or 50 microseconds on one core) stay
     * on one thread: waking the pool's workers costs tens of microseconds on a busy machine.
     */
    static final long PARALLEL_MIN_WORK = 1L << 22;

    /** The unpacked dot-product route is taken when the shorter side of C is at most this (from 128 on, packing measured faster)... */
    static final int DOT_MAX_SIDE = 64;
    /**
     * ... and k at least this: the lane sums of each tile need a long k to pay off. Measured on the
     * convolution's weight-gradient shapes (m = 64 output channels, n = C·kH·kW, k = output pixels):
     * at k = 196 the packed route ran 2.2x faster, at k = 121 1.2x, at k = 784 they tied; at k = 2560
     * and 25088 the dot route ran 2.5x faster.
     */
    static final int DOT_MIN_DEPTH = 1024;

    /** The unpacked route of {@code GemmDotKernel}, behind an interface so that class loads only with the Vector API. */
    interface DotProducts {
        /** Rows and columns of C in one register tile: the threads' strips are multiples of it. */
        int TILE = 4;

        /** C[rowStart..rowEnd, colStart..colEnd) = A * B for A with unit column stride and B with unit row stride. */
        void multiply(GemmOperand a, GemmOperand b, int k, float[] c, int cOffset, int ldc,
                      int rowStart, int rowEnd, int colStart, int colEnd);
    }

    private static final GemmMicroKernel DEFAULT_KERNEL = chooseKernel();
    private static final DotProducts DEFAULT_DOT = DEFAULT_KERNEL == GemmScalarKernel.INSTANCE ? null : load("GemmDotKernel", DotProducts.class);
    /** The 12-row kernel for the packed route, with 512-bit vectors only (AVX2's 16 registers cannot hold its tile). */
    private static final GemmMicroKernel WIDE_KERNEL = DEFAULT_KERNEL != GemmScalarKernel.INSTANCE && Simd.lanes() == 16
            ? load("GemmWideVectorKernel", GemmMicroKernel.class) : null;
    private static volatile GemmMicroKernel kernel = DEFAULT_KERNEL;
    private static volatile DotProducts dot = DEFAULT_DOT;
    private static volatile boolean wideAllowed = true;

    private Gemm() {
    }

    /** The SIMD kernel when SIMD is on (see {@link Simd}), else null; the class is loaded only here. */
    static GemmMicroKernel vectorKernel() {
        return Simd.AVAILABLE ? load("GemmVectorKernel", GemmMicroKernel.class) : null;
    }

    /** The INSTANCE of a class of this package that uses the Vector API, or null without that module. */
    private static <T> T load(String simpleName, Class<T> type) {
        if (!Simd.AVAILABLE) return null;
        try {
            Class<?> found = Class.forName(Gemm.class.getPackageName() + "." + simpleName);
            return type.cast(found.getDeclaredField("INSTANCE").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static GemmMicroKernel chooseKernel() {
        if (!Simd.AVAILABLE) return GemmScalarKernel.INSTANCE;
        GemmMicroKernel vector = vectorKernel();
        return vector != null ? vector : GemmScalarKernel.INSTANCE;
    }

    /** The micro-kernel in use. */
    static GemmMicroKernel kernel() {
        return kernel;
    }

    /**
     * Switches the micro-kernel (tests cover both); {@code null} restores the default choice. The
     * scalar kernel also turns off the dot-product route, so that no Vector API code runs.
     */
    static void useKernel(GemmMicroKernel choice) {
        kernel = choice != null ? choice : DEFAULT_KERNEL;
        dot = kernel == GemmScalarKernel.INSTANCE ? null : load("GemmDotKernel", DotProducts.class);
    }

    /** For tests: false keeps the packed route on the MR-row kernel even where the 12-row one would be taken. */
    static void allowWideKernel(boolean allowed) {
        wideAllowed = allowed;
    }

    /** Whether this JVM has the 12-row kernel (512-bit vectors). */
    static boolean hasWideKernel() {
        return WIDE_KERNEL != null;
    }

    /**
     * The packed route's kernel takes 12-row tiles from this depth on: its gain is the deep block (C loaded and stored
     * once per 1024-deep pass). Measured in one JVM, 6-row vs 12-row GFLOP/s: 1024³ 80 vs 96 (one thread), 117 vs 129
     * (two); 512³ 86 vs 95, 86 vs 88; but 256³ 85 vs 81 and 84 vs 73, and the DCGAN's [256, 100] x [100, 12544] even.
     */
    static final int WIDE_MIN_DEPTH = 512;

    /**
     * The micro-kernel of the packed route for this product: the 12-row kernel in place of the default vector kernel
     * for deep products (k &gt;= WIDE_MIN_DEPTH), unless B is read in place (its panels are then B's own rows, blocked
     * for the MR-row kernel's depth) or C has fewer rows than one of its tiles.
     */
    static GemmMicroKernel packedKernel(GemmMicroKernel micro, GemmOperand b, int m, int n, int k) {
        boolean wide = WIDE_KERNEL != null && wideAllowed && micro == DEFAULT_KERNEL && k >= WIDE_MIN_DEPTH
                && m >= GemmWideVectorKernel.ROWS && !GemmBlocked.readsBInPlace(b, k, n);
        return wide ? WIDE_KERNEL : micro;
    }

    static void batched(Tensor a, Tensor b, Tensor out) {
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        if (out.numel() == 0) return;
        if (n > 1 && out.stride(2) != 1) {
            Tensor contiguous = Tensor.zeros(out.dtype(), out.device(), batch, m, n);
            batched(a, b, contiguous);
            out.copyFrom(contiguous);
            return;
        }
        float[] c = floats(out);
        int ldc = out.stride(1), cBatchStride = out.stride(0);
        if (k == 0) {
            for (int p = 0; p < batch; p++) {
                for (int i = 0; i < m; i++) {
                    int row = out.offset() + p * cBatchStride + i * ldc;
                    java.util.Arrays.fill(c, row, row + n, 0f);
                }
            }
            return;
        }
        float[] av = floats(a), bv = floats(b);
        GemmMicroKernel micro = kernel;
        DotProducts unpacked = dot;
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        // Whole matrices per thread when that balances: no duplicated packing, no splitting of C.
        boolean overBatch = batch > 1 && (work < 64 * PARALLEL_MIN_WORK || batch % threads == 0 || batch >= 4 * threads);
        if (KernelTrace.active()) { // the name costs two operands and a string: only when traced
            GemmOperand left = new GemmOperand(av, a.offset(), a.stride(1), a.stride(2)), right = new GemmOperand(bv, b.offset(), b.stride(1), b.stride(2));
            KernelTrace.route(traceName(route(unpacked, left, right, m, n, k), packedKernel(micro, right, m, n, k)) + (overBatch ? ", batch over threads" : ""));
        }
        Parallel.RangeBody entries = (start, end) -> {
            for (int p = start; p < end; p++) {
                GemmOperand left = new GemmOperand(av, a.offset() + p * a.stride(0), a.stride(1), a.stride(2));
                GemmOperand right = new GemmOperand(bv, b.offset() + p * b.stride(0), b.stride(1), b.stride(2));
                multiply(micro, unpacked, left, right, m, n, k, c, out.offset() + p * cBatchStride, ldc, !overBatch);
            }
        };
        if (overBatch) {
            Parallel.forRange(batch, (int) Math.max(1, PARALLEL_MIN_WORK / work), entries);
        } else {
            entries.run(0, batch);
        }
    }

    /** The three ways one product is computed; the thresholds above choose (cpu-kernels/README.md maps them). */
    enum Route {
        /** Unpacked 4 x 4 tiles of dot products: thin, deep products (k &gt;= DOT_MIN_DEPTH, a side &lt;= DOT_MAX_SIDE). */
        DOT,
        /** Plain loops without packing: small products, or a side of at most 2. */
        DIRECT,
        /** Packed, cache-blocked panels and the register-tile micro-kernel. */
        BLOCKED
    }

    static Route route(DotProducts unpacked, GemmOperand a, GemmOperand b, int m, int n, int k) {
        long work = (long) m * n * k;
        if (unpacked != null && a.columnStride() == 1 && b.rowStride() == 1 && k >= DOT_MIN_DEPTH && Math.min(m, n) <= DOT_MAX_SIDE) {
            return Route.DOT;
        }
        return work <= DIRECT_MAX_WORK || m <= 2 || n <= 2 ? Route.DIRECT : Route.BLOCKED;
    }

    /** The route's name in the kernel trace, e.g. "gemm blocked (vector 6x32)". */
    private static String traceName(Route route, GemmMicroKernel micro) {
        return switch (route) {
            case DOT -> "gemm dot tiles";
            case DIRECT -> "gemm direct";
            case BLOCKED -> "gemm blocked (" + (micro == GemmScalarKernel.INSTANCE ? "scalar" : "vector") + " " + micro.rows() + "x" + NR + ")";
        };
    }

    /** C = A * B for one m x k times k x n product (k >= 1), C row-major at {@code c[cOffset + i * ldc + j]}. */
    static void multiply(GemmMicroKernel micro, DotProducts unpacked, GemmOperand a, GemmOperand b, int m, int n, int k,
                         float[] c, int cOffset, int ldc, boolean threaded) {
        long work = (long) m * n * k;
        Route route = route(unpacked, a, b, m, n, k);
        boolean parallel = threaded && work >= PARALLEL_MIN_WORK && Parallel.threads() > 1;
        if (route == Route.DOT) {
            if (!parallel) {
                unpacked.multiply(a, b, k, c, cOffset, ldc, 0, m, 0, n);
            } else if (n >= m) {
                int strips = Math.max(1, n / DotProducts.TILE);
                Parallel.forRange(strips, 1, (start, end) -> unpacked.multiply(a, b, k, c, cOffset, ldc,
                        0, m, start * DotProducts.TILE, end == strips ? n : end * DotProducts.TILE));
            } else {
                int strips = Math.max(1, m / DotProducts.TILE);
                Parallel.forRange(strips, 1, (start, end) -> unpacked.multiply(a, b, k, c, cOffset, ldc,
                        start * DotProducts.TILE, end == strips ? m : end * DotProducts.TILE, 0, n));
            }
        } else if (route == Route.DIRECT) {
            if (!parallel) {
                GemmDirect.multiply(a, b, k, c, cOffset, ldc, 0, m, 0, n, unpacked != null);
            } else if (m >= n) {
                Parallel.forRange(m, 1, (start, end) -> GemmDirect.multiply(a, b, k, c, cOffset, ldc, start, end, 0, n, unpacked != null));
            } else {
                Parallel.forRange(n, 1, (start, end) -> GemmDirect.multiply(a, b, k, c, cOffset, ldc, 0, m, start, end, unpacked != null));
            }
        } else {
            GemmMicroKernel packed = packedKernel(micro, b, m, n, k);
            int mr = packed.rows();
            if (!parallel) {
                GemmBlocked.multiply(packed, a, b, k, c, cOffset, ldc, 0, m, 0, n);
            } else if (sharesPackedB(packed, b, m, n, k)) {
                GemmBlocked.multiplySharedB(packed, a, b, m, n, k, c, cOffset, ldc);
            } else if (n >= m) {
                // Column strips: each thread packs all of A (m x k, the smaller operand) and its share of B.
                Parallel.forRange((n + NR - 1) / NR, 1, (start, end) ->
                        GemmBlocked.multiply(packed, a, b, k, c, cOffset, ldc, 0, m, start * NR, Math.min(n, end * NR)));
            } else {
                // Row strips (whole tiles of the kernel): each thread packs its share of A and all of B (k x n, the smaller operand).
                Parallel.forRange((m + mr - 1) / mr, 1, (start, end) ->
                        GemmBlocked.multiply(packed, a, b, k, c, cOffset, ldc, start * mr, Math.min(m, end * mr), 0, n));
            }
        }
    }

    /**
     * Whether a parallel packed product splits its rows over the threads with every block of B packed once and shared
     * ({@link GemmBlocked#multiplySharedB}) instead of taking column strips: for large products (m n k at least 2^28)
     * whose column strips would be narrower than one block of B, so that each thread would pack all of A for a
     * fraction of a block's work. Measured GFLOP/s on two threads, column strips vs shared B: 1024³ 205.5 vs 210.2,
     * 768³ 206.9 vs 211.1, 1024 x 256 x 1024 186.8 vs 191.2; where it is not taken, 2048³ (strips of one whole block)
     * 213.7 vs 207.7, 512³ 200.0 vs 198.0, 256³ 170.9 vs 167.1.
     */
    static boolean sharesPackedB(GemmMicroKernel packed, GemmOperand b, int m, int n, int k) {
        boolean bPacked = !GemmBlocked.readsBInPlace(b, k, n);
        return bPacked && (long) m * n * k >= sharedBMinWork && n / Parallel.threads() < GemmBlocked.blockColumns(packed);
    }

    static final long SHARED_B_MIN_WORK = 1L << 28;
    private static volatile long sharedBMinWork = SHARED_B_MIN_WORK;

    /** Tests: the smallest product (m n k) that shares B's packed blocks; {@code -1} restores {@link #SHARED_B_MIN_WORK}. */
    static void shareBFrom(long work) {
        sharedBMinWork = work < 0 ? SHARED_B_MIN_WORK : work;
    }

    /**
     * C = A B for one product on the current kernels (used by the fused convolution): C row-major at
     * {@code c[cOffset + i * ldc + j]}, split over the threads when large (inline inside a worker).
     */
    static void multiply(int m, int n, int k, GemmOperand a, GemmOperand b, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
            return;
        }
        multiply(kernel, dot, a, b, m, n, k, c, cOffset, ldc, true);
    }
}
