package dev.tensorj.cuda;

import dev.tensorj.tensor.Indexer;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The packed Layout, read the way indexing.cuh's {@code tj_position} reads it (ported line by line below),
 * addresses the same storage positions as the Java {@link Indexer}, for transposed, sliced, broadcast views.
 */
class LayoutTest {

    /** indexing.cuh's tj_position, in Java. */
    static int tjPosition(int[] layout, int ordinal) {
        int rank = layout[0], position = layout[1];
        for (int i = rank - 1; i >= 0; i--) {
            int size = layout[2 + i];
            position += (ordinal % size) * layout[2 + Layout.MAX_RANK + i];
            ordinal /= size;
        }
        return position;
    }

    private static void assertSamePositions(Tensor view) {
        int[] layout = Layout.of(view);
        int[] expected = Indexer.positions(view);
        int[] actual = new int[expected.length];
        for (int i = 0; i < actual.length; i++) actual[i] = tjPosition(layout, i);
        assertArrayEquals(expected, actual, "view " + view.shape() + " strides " + java.util.Arrays.toString(view.strides()));
    }

    @Test
    void positionsMatchTheJavaIndexer() {
        Tensor t = Tensor.arange(0, 2 * 3 * 4 * 5, 1).reshape(2, 3, 4, 5);
        assertSamePositions(t);
        assertSamePositions(t.transpose(1, 3));
        assertSamePositions(t.permute(3, 0, 2, 1));
        assertSamePositions(t.slice(2, 1, 4, 2).select(0, 1));
        assertSamePositions(t.select(1, 2).unsqueeze(1).expand(2, 7, 4, 5));
        assertSamePositions(Tensor.scalar(3).expand(4, 4));
        assertSamePositions(Tensor.scalar(5));
    }

    @Test
    void packedStructIsRankOffsetShapeStrides() {
        int[] packed = Layout.pack(new int[] {2, 3}, new int[] {1, 2}, 7);
        assertEquals(Layout.INTS, packed.length);
        assertArrayEquals(new int[] {2, 7, 2, 3, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0}, packed);
        assertThrows(IllegalArgumentException.class, () -> Layout.pack(new int[9], new int[9], 0));
    }

    @Test
    void reductionAxesPutKeptFirstAndReducedLast() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        Tensor out = Tensor.zeros(2, 1, 4, 1);
        int[][] axes = Layout.keptThenReduced(x, out);
        assertArrayEquals(new int[] {0, 2}, axes[0]);
        assertArrayEquals(new int[] {1, 3}, axes[1]);
        assertArrayEquals(new int[] {0, 2, 1, 3}, Layout.concat(axes[0], axes[1]));
        // ordinal o * inner + r of the permuted x is element (kept o, reduced r)
        int[] xl = Layout.ofAxes(x, Layout.concat(axes[0], axes[1]));
        assertEquals(1 * 60 + 2 * 5 + 1 * 20 + 3, tjPosition(xl, (1 * 4 + 2) * 15 + (1 * 5 + 3)));
        assertArrayEquals(new int[] {0, 2, 3, 1}, Layout.axisLast(4, 1));
    }

    @Test
    void batchNormViewsMergeSpatialAxes() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        int[] l = CudaBackend.channelsLayout(x);
        assertArrayEquals(Layout.pack(new int[] {2, 3, 20}, new int[] {60, 20, 1}, 0), l);
        assertArrayEquals(Layout.pack(new int[] {2, 3, 1}, new int[] {3, 1, 0}, 0), CudaBackend.channelsLayout(Tensor.zeros(2, 3)));
        assertNull(CudaBackend.channelsLayout(x.transpose(2, 3)), "W before H does not merge into one axis");
        Tensor nhwc = Tensor.zeros(2, 4, 5, 3).permute(0, 3, 1, 2); // channels last: spatial stride 3, still one axis
        assertArrayEquals(Layout.pack(new int[] {2, 3, 20}, new int[] {60, 1, 3}, 0), CudaBackend.channelsLayout(nhwc));
    }
}
