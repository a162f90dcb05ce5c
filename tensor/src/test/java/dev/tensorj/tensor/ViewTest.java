package dev.tensorj.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Views share storage and copy nothing; strides tell where every element lives. */
class ViewTest {

    private static Tensor grid() {
        return Tensor.arange(0.0, 24.0, 1.0).reshape(2, 3, 4);
    }

    @Test
    void contiguousTensorHasRowMajorStrides() {
        Tensor t = grid();
        assertArrayEquals(new int[] {12, 4, 1}, t.strides());
        assertTrue(t.isContiguous());
        assertEquals(24, t.numel());
        assertEquals(Shape.of(2, 3, 4), t.shape());
    }

    @Test
    void transposeSwapsStridesWithoutCopying() {
        Tensor t = grid();
        Tensor tr = t.transpose(0, 2);
        assertSame(t.storage(), tr.storage());
        assertArrayEquals(new int[] {4, 3, 2}, tr.dims());
        assertArrayEquals(new int[] {1, 4, 12}, tr.strides());
        assertFalse(tr.isContiguous());
        assertEquals(t.get(1, 2, 3), tr.get(3, 2, 1));
    }

    @Test
    void permuteReordersAxes() {
        Tensor p = grid().permute(1, 2, 0);
        assertArrayEquals(new int[] {3, 4, 2}, p.dims());
        assertEquals(grid().get(1, 0, 2), p.get(0, 2, 1));
    }

    @Test
    void sliceWithStepIsAView() {
        Tensor t = grid();
        Tensor s = t.slice(2, 1, 4, 2); // columns 1 and 3
        assertSame(t.storage(), s.storage());
        assertArrayEquals(new int[] {2, 3, 2}, s.dims());
        assertArrayEquals(new int[] {12, 4, 2}, s.strides());
        assertEquals(1, s.offset());
        assertEquals(t.get(1, 2, 3), s.get(1, 2, 1));
        assertArrayEquals(new int[] {2, 3, 0}, t.slice(2, 3, 1).dims(), "empty when end <= start");
        assertArrayEquals(new int[] {2, 3, 2}, t.slice(-1, -2, 100).dims(), "negative start and end past size clamp like Python");
    }

    @Test
    void selectRemovesTheAxis() {
        Tensor s = grid().select(1, 2);
        assertArrayEquals(new int[] {2, 4}, s.dims());
        assertEquals(8, s.offset());
        assertEquals(grid().get(1, 2, 3), s.get(1, 3));
        assertEquals(grid().get(1, 2, 3), grid().select(1, -1).get(1, 3));
    }

    @Test
    void viewOnContiguousMergesAndSplitsAxes() {
        Tensor v = grid().view(6, -1);
        assertArrayEquals(new int[] {6, 4}, v.dims());
        assertSame(grid().storage().getClass(), v.storage().getClass());
        assertEquals(23, v.get(5, 3));
    }

    @Test
    void viewOfTransposedNeedsACopyButReshapeCopies() {
        Tensor tr = grid().transpose(1, 2); // [2, 4, 3]
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tr.view(2, 12));
        assertTrue(e.getMessage().startsWith("view:"), e.getMessage());
        Tensor r = tr.reshape(2, 12);
        assertNotSame(tr.storage(), r.storage());
        assertEquals(tr.get(1, 3, 2), r.get(1, 11));
    }

    @Test
    void reshapeIsAViewWhenStridesAllow() {
        Tensor t = grid();
        Tensor tr = t.transpose(0, 1); // [3, 2, 4]: the last axis is still contiguous
        Tensor r = tr.reshape(3, 2, 2, 2);
        assertSame(t.storage(), r.storage(), "splitting a contiguous axis never copies");
    }

    @Test
    void squeezeAndUnsqueeze() {
        Tensor t = Tensor.zeros(1, 3, 1, 2);
        assertArrayEquals(new int[] {3, 2}, t.squeeze().dims());
        assertArrayEquals(new int[] {3, 1, 2}, t.squeeze(0).dims());
        assertArrayEquals(new int[] {1, 3, 1, 2, 1}, t.unsqueeze(-1).dims());
        assertArrayEquals(new int[] {1, 1, 3, 1, 2}, t.unsqueeze(0).dims());
        assertThrows(IllegalArgumentException.class, () -> t.squeeze(1));
    }

    @Test
    void expandBroadcastsWithStrideZero() {
        Tensor row = Tensor.of(1, 2, 3);
        Tensor e = row.expand(4, 3);
        assertArrayEquals(new int[] {0, 1}, e.strides());
        assertEquals(3, e.get(3, 2));
        Tensor column = Tensor.of(1, 2).reshape(2, 1).expand(-1, 5);
        assertArrayEquals(new int[] {1, 0}, column.strides());
        assertTrue(column.contiguous().isContiguous());
        assertEquals(2, column.contiguous().get(1, 4));
    }

    @Test
    void flattenRanges() {
        assertArrayEquals(new int[] {2, 12}, grid().flatten(1, 2).dims());
        assertArrayEquals(new int[] {24}, grid().flatten().dims());
        assertArrayEquals(new int[] {6, 4}, grid().flatten(0, 1).dims());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor t = grid();
        assertSame(t, t.contiguous());
        Tensor c = t.transpose(0, 1).contiguous();
        assertTrue(c.isContiguous());
        assertEquals(t.get(1, 2, 3), c.get(2, 1, 3));
    }

    @Test
    void writesThroughAViewReachTheBase() {
        Tensor t = Tensor.zeros(3, 3);
        t.select(1, 1).fill(7);
        assertEquals(7, t.get(2, 1));
        assertEquals(0, t.get(2, 2));
        assertEquals(1, t.version(), "an in-place fill bumps the shared version counter");
    }

    @Test
    void zeroSizedViews() {
        Tensor e = Tensor.zeros(0, 3);
        assertEquals(0, e.numel());
        assertArrayEquals(new int[] {3, 0}, e.t().dims());
        assertArrayEquals(new int[] {0}, e.reshape(-1).dims());
        assertEquals(0, e.sum().item());
    }

    @Test
    void viewStridesAgreeWithIndexerPositions() {
        Tensor t = grid().permute(2, 0, 1).slice(0, 0, 4, 3);
        int[] positions = Indexer.positions(t);
        int[] index = new int[t.rank()];
        for (int i = 0; i < positions.length; i++) {
            Indexer.unravel(i, t.dims(), index);
            assertEquals(Indexer.position(index, t.strides(), t.offset()), positions[i]);
        }
    }
}
