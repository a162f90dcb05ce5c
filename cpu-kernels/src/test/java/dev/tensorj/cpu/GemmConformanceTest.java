package dev.tensorj.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast FLOAT32 GEMM ({@link CpuBackend#matmul}) against the reference triple loop, for both
 * micro-kernels (vector and scalar) on 1 and 2 threads.
 *
 * <p>Tolerance: a float32 sum of K products carries a rounding error of at most about
 * K * u * sum_p |a_ip| |b_pj| (u = 2^-24, the unit roundoff; the order of the additions does not
 * change the bound). Each element must lie within (K + 2) * u * (|A| |B|)_ij of the float64-accumulated
 * reference. A wrong or missing term costs about (|A| |B|)_ij / K, far above that bound.
 */
class GemmConformanceTest {
    private static final double UNIT_ROUNDOFF = Math.pow(2, -24);
    private static final int ORIGINAL_THREADS = Parallel.threads();
    /** Around the micro-tile (5 x 16 or 6 x 32) and the cache blocks (MC = 120 or 144, KC = 256). */
    private static final int[] EDGE_SIZES = {1, 2, 5, 6, 7, 15, 16, 17, 31, 63, 64, 65, GemmBlocked.MC - 1, GemmBlocked.MC, GemmBlocked.MC + 1, 255, 256, 257};

    @AfterEach
    void restoreKernel() {
        Gemm.useKernel(null);
        Gemm.allowWideKernel(true);
        Gemm.shareBFrom(-1);
        GemmBlocked.readAInPlaceUpTo(-1);
        GemmBlocked.keepSums(-1, -1);
    }

    @AfterAll
    static void restoreThreads() {
        Parallel.setThreads(ORIGINAL_THREADS);
    }

    /** How an operand is laid out in memory. */
    enum Layout { CONTIGUOUS, TRANSPOSED, STEPPED }

    static Stream<Arguments> kernelsAndThreads() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernel : new String[] {"wide", "vector", "scalar"}) {
            for (int threads : new int[] {1, 2}) cases.add(Arguments.of(kernel, threads));
        }
        return cases.stream();
    }

    /** "wide": the default (the 12-row kernel on the packed route with 512-bit vectors); "vector": the 6-row one throughout. */
    private static void use(String kernel, int threads) {
        GemmMicroKernel choice = kernel.equals("scalar") ? GemmScalarKernel.INSTANCE : Gemm.vectorKernel();
        assumeTrue(choice != null, "jdk.incubator.vector is not present: the vector kernel cannot be tested");
        assumeTrue(!kernel.equals("wide") || Gemm.hasWideKernel(), "no 512-bit vectors: the 12-row kernel is not used here");
        Gemm.useKernel(choice);
        Gemm.allowWideKernel(kernel.equals("wide"));
        Parallel.setThreads(threads);
    }

    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void edgeSizesOfEveryDimension(String kernel, int threads) {
        use(kernel, threads);
        long seed = 100;
        for (int size : EDGE_SIZES) {
            check(kernel, threads, seed++, 1, size, 20, 37, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
            check(kernel, threads, seed++, 1, 13, size, 29, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
            check(kernel, threads, seed++, 1, 11, 19, size, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
        }
    }

    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void everyLayoutPair(String kernel, int threads) {
        use(kernel, threads);
        long seed = 200;
        int[][] shapes = {{3, 4, 5}, {7, 17, 9}, {70, 33, 50}, {145, 40, 270}, {40, 150, 300}};
        for (int[] mnk : shapes) {
            for (Layout left : Layout.values()) {
                for (Layout right : Layout.values()) {
                    check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], left, right, false);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void batchesAndBatchBroadcast(String kernel, int threads) {
        use(kernel, threads);
        check(kernel, threads, 300, 3, 20, 30, 40, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
        check(kernel, threads, 301, 4, 4, 4, 4, Layout.TRANSPOSED, Layout.CONTIGUOUS, false);
        check(kernel, threads, 302, 2, 90, 70, 100, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
        check(kernel, threads, 303, 5, 33, 17, 65, Layout.STEPPED, Layout.CONTIGUOUS, true);
        check(kernel, threads, 304, 3, 130, 100, 60, Layout.TRANSPOSED, Layout.TRANSPOSED, true);
    }

    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void thinAndLongShapes(String kernel, int threads) {
        use(kernel, threads);
        check(kernel, threads, 400, 1, 1, 300, 200, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // batch-1 Linear
        check(kernel, threads, 401, 1, 1, 300, 200, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
        check(kernel, threads, 402, 1, 300, 1, 200, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // matrix-vector
        check(kernel, threads, 403, 1, 300, 2, 200, Layout.STEPPED, Layout.STEPPED, false);
        check(kernel, threads, 404, 1, 8, 12, 1000, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // several KC blocks
        check(kernel, threads, 405, 1, 7, 4100, 3, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // two NC blocks
        check(kernel, threads, 406, 1, 300, 30, 1, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // k = 1
        // X * W^T with a long k (>= Gemm.DOT_MIN_DEPTH): the unpacked dot-product route, with edge tiles, k blocks and a k tail.
        check(kernel, threads, 407, 1, 10, 7, 1101, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
        check(kernel, threads, 408, 1, 64, 210, 700, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
        check(kernel, threads, 409, 1, 211, 20, 600, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
        check(kernel, threads, 410, 3, 5, 6, 530, Layout.CONTIGUOUS, Layout.TRANSPOSED, true);
        check(kernel, threads, 413, 1, 64, 210, 2100, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // five k blocks, edge tiles, a tail
        check(kernel, threads, 414, 2, 7, 9, 1024, Layout.CONTIGUOUS, Layout.TRANSPOSED, true); // two whole k blocks, no tail
        // one or two rows against long columns (a one-channel convolution's weight gradient): vector dot products, a k tail
        check(kernel, threads, 411, 1, 2, 37, 35, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
        check(kernel, threads, 412, 1, 1, 9, 784, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
    }

    /**
     * Row-major B with k &lt;= GemmBlocked.IN_PLACE_MAX_DEPTH is read in place, without packing (a small
     * convolution's im2col columns) when A's rows fit one block: whole panels from B itself, the edge
     * panel packed, a column slice of a wider B (row stride > n, an offset), a long B streamed from
     * memory, and the cases that keep packing (two row blocks, k just above the limit, a row stride of
     * 1024 floats).
     */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void shortRowMajorBReadInPlace(String kernel, int threads) {
        use(kernel, threads);
        check(kernel, threads, 800, 1, 10, 363, 54, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // conv 6->10, 3 images
        check(kernel, threads, 801, 1, 6, 676, 9, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // conv 1->6
        check(kernel, threads, 802, 1, 13, 64, 128, Layout.TRANSPOSED, Layout.CONTIGUOUS, false); // no edge panel, k at the limit
        check(kernel, threads, 803, 1, GemmBlocked.MC, 35, 20, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // A's rows fill one block (MC)
        check(kernel, threads, 808, 1, GemmBlocked.MC + 1, 35, 20, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // two row blocks of A: packed
        check(kernel, threads, 804, 1, 20, 40, 129, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // k above the limit: packed
        check(kernel, threads, 805, 2, 7, 1024, 5, Layout.CONTIGUOUS, Layout.CONTIGUOUS, true); // row stride 1024: packed
        check(kernel, threads, 806, 1, 100, 6000, 9, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // split into column strips
        check(kernel, threads, 809, 1, 280, 120, 128, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // row strips of at most MC rows
        // a B of 2.3 M floats (over STREAMED_B_FLOATS per thread, also on 2 threads), k = 210 past the short-row limit: streamed in place
        check(kernel, threads, 810, 1, 7, 11000, 210, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
        Generator generator = new Generator(807);
        Tensor a = Tensor.randn(generator, 1, 9, 27), wide = Tensor.randn(generator, 1, 27, 61);
        Tensor b = wide.slice(2, 5, 55, 1); // a column slice: offset 5, row stride 61, 50 columns
        Tensor out = Tensor.zeros(1, 9, 50), expected = Tensor.zeros(1, 9, 50);
        CpuBackend.INSTANCE.matmul(a, b, out);
        ReferenceBackend.INSTANCE.matmul(a, b, expected);
        compare("kernel=" + kernel + " threads=" + threads + " seed=807 column slice of B", a, b, out, expected);
    }

    /**
     * The 12-row kernel's blocks (where it is taken: 512-bit vectors, B packed, k >= 512): rows around its tile (12)
     * and its A blocks (48 to 96 rows at these depths), depth around its block (KC_WIDE = 1024) and over two of them,
     * columns over two B blocks (NC_WIDE = 1024); with the other kernels the same products run on their own blocks.
     */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void deepBlocksOfTheWideKernel(String kernel, int threads) {
        use(kernel, threads);
        GemmOperand strided = new GemmOperand(new float[600 * 45], 0, 1, 600);
        assertEquals(kernel.equals("wide") ? 12 : GemmMicroKernel.MR, Gemm.packedKernel(Gemm.kernel(), strided, 48, 45, 600).rows(), "the packed route's kernel");
        long seed = 900;
        for (int m : new int[] {11, 12, 13, 47, 48, 49, 97, 250}) {
            check(kernel, threads, seed++, 1, m, 45, 600, Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
        }
        for (int k : new int[] {1023, 1024, 1025, 2100}) {
            check(kernel, threads, seed++, 1, 50, 70, k, Layout.STEPPED, Layout.CONTIGUOUS, false);
        }
        check(kernel, threads, seed, 1, 30, 1100, 520, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // two column blocks
    }

    /** Products above Gemm.PARALLEL_MIN_WORK multiply-adds, so that two threads really split them. */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void productsLargeEnoughToSplit(String kernel, int threads) {
        use(kernel, threads);
        check(kernel, threads, 700, 1, 151, 263, 121, Layout.CONTIGUOUS, Layout.CONTIGUOUS, false); // column strips
        check(kernel, threads, 701, 1, 301, 101, 151, Layout.TRANSPOSED, Layout.STEPPED, false); // row strips
        check(kernel, threads, 702, 1, 60, 301, 561, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // dot products, columns
        check(kernel, threads, 703, 1, 301, 60, 561, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // dot products, rows
        check(kernel, threads, 705, 1, 60, 301, 1500, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // long-k dot products, column strips
        check(kernel, threads, 706, 1, 301, 60, 1100, Layout.CONTIGUOUS, Layout.TRANSPOSED, false); // long-k dot products, row strips
        check(kernel, threads, 704, 40, 64, 64, 50, Layout.CONTIGUOUS, Layout.TRANSPOSED, true); // over the batch
    }

    /**
     * Rows over the threads with every packed block of B shared (taken from 2^28 multiply-adds; here from any size):
     * rows around the kernels' tiles and A blocks, depth over several blocks, columns over two blocks of B (1024 for
     * the 12-row kernel, 4096 for the others), strided operands.
     */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void sharedPackedBlocksOfB(String kernel, int threads) {
        use(kernel, threads);
        Gemm.shareBFrom(0);
        int[][] shapes = {{13, 45, 600}, {250, 45, 600}, {49, 70, 2100}, {30, 1100, 520}, {7, 4100, 30}, {145, 33, 300}};
        long seed = 1000;
        for (int[] mnk : shapes) {
            if (threads == 2) {
                GemmOperand b = new GemmOperand(new float[mnk[2] * mnk[1]], 0, 1, mnk[2]);
                GemmMicroKernel packed = Gemm.packedKernel(Gemm.kernel(), b, mnk[0], mnk[1], mnk[2]);
                assertEquals(true, Gemm.sharesPackedB(packed, b, mnk[0], mnk[1], mnk[2]), "shared B blocks for " + java.util.Arrays.toString(mnk));
            }
            check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
            check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], Layout.STEPPED, Layout.STEPPED, false);
        }
    }

    /**
     * C's partial sums kept in a buffer of their own while the passes of depth go by (here from any size of C): rows
     * around the tiles and A blocks, depth over one to nine blocks, A and B read in place or packed, shared blocks of B
     * on two threads, and a buffer too small for all rows (done in blocks of rows, or in C when one block does not fit).
     * Each product must equal, bit for bit, the one summed in C itself (the same additions in the same order), and the
     * reference within the bound.
     */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void partialSumsKeptApart(String kernel, int threads) {
        use(kernel, threads);
        int[][] shapes = {{13, 45, 600}, {250, 45, 600}, {49, 70, 2100}, {30, 1100, 520}, {145, 33, 300}, {301, 64, 257}, {7, 20, 260}};
        Layout[][] layouts = {{Layout.CONTIGUOUS, Layout.CONTIGUOUS}, {Layout.CONTIGUOUS, Layout.TRANSPOSED}, {Layout.STEPPED, Layout.STEPPED}};
        long seed = 1300;
        for (long cap : new long[] {-1, 8000}) {
            for (long sharedFrom : new long[] {-1, 0}) {
                Gemm.shareBFrom(sharedFrom);
                for (int[] mnk : shapes) {
                    for (Layout[] layout : layouts) {
                        Generator generator = new Generator(seed++);
                        Tensor a = operand(generator, 1, mnk[0], mnk[2], layout[0]), b = operand(generator, 1, mnk[2], mnk[1], layout[1]);
                        Tensor kept = Tensor.zeros(1, mnk[0], mnk[1]), inC = Tensor.zeros(1, mnk[0], mnk[1]), expected = Tensor.zeros(1, mnk[0], mnk[1]);
                        GemmBlocked.keepSums(0, cap);
                        CpuBackend.INSTANCE.matmul(a, b, kept);
                        GemmBlocked.keepSums(Long.MAX_VALUE, -1);
                        CpuBackend.INSTANCE.matmul(a, b, inC);
                        ReferenceBackend.INSTANCE.matmul(a, b, expected);
                        String reproduce = String.format("kernel=%s threads=%d seed=%d m=%d n=%d k=%d a=%s b=%s, sums kept apart (cap %d, shared B from %d)",
                                kernel, threads, seed - 1, mnk[0], mnk[1], mnk[2], layout[0], layout[1], cap, sharedFrom);
                        float[] got = kept.toFloatArray(), want = inC.toFloatArray();
                        for (int i = 0; i < want.length; i++) {
                            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                                fail(reproduce + ": element " + i + " is " + got[i] + ", summed in C " + want[i]);
                            }
                        }
                        compare(reproduce, a, b, kept, expected);
                    }
                }
            }
        }
    }

    /**
     * A read in place, row-major or a transposed view (the 6-row kernel, C up to 8 panels wide), and the same products with A packed: rows
     * around the tile (the last tile repeats its last row rather than read past A), A blocks and k blocks, a column
     * slice of a wider A (row stride above k, an offset), C one to nine panels wide.
     */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void stridedAReadInPlaceOrPacked(String kernel, int threads) {
        use(kernel, threads);
        int[][] shapes = {{1, 30, 20}, {5, 33, 7}, {7, 16, 300}, {145, 32, 257}, {301, 64, 130}, {290, 100, 33}, {13, 9 * GemmMicroKernel.NR, 40}};
        long seed = 1100;
        for (int inPlaceUpTo : new int[] {-1, 0}) {
            GemmBlocked.readAInPlaceUpTo(inPlaceUpTo);
            for (int[] mnk : shapes) {
                check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], Layout.CONTIGUOUS, Layout.CONTIGUOUS, false);
                check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], Layout.CONTIGUOUS, Layout.TRANSPOSED, false);
                check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], Layout.TRANSPOSED, Layout.CONTIGUOUS, false); // Aᵀ in place
                check(kernel, threads, seed++, 1, mnk[0], mnk[1], mnk[2], Layout.STEPPED, Layout.CONTIGUOUS, false); // packed
            }
            // A = the middle columns of a wider matrix: row stride 50, offset 7
            Generator generator = new Generator(seed++);
            Tensor a = Tensor.randn(generator, 1, 61, 50).slice(2, 7, 37, 1), b = Tensor.randn(generator, 1, 30, 45);
            Tensor out = Tensor.zeros(1, 61, 45), expected = Tensor.zeros(1, 61, 45);
            CpuBackend.INSTANCE.matmul(a, b, out);
            ReferenceBackend.INSTANCE.matmul(a, b, expected);
            compare("column slice of A, in place up to " + inPlaceUpTo, a, b, out, expected);
        }
    }

    /** The interface's packing fallback of multiplyStridedA gives what the kernel's own packed multiply gives. */
    @ParameterizedTest(name = "{0} kernel, {1} thread(s)")
    @MethodSource("kernelsAndThreads")
    void stridedAFallbackPacks(String kernel, int threads) {
        use(kernel, threads);
        GemmMicroKernel micro = Gemm.kernel();
        int k = 37, lda = 41, rows = 5, columns = GemmMicroKernel.NR - 3;
        Generator generator = new Generator(1200);
        float[] a = Tensor.randn(generator, k * lda + 8).toFloatArray(), b = Tensor.randn(generator, k * GemmMicroKernel.NR).toFloatArray();
        float[] viaDefault = new float[6 * GemmMicroKernel.NR], viaPanel = new float[6 * GemmMicroKernel.NR];
        GemmMicroKernel fallback = new GemmMicroKernel() {
            @Override
            public void multiply(int kc, float[] aPanel, int aStart, float[] bPanel, int bStart, int ldb,
                                 float[] c, int cStart, int ldc, int r, int columns, boolean accumulate) {
                micro.multiply(kc, aPanel, aStart, bPanel, bStart, ldb, c, cStart, ldc, r, columns, accumulate);
            }

            @Override
            public String name() {
                return "fallback of " + micro.name();
            }
        };
        for (int[] strides : new int[][] {{lda, 1}, {1, lda}}) { // row-major A, a transposed view
            int rs = strides[0], cs = strides[1];
            java.util.Arrays.fill(viaDefault, 0f);
            java.util.Arrays.fill(viaPanel, 0f);
            fallback.multiplyStridedA(k, a, 3, rs, cs, b, 0, GemmMicroKernel.NR, viaDefault, 0, GemmMicroKernel.NR, rows, columns, false);
            float[] panel = new float[GemmMicroKernel.MR * k];
            GemmPacking.packA(new GemmOperand(a, 3, rs, cs), 0, rows, 0, k, panel);
            micro.multiply(k, panel, 0, b, 0, GemmMicroKernel.NR, viaPanel, 0, GemmMicroKernel.NR, rows, columns, false);
            String layout = cs == 1 ? "row-major A" : "transposed A";
            org.junit.jupiter.api.Assertions.assertArrayEquals(viaPanel, viaDefault, "multiplyStridedA's packing fallback, " + layout);
            if (micro.readsAInPlace()) {
                float[] inPlace = new float[6 * GemmMicroKernel.NR];
                micro.multiplyStridedA(k, a, 3, rs, cs, b, 0, GemmMicroKernel.NR, inPlace, 0, GemmMicroKernel.NR, rows, columns, false);
                org.junit.jupiter.api.Assertions.assertArrayEquals(viaPanel, inPlace, "the kernel's in-place A against its packed A, " + layout);
            }
        }
    }

    /** Where the shared blocks are taken by default: large products whose column strips would be narrower than a block of B. */
    @Test
    void sharedBlocksOfBOnlyForLargeProductsOfNarrowStrips() {
        assumeTrue(Gemm.hasWideKernel(), "no 512-bit vectors: the block sizes differ");
        Parallel.setThreads(2);
        GemmOperand b1024 = new GemmOperand(new float[1024 * 1024], 0, 1024, 1), b2048 = new GemmOperand(new float[2048 * 2048], 0, 2048, 1);
        GemmMicroKernel wide = Gemm.packedKernel(Gemm.kernel(), b1024, 1024, 1024, 1024);
        assertEquals(true, Gemm.sharesPackedB(wide, b1024, 1024, 1024, 1024), "1024³ on two threads");
        assertEquals(false, Gemm.sharesPackedB(wide, b2048, 2048, 2048, 2048), "2048³: each strip is a whole block of B");
        assertEquals(false, Gemm.sharesPackedB(wide, b1024, 512, 512, 512), "512³: below 2^28 multiply-adds");
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor a = Tensor.zeros(2, 3, 0), b = Tensor.zeros(2, 0, 4);
        Tensor out = Tensor.full(7, 2, 3, 4);
        CpuBackend.INSTANCE.matmul(a, b, out);
        assertEquals(0.0, out.abs().sum().item(), "matmul with K = 0 must give zeros");
    }

    @Test
    void nonContiguousOutput() {
        Generator generator = new Generator(500);
        Tensor a = Tensor.randn(generator, 2, 20, 30), b = Tensor.randn(generator, 2, 30, 25);
        Tensor out = Tensor.zeros(2, 25, 20).transpose(1, 2);
        CpuBackend.INSTANCE.matmul(a, b, out);
        Tensor expected = Tensor.zeros(2, 20, 25);
        ReferenceBackend.INSTANCE.matmul(a, b, expected);
        compare("seed=500 transposed out", a, b, out, expected);
    }

    @Test
    void publicMatmulMatchesTheReferenceBackend() {
        Generator generator = new Generator(600);
        Tensor[][] pairs = {
                {Tensor.randn(generator, 64, 100), Tensor.randn(generator, 50, 100).t()},
                {Tensor.randn(generator, 100), Tensor.randn(generator, 100, 30)},
                {Tensor.randn(generator, 4, 1, 20, 33), Tensor.randn(generator, 3, 33, 18)},
                {Tensor.randn(generator, 33, 7).t(), Tensor.randn(generator, 33)},
        };
        for (Tensor[] pair : pairs) {
            Tensor fast = pair[0].matmul(pair[1]);
            Tensor slow;
            try (var scope = Backends.useCpu(ReferenceBackend.INSTANCE)) {
                slow = pair[0].matmul(pair[1]);
            }
            assertNotNull(fast);
            assertEquals(slow.shape(), fast.shape(), "matmul shape of " + pair[0].shape() + " x " + pair[1].shape());
            if (!fast.allClose(slow, 1e-4, 1e-4)) {
                fail("Tensor.matmul of " + pair[0].shape() + " x " + pair[1].shape() + " differs from the reference backend (seed 600)");
            }
        }
    }

    /** Builds operands of the given layouts from a seed, multiplies them both ways and compares. */
    private static void check(String kernel, int threads, long seed, int batch, int m, int n, int k,
                              Layout leftLayout, Layout rightLayout, boolean broadcastLeft) {
        Generator generator = new Generator(seed);
        Tensor a = operand(generator, broadcastLeft ? 1 : batch, m, k, leftLayout);
        Tensor b = operand(generator, batch, k, n, rightLayout);
        if (broadcastLeft) a = a.expand(batch, m, k);
        Tensor out = Tensor.zeros(batch, m, n), expected = Tensor.zeros(batch, m, n);
        CpuBackend.INSTANCE.matmul(a, b, out);
        ReferenceBackend.INSTANCE.matmul(a, b, expected);
        String reproduce = String.format("kernel=%s threads=%d seed=%d batch=%d m=%d n=%d k=%d a=%s%s b=%s",
                kernel, threads, seed, batch, m, n, k, leftLayout, broadcastLeft ? " (batch-broadcast)" : "", rightLayout);
        compare(reproduce, a, b, out, expected);
    }

    /** A [batch, rows, columns] operand, contiguous, a transposed view, or a view taking every 2nd row and 3rd column. */
    private static Tensor operand(Generator generator, int batch, int rows, int columns, Layout layout) {
        return switch (layout) {
            case CONTIGUOUS -> Tensor.randn(generator, batch, rows, columns);
            case TRANSPOSED -> Tensor.randn(generator, batch, columns, rows).transpose(1, 2);
            case STEPPED -> Tensor.randn(generator, batch, 2 * rows + 1, 3 * columns).slice(1, 1, 2 * rows + 1, 2).slice(2, 0, 3 * columns, 3);
        };
    }

    private static void compare(String reproduce, Tensor a, Tensor b, Tensor actual, Tensor expected) {
        int k = a.size(2);
        Tensor magnitude = Tensor.zeros(expected.dims());
        ReferenceBackend.INSTANCE.matmul(a.abs(), b.abs(), magnitude);
        float[] got = actual.contiguous().toFloatArray(), want = expected.toFloatArray(), scale = magnitude.toFloatArray();
        double factor = (k + 2) * UNIT_ROUNDOFF;
        for (int index = 0; index < want.length; index++) {
            double error = Math.abs((double) got[index] - want[index]);
            double bound = factor * scale[index] + 1e-30;
            if (!(error <= bound)) {
                int[] dims = expected.dims();
                int column = index % dims[2], row = index / dims[2] % dims[1], entry = index / (dims[1] * dims[2]);
                fail(String.format("%s: out[%d, %d, %d] = %s but the reference gives %s (error %.3g > bound %.3g = (K+2) u |A||B|)",
                        reproduce, entry, row, column, got[index], want[index], error, bound));
            }
        }
    }
}
