package dev.tensorj.cpu;

import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

/**
 * The Goto/BLIS loop nest for one block of C, run by one thread:
 * <pre>
 * for jc in columns step NC:             B block KC x NC lives in L3
 *   for pc in 0..K step KC:              pack B[pc.., jc..] into KC x NR panels
 *     for ic in rows step MC:            pack A[ic.., pc..] into MR x KC panels (A block MC x KC lives in L2)
 *       for jr in 0..nc step NR:         one B panel (KC x NR, 16 or 32 KiB) stays in L1 ...
 *         for ir in 0..mc step MR:       ... while the A panels stream past it from L2
 *           C[ic+ir.., jc+jr..] (+)= Apanel * Bpanel       (micro-kernel, MR x NR in registers)
 * </pre>
 * The first pc block overwrites C, the next ones add to it, so C needs no zeroing beforehand. A C larger than the
 * caches keeps its partial sums in a buffer of its own, tile after tile in the order of the loops, and receives each
 * tile on the last pc block only (see {@link #SUMS_MIN_FLOATS}).
 * Block sizes suit Zen 3 to 5 cores (32 or 48 KiB L1d, 512 KiB or more L2, a shared L3).
 *
 * <p>A short, row-major B (the im2col columns of a small convolution: k = C kH kW = 9 or 54) is read
 * in place instead: a "panel" is then k rows of NR floats at B's row stride, few enough cache lines to
 * stay in L1 while the A panels pass, and the copy that packing costs (as much as the arithmetic when
 * k is this short) is saved. Only the narrow edge panel, if any, is packed (zero-padded). This is done
 * only when all rows of A fit one block (at most MC): with several row blocks each B panel serves each
 * of them, packing pays for itself, and the packed panel is the faster one to read again.
 */
final class GemmBlocked {
    /**
     * Depth of one packed block: an A panel MR x KC = 6 KiB and a B panel KC x NR = 16 KiB (256-bit
     * vectors, NR = 16) or 32 KiB (512-bit, NR = 32: AVX-512 machines such as Zen 5 have a 48 KiB L1d),
     * so both sit in L1.
     */
    static final int KC = 256;
    /** Rows of one packed A block: MC x KC = 144 KiB (MR 6) or 120 KiB (MR 5), well inside L2. A multiple of MR. */
    static final int MC = 24 * MR;
    /** Columns of one packed B block: KC x NC = 4 MiB, a share of L3. A multiple of NR. */
    static final int NC = 4096;
    /**
     * Columns of one packed B block when all rows fit one A block: each B block then serves a single
     * pass, so a smaller one (KC x 512 = 512 KiB) stays in L2 between packing and use.
     */
    static final int NC_SINGLE_PASS = 512;
    /**
     * B is read in place (unpacked) when its rows are contiguous and k is at most this: a panel is
     * then at most 128 rows x 2 cache lines (NR = 16, unaligned) = 16 KiB, or x 3 lines (NR = 32) = 24 KiB.
     */
    static final int IN_PLACE_MAX_DEPTH = 128;
    /** ... or when B (the share of one thread) has at least this many floats (4 MiB: several times L2) and k is at most KC. */
    static final long STREAMED_B_FLOATS = 1 << 20;

