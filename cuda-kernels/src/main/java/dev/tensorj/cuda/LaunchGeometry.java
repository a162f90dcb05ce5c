package dev.tensorj.cuda;

/**
 * Grid and block sizes for our kernels. Elementwise kernels loop grid-stride ({@code TJ_FOR_EACH}), so any
 * grid is correct and the grid is capped; row kernels (reductions, softmax, batch norm) give one block per
 * row with a power-of-two block for the shared-memory tree; the SGEMM tiles C in 64 x 64 blocks.
 */
public final class LaunchGeometry {
    /** Threads per block of the elementwise kernels. */
    public static final int BLOCK = 256;
    /** Grid cap: enough blocks to fill any current GPU several times over; the loop covers the rest. */
    public static final int MAX_GRID = 65_535;
    /** SGEMM tile of C per block and threads per block (gemm.cu's BM, BN and THREADS). */
    public static final int GEMM_TILE = 64, GEMM_THREADS = 256;
    /** Largest grid z (batches per SGEMM launch). */
    public static final int MAX_GRID_Z = 65_535;

    private LaunchGeometry() {
    }

    /** A launch: grid (x, y, z), block (x, 1, 1) and dynamic shared memory in bytes. */
    public record Launch(int gridX, int gridY, int gridZ, int blockX, int sharedBytes) {
        @Override
        public String toString() {
            return "grid " + gridX + "x" + gridY + "x" + gridZ + " block " + blockX + (sharedBytes > 0 ? " shared " + sharedBytes + " B" : "");
        }
    }

    /** For {@code n} independent elements. */
    public static Launch elementwise(long n) {
        long blocks = Math.max(1, (n + BLOCK - 1) / BLOCK);
        return new Launch((int) Math.min(blocks, MAX_GRID), 1, 1, BLOCK, 0);
    }

    /**
     * One block per row for {@code rows} rows of {@code length} elements: the block is the smallest power of
     * two covering the row, between 32 (a warp) and 1024, with {@code bytesPerThread} of shared memory each.
     */
    public static Launch rows(int rows, int length, int bytesPerThread) {
        int threads = Math.max(32, Math.min(1024, Integer.highestOneBit(Math.max(1, length - 1)) << 1));
        return new Launch(Math.max(1, Math.min(rows, MAX_GRID)), 1, 1, threads, threads * bytesPerThread);
    }

    /** The SGEMM of {@code batches} products of [M, K] by [K, N] (at most {@link #MAX_GRID_Z} batches a launch). */
    public static Launch gemm(int m, int n, int batches) {
        if (batches > MAX_GRID_Z) throw new IllegalArgumentException("LaunchGeometry.gemm: " + batches + " batches exceed grid z " + MAX_GRID_Z);
        return new Launch(ceilDiv(n, GEMM_TILE), ceilDiv(m, GEMM_TILE), batches, GEMM_THREADS, 0);
    }

    public static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
