package dev.tensorj.cpu;

/**
 * The innermost step of the blocked GEMM: C[MR x NR] (+)= Apanel[MR x kc] * Bpanel[kc x NR] on
 * packed panels. The A panel holds, for each p in [0, kc), the MR values A[0..MR, p] one after the
 * other; the B panel holds, for each p, the NR values B[p, 0..NR]. So step p of the kernel reads
 * MR + NR consecutive floats and performs MR * NR multiply-adds (a rank-1 update of the tile).
 * The B values of step p start at {@code bStart + p * ldb}: ldb is NR for a packed panel, or the row
 * stride of a row-major B read in place (see {@link GemmBlocked}).
 */
interface GemmMicroKernel {
    /**
     * Rows of the C tile (and of one packed A panel): 6 with 512-bit vectors, 5 with 256-bit ones. The tile's
     * 2 MR accumulators, the two B vectors and a broadcast must all stay in registers. AVX-512 has 32 of them;
     * AVX2 has 16, and with six rows (15 live vectors) C2 spilled one accumulator to the stack every step: on
     * a Zen 3 core the six-row kernel ran at 44 GFLOP/s, the five-row one at 93-98 (peak 96). The vector
     * kernels write the sixth row under {@code if (MR == 6)}, which C2 folds away (MR is a constant to it).
     */
    int MR = Simd.lanes() >= 16 ? 6 : 5;
    /** Columns of the C tile (and of one packed B panel): two vectors, 16 floats (256-bit) or 32 (512-bit). */
    int NR = 2 * Simd.lanes();

    /**
     * Computes the tile starting at {@code c[cStart]} (row stride {@code ldc}); only its first
     * {@code rows x columns} elements are written (edge tiles; the packed panels are zero-padded).
     * With {@code accumulate} the product is added to C, otherwise it overwrites C.
     */
    void multiply(int kc, float[] aPanel, int aStart, float[] bPanel, int bStart, int ldb,
                  float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate);

    /**
     * The same tile with A read where it lies, unpacked: element (r, p) of the tile's A is {@code a[aStart + r rs + p cs]}
     * (rows &lt;= this kernel's rows; a row-major A has cs = 1, a transposed view rs = 1). Worth it where each A panel
     * would serve few B panels (a product only one or a few panels wide): packing then costs about as much as the
     * arithmetic it feeds. This default packs the rows into a panel and runs {@link #multiply}; kernels that read A in
     * place override it (see {@link #readsAInPlace}).
     */
    default void multiplyStridedA(int kc, float[] a, int aStart, int rs, int cs, float[] bPanel, int bStart, int ldb,
                                  float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        int mr = rows();
        float[] panel = new float[mr * kc];
        GemmPacking.packA(new GemmOperand(a, aStart, rs, cs), 0, rows, 0, kc, panel, mr);
        multiply(kc, panel, 0, bPanel, bStart, ldb, c, cStart, ldc, rows, columns, accumulate);
    }

    /** Whether {@link #multiplyStridedA} reads A in place (otherwise it packs, and the blocked loop should pack once instead). */
    default boolean readsAInPlace() {
        return false;
    }

    /** Rows of this kernel's C tile and of the A panels it reads: {@link #MR}, or 12 for {@link GemmWideVectorKernel}. */
    default int rows() {
        return MR;
    }

    /**
     * Writes the rows x columns corner of a full tile held at {@code tile[at]} (row stride NR) into C at cStart (row
     * stride ldc), added to C or over it: how the vector kernels finish an edge tile.
     */
    static void storeCorner(float[] tile, int at, float[] c, int cStart, int ldc, int rows, int columns, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int row = cStart + r * ldc, t = at + r * NR;
            if (accumulate) {
                for (int j = 0; j < columns; j++) c[row + j] += tile[t + j];
            } else {
                System.arraycopy(tile, t, c, row, columns);
            }
        }
    }

    /**
     * Copies the rows x columns corner of a tile held at {@code tile[at]} (row stride NR) over C at cStart (row stride
     * ldc): how {@link GemmBlocked} moves a tile summed in its packed C buffer into C on the last pass of depth.
     */
    default void copyTile(float[] tile, int at, float[] c, int cStart, int ldc, int rows, int columns) {
        storeCorner(tile, at, c, cStart, ldc, rows, columns, false);
    }

    /** A name for reports and test messages. */
    String name();
}