    /**
     * Block sizes for the 12-row {@link GemmWideVectorKernel}: deep blocks (an A panel of 12 x 1024 = 48 KiB and a B
     * panel of 1024 x 32 = 128 KiB, both read from L2), so C is loaded and stored once per 1024-deep pass instead of
     * once per 256, and a short A block (48 rows, 192 KiB in L2) that every B panel of the block serves. Measured on
     * one Zen 5 core at n = 1056: KC 256 / MC 144 → 96 GFLOP/s, KC 512 / MC 96 → 100, KC 1056 / MC 48 → 107 (the
     * 6-row kernel: 90 at best).
     */
    static final int KC_WIDE = 1024;
    /**
     * Rows of one A block with the wide kernel at the full depth: a multiple of its 12 rows. A shallower product
     * (k below KC_WIDE) takes taller blocks of the same size, up to {@link #MC_WIDE_MAX} rows, so that fewer
     * blocks each stream B's panels: at 256 x 256 x 256, 48-row blocks ran 8 % slower than the 6-row kernel's 144.
     */
    static final int MC_WIDE = 48;
    /** The most rows of one A block with the wide kernel (a multiple of 12). */
    static final int MC_WIDE_MAX = 240;
    /** Columns of one B block with the wide kernel: KC_WIDE x NC_WIDE = 4 MiB, a share of L3. */
    static final int NC_WIDE = 1024;

    /**
     * The smallest C (rows x columns of one call) whose partial sums are kept in a buffer of their own while the passes
     * of depth go by (k > KC). C itself is then visited one tile at a time down each column strip, every tile five or
     * six rows of C ldc apart, and once C is larger than the caches each pass reloads every tile from memory, where the
     * hardware prefetchers do not follow that pattern: at 2048³ on one Zen 3 core the kernel ran at 81 GFLOP/s with C,
     * 93 with each tile written to one scratch tile instead (a probe of the loop nest, 2026-12-07). The buffer holds the
     * tiles in the order the passes visit them, so that each pass reads and writes it as one sequential stream; the
     * last pass copies each finished tile into C.
     */
    static final long SUMS_MIN_FLOATS = 1 << 18;
    /** The largest buffer of partial sums a thread keeps (32 MiB); a larger C is done in blocks of rows, one after the other. */
    static final long SUMS_MAX_FLOATS = 1 << 23;

    private static volatile long sumsMinFloats = SUMS_MIN_FLOATS, sumsMaxFloats = SUMS_MAX_FLOATS;

    /** Whether a product of depth k keeps C's partial sums apart: more than one pass of depth, and C large. */
    static boolean keepsSums(int k, int depth, int rows, int columns) {
        return k > depth && (long) rows * columns >= sumsMinFloats;
    }

    /**
     * Tests and probes: C's partial sums kept apart from this many floats of C on ({@code -1}: {@link #SUMS_MIN_FLOATS};
     * {@link Long#MAX_VALUE}: never), in buffers of at most {@code max} floats ({@code -1}: {@link #SUMS_MAX_FLOATS}).
     */
    static void keepSums(long min, long max) {
        sumsMinFloats = min < 0 ? SUMS_MIN_FLOATS : min;
        sumsMaxFloats = max < 0 ? SUMS_MAX_FLOATS : max;
    }

    /** Packing buffers of one thread, kept between calls so the steady state allocates nothing. */
    private static final class Workspace {
        final float[] aPacked = new float[Math.max(MC * KC, MC_WIDE * KC_WIDE)];
        float[] bPacked = new float[0];
        /** The partial sums of C (see SUMS_MIN_FLOATS), held softly: up to 32 MiB the collector may take back. */
        java.lang.ref.SoftReference<float[]> sums = new java.lang.ref.SoftReference<>(new float[0]);

        float[] bPacked(int size) {
            if (bPacked.length < size) bPacked = new float[size];
            return bPacked;
        }

