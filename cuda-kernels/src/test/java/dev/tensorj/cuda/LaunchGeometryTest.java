package dev.tensorj.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchGeometryTest {

    @Test
    void elementwiseCoversEveryElementAndCapsTheGrid() {
        assertEquals(1, LaunchGeometry.elementwise(0).gridX(), "an empty launch still has a block");
        assertEquals(1, LaunchGeometry.elementwise(1).gridX());
        assertEquals(1, LaunchGeometry.elementwise(256).gridX());
        assertEquals(2, LaunchGeometry.elementwise(257).gridX());
        assertEquals(LaunchGeometry.MAX_GRID, LaunchGeometry.elementwise(1L << 31).gridX(), "the grid-stride loop covers the rest");
        for (long n : new long[] {1, 255, 256, 257, 1000, 65_535L * 256}) {
            var g = LaunchGeometry.elementwise(n);
            assertTrue((long) g.gridX() * g.blockX() >= n, n + " elements: " + g);
        }
    }

    @Test
    void rowBlocksArePowersOfTwoFromAWarpTo1024() {
        assertEquals(32, LaunchGeometry.rows(10, 1, 4).blockX());
        assertEquals(32, LaunchGeometry.rows(10, 32, 4).blockX());
        assertEquals(64, LaunchGeometry.rows(10, 33, 4).blockX());
        assertEquals(256, LaunchGeometry.rows(10, 256, 4).blockX());
        assertEquals(512, LaunchGeometry.rows(10, 257, 4).blockX());
        assertEquals(1024, LaunchGeometry.rows(10, 1_000_000, 4).blockX());
        var g = LaunchGeometry.rows(100_000, 10, 8);
        assertEquals(LaunchGeometry.MAX_GRID, g.gridX(), "one block per row, capped; the kernel loops over the rest");
        assertEquals(32 * 8, g.sharedBytes(), "shared memory: one value (and index) per thread");
        assertEquals(1, LaunchGeometry.rows(0, 10, 4).gridX());
    }

    @Test
    void gemmTilesCIn64By64Blocks() {
        var g = LaunchGeometry.gemm(100, 1000, 3);
        assertEquals(16, g.gridX(), "columns: ceil(1000 / 64)");
        assertEquals(2, g.gridY(), "rows: ceil(100 / 64)");
        assertEquals(3, g.gridZ(), "one z per batch");
        assertEquals(256, g.blockX());
        assertEquals(1, LaunchGeometry.gemm(64, 64, 1).gridX());
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.gemm(1, 1, LaunchGeometry.MAX_GRID_Z + 1));
    }
}
