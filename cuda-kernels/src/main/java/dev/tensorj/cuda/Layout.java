package dev.tensorj.cuda;

import dev.tensorj.tensor.Tensor;

import java.util.Arrays;

/**
 * The Java twin of {@code struct Layout} in {@code indexing.cuh}: rank, offset, then {@value #MAX_RANK} sizes
 * and {@value #MAX_RANK} strides (in elements), as 18 ints passed by value to a kernel. A kernel turns a
 * row-major ordinal into a storage position exactly like {@link dev.tensorj.tensor.Indexer}.
 */
public final class Layout {
    /** Must equal {@code TJ_MAX_RANK} in indexing.cuh. */
    public static final int MAX_RANK = 8;
    /** Ints in the packed struct: rank, offset, shape[MAX_RANK], strides[MAX_RANK]. */
    public static final int INTS = 2 + 2 * MAX_RANK;

    private Layout() {
    }

    /** Whether a view of this rank fits a Layout (higher ranks run on the host fallback). */
    public static boolean fits(int rank) {
        return rank <= MAX_RANK;
    }

    /** The packed struct of a view. */
    public static int[] pack(int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length || !fits(shape.length)) {
            throw new IllegalArgumentException("Layout: shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides)
                    + " must have one rank of at most " + MAX_RANK);
        }
        int[] packed = new int[INTS];
        packed[0] = shape.length;
        packed[1] = offset;
        System.arraycopy(shape, 0, packed, 2, shape.length);
        System.arraycopy(strides, 0, packed, 2 + MAX_RANK, strides.length);
        return packed;
    }

    public static int[] of(Tensor t) {
        return pack(t.dims(), t.strides(), t.offset());
    }

    /** The view's axes taken in {@code order} (a permutation or a subset of its axes). */
    public static int[] ofAxes(Tensor t, int[] order) {
        int[] shape = new int[order.length], strides = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            shape[i] = t.size(order[i]);
            strides[i] = t.stride(order[i]);
        }
        return pack(shape, strides, t.offset());
    }

    /**
     * Axes split for a reduction into out (keepdim layout): first the kept axes (out's size is not 1), then the
     * reduced ones. {@code result[0]} holds the kept axes, {@code result[1]} the reduced.
     */
    public static int[][] keptThenReduced(Tensor x, Tensor out) {
        int kept = 0;
        for (int a = 0; a < x.rank(); a++) if (out.size(a) != 1) kept++;
        int[] keptAxes = new int[kept], reducedAxes = new int[x.rank() - kept];
        for (int a = 0, k = 0, r = 0; a < x.rank(); a++) {
            if (out.size(a) != 1) keptAxes[k++] = a;
            else reducedAxes[r++] = a;
        }
        return new int[][] {keptAxes, reducedAxes};
    }

    /** {@code first} followed by {@code second}. */
    static int[] concat(int[] first, int[] second) {
        int[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** The axes of a rank-{@code rank} tensor with {@code axis} moved last. */
    public static int[] axisLast(int rank, int axis) {
        int[] order = new int[rank];
        for (int a = 0, i = 0; a < rank; a++) if (a != axis) order[i++] = a;
        order[rank - 1] = axis;
        return order;
    }
}