        /** A buffer of at least size floats, or null when size is above SUMS_MAX_FLOATS. */
        float[] sums(long size) {
            if (size > sumsMaxFloats) return null;
            float[] buffer = sums.get();
            if (buffer == null || buffer.length < size) {
                buffer = new float[(int) size];
                sums = new java.lang.ref.SoftReference<>(buffer);
            }
            return buffer;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private GemmBlocked() {
    }

    /**
     * C[rowStart..rowEnd, colStart..colEnd) = A[rowStart..rowEnd, :] * B[:, colStart..colEnd), with C
     * row-major at {@code c[cOffset + i * ldc + j]} and k >= 1.
     */
    static void multiply(GemmMicroKernel kernel, GemmOperand a, GemmOperand b, int k,
                         float[] c, int cOffset, int ldc, int rowStart, int rowEnd, int colStart, int colEnd) {
        Workspace workspace = WORKSPACE.get();
        float[] aPacked = workspace.aPacked;
        int mr = kernel.rows();
        boolean wide = mr != MR; // the 12-row kernel: deep blocks, short A blocks (never B in place: Gemm checks)
        int depth = wide ? KC_WIDE : KC, height = wide ? wideBlockRows(Math.min(k, KC_WIDE)) : MC;
        boolean oneRowBlock = rowEnd - rowStart <= height;
        int blockColumns = oneRowBlock ? NC_SINGLE_PASS : blockColumns(kernel);
        int widest = Math.min(blockColumns, roundUp(colEnd - colStart, NR));
        float[] bPacked = workspace.bPacked(Math.min(depth, k) * widest);
        boolean inPlace = !wide && oneRowBlock && readsBInPlace(b, k, colEnd - colStart);
        // With one block of A (all rows within MC, k within KC) it is packed once, not once per column block:
        // for dX = G W of a Linear(25088, 208) at batch 64 that was 49 repacks of the same 64 x 208 panel.
        boolean aPackedOnce = oneRowBlock && k <= depth;
        boolean aInPlace = readsAInPlace(kernel, a, colEnd - colStart);
        // Partial sums of C in a buffer laid out in the order the tiles are visited (see SUMS_MIN_FLOATS)
        // (null: C itself, also when the buffer would be above SUMS_MAX_FLOATS and one block of rows does not fit either)
        boolean keepSums = keepsSums(k, depth, rowEnd - rowStart, colEnd - colStart);
        float[] sums = keepSums ? workspace.sums((long) roundUp(rowEnd - rowStart, mr) * widest) : null;
        if (keepSums && sums == null) { // more than SUMS_MAX_FLOATS: blocks of rows one after the other, if that fits
            int chunk = Math.max(height, (int) Math.min(Integer.MAX_VALUE, sumsMaxFloats / widest) / height * height);
            if (chunk < rowEnd - rowStart) {
                for (int r0 = rowStart; r0 < rowEnd; r0 += chunk) {
                    multiply(kernel, a, b, k, c, cOffset, ldc, r0, Math.min(rowEnd, r0 + chunk), colStart, colEnd);
                }
                return;
            }
        }
        if (aPackedOnce && !aInPlace) GemmPacking.packA(a, rowStart, rowEnd - rowStart, 0, k, aPacked, mr);
        float[] av = a.data();
        int ars = a.rowStride(), acs = a.columnStride();
        float[] bv = b.data();
        for (int jc = colStart; jc < colEnd; jc += blockColumns) {
            int nc = Math.min(blockColumns, colEnd - jc), fullColumns = nc / NR * NR;
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc), sum = 0;
                boolean accumulate = pc > 0, lastPass = pc + kc == k;
                if (!inPlace) {
                    GemmPacking.packB(b, pc, kc, jc, nc, bPacked);
                } else if (fullColumns < nc) {
                    GemmPacking.packB(b, pc, kc, jc + fullColumns, nc - fullColumns, bPacked); // the edge panel only
                }
                for (int ic = rowStart; ic < rowEnd; ic += height) {
                    int mc = Math.min(height, rowEnd - ic);
                    if (!aPackedOnce && !aInPlace) GemmPacking.packA(a, ic, mc, pc, kc, aPacked, mr);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int columns = Math.min(NR, nc - jr);
                        boolean direct = inPlace && columns == NR;
                        float[] panel = direct ? bv : bPacked;
                        int bStart = direct ? b.offset() + pc * b.rowStride() + jc + jr : inPlace ? 0 : jr * kc;
                        int ldb = direct ? b.rowStride() : NR;
                        int cColumn = cOffset + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir), cAt = cColumn + (ic + ir) * ldc;
                            float[] target = sums != null ? sums : c;
                            int at = sums != null ? sum : cAt, stride = sums != null ? NR : ldc;
                            if (aInPlace) {
                                kernel.multiplyStridedA(kc, av, a.offset() + (ic + ir) * ars + pc * acs, ars, acs, panel, bStart, ldb,
                                        target, at, stride, rows, columns, accumulate);
                            } else {
                                kernel.multiply(kc, aPacked, ir * kc, panel, bStart, ldb, target, at, stride, rows, columns, accumulate);
                            }
                            if (sums != null) {
                                if (lastPass) kernel.copyTile(sums, sum, c, cAt, ldc, rows, columns);
                                sum += mr * NR;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether A is read in place instead of packed: a kernel that can (the MR-row vector kernel), a row-major A, and C
     * at most {@link #A_IN_PLACE_MAX_COLUMNS} wide, so that each A panel would serve only a few B panels and packing it
     * would cost about as much as the products it feeds. Measured on one thread, packed vs in place (ms, row-major A):
     * the LSTM's dX [2560 x 128] x [128 x 32] 0.29 vs 0.20, [4096 x 64] x [64 x 16] 0.53 vs 0.21, [2560 x 128] x [128 x
     * 64] 0.49 vs 0.41, [512 x 256] x [256 x 96] 0.29 vs 0.24, [2560 x 128] x [128 x 192] 1.41 vs 1.21 (with 128
     * columns the limit), [2560 x 256] x [256 x 256] 3.39 vs 3.15; the same or better on two threads. A transposed A
     * (a weight gradient's Gᵀ X, row stride 1) is packed: read in place its broadcasts take a strided index per row,
     * and the LSTM's weight gradient [128 x 2560] x [2560 x 64] ran 0.76-0.84 ms in place against 0.69 packed (one
     * thread, 0.45-0.54 against 0.42-0.46 on two; Zen 3, AVX2).
     */
    static boolean readsAInPlace(GemmMicroKernel kernel, GemmOperand a, int columns) {
        return kernel.readsAInPlace() && a.columnStride() == 1 && columns <= aInPlaceMaxColumns;
    }

    static final int A_IN_PLACE_MAX_COLUMNS = 8 * NR;
    private static volatile int aInPlaceMaxColumns = A_IN_PLACE_MAX_COLUMNS;

    /** Tests and probes: the widest C whose A is read in place ({@code -1}: {@link #A_IN_PLACE_MAX_COLUMNS}; 0: never). */
    static void readAInPlaceUpTo(int columns) {
        aInPlaceMaxColumns = columns < 0 ? A_IN_PLACE_MAX_COLUMNS : columns;
    }

    /**
     * C = A B (m x n, k >= 1) on all threads with each packed block of B shared: for every block (jc, pc) the threads
     * first pack a share of its panels each into one buffer, then each multiplies its own rows of A (packed by itself,
     * block by block) with all of it. Splitting C into column strips instead makes every thread pack all of A, and
     * row strips all of B: at 1024³ on two threads the repeated packing of A was 3-4 % of the product. The price is two
     * hand-overs per block of B (a few microseconds each), so {@link Gemm} takes this only for large products.
     */
    static void multiplySharedB(GemmMicroKernel kernel, GemmOperand a, GemmOperand b, int m, int n, int k,
                                float[] c, int cOffset, int ldc) {
        int mr = kernel.rows();
        boolean wide = mr != MR;
        int depth = wide ? KC_WIDE : KC, height = wide ? wideBlockRows(Math.min(k, KC_WIDE)) : MC;
        int blockColumns = blockColumns(kernel);
        // The calling thread's buffer holds the shared block: the helpers only read and write it inside this call.
        Workspace workspace = WORKSPACE.get();
        int widest = Math.min(blockColumns, roundUp(n, NR));
        float[] bPacked = workspace.bPacked(Math.min(depth, k) * widest);
        // The partial sums of C (see SUMS_MIN_FLOATS), in the calling thread's buffer: the tiles of the rows
        // [start, end) of one range, whichever thread runs it, lie at start mr widest
        float[] sums = keepsSums(k, depth, m, n) ? workspace.sums((long) roundUp(m, mr) * widest) : null;
        int tiles = (m + mr - 1) / mr;
        for (int jc = 0; jc < n; jc += blockColumns) {
            int col0 = jc, nc = Math.min(blockColumns, n - jc), panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += depth) {
                int row0 = pc, kc = Math.min(depth, k - pc);
                boolean accumulate = pc > 0, lastPass = pc + kc == k;
                Parallel.forRange(panels, 1, (start, end) -> GemmPacking.packB(b, row0, kc, col0 + start * NR,
                        Math.min(nc, end * NR) - start * NR, bPacked, start * NR * kc));
                Parallel.forRange(tiles, 1, (start, end) -> {
                    float[] aPacked = WORKSPACE.get().aPacked;
                    int rowEnd = Math.min(m, end * mr), sum = start * mr * widest;
                    for (int ic = start * mr; ic < rowEnd; ic += height) {
                        int mc = Math.min(height, rowEnd - ic);
                        GemmPacking.packA(a, ic, mc, row0, kc, aPacked, mr);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int columns = Math.min(NR, nc - jr), cColumn = cOffset + col0 + jr;
                            for (int ir = 0; ir < mc; ir += mr) {
                                int rows = Math.min(mr, mc - ir), cAt = cColumn + (ic + ir) * ldc;
                                float[] target = sums != null ? sums : c;
                                int at = sums != null ? sum : cAt, stride = sums != null ? NR : ldc;
                                kernel.multiply(kc, aPacked, ir * kc, bPacked, jr * kc, NR, target, at, stride, rows, columns, accumulate);
                                if (sums != null) {
                                    if (lastPass) kernel.copyTile(sums, sum, c, cAt, ldc, rows, columns);
                                    sum += mr * NR;
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /**
     * Whether B is read in place. Either B is short: unit column stride, k &lt;= {@link #IN_PLACE_MAX_DEPTH},
     * and a row stride with at most 2^6 as a factor, so the k rows of a panel spread over at least 16 of
     * L1's 64 sets (a stride of 1024 floats would put every row in the same set and evict the panel from
     * itself). Or B is streamed from memory (at least {@link #STREAMED_B_FLOATS}) in one pass of depth
     * (k &lt;= KC): packing it would then write and read all of it once more, and that costs more than the
     * in-place panel's conflicts in L1 (its re-reads come from L2). dX = G W of a Linear(25088, 208) at
     * batch 64 (k = 208, rows 25088 floats apart) ran 7.7 -> 6.0 ms this way.
     */
    static boolean readsBInPlace(GemmOperand b, int k, int columns) {
        if (b.columnStride() != 1 || b.rowStride() == 0) return false;
        boolean shortRows = k <= IN_PLACE_MAX_DEPTH && Integer.numberOfTrailingZeros(b.rowStride()) <= 6;
        return shortRows || (k <= KC && (long) k * columns >= STREAMED_B_FLOATS);
    }

    /** Columns of one packed B block that several row blocks of A share: {@link #NC_WIDE} for the 12-row kernel, else {@link #NC}. */
    static int blockColumns(GemmMicroKernel kernel) {
        return kernel.rows() != MR ? NC_WIDE : NC;
    }

    /** Rows of one A block for the wide kernel at depth kc: MC_WIDE x KC_WIDE floats, 48 to 240 rows. */
    static int wideBlockRows(int kc) {
        int rows = MC_WIDE * KC_WIDE / kc / GemmWideVectorKernel.ROWS * GemmWideVectorKernel.ROWS;
        return Math.max(MC_WIDE, Math.min(MC_WIDE_MAX, rows));
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
