package dev.tensorj.tensor;

/**
 * How strides turn a multi-index into a storage position, and back. Every CPU loop of tensorj
 * walks tensors through these few functions (after MiniTorch's {@code tensor_data.py}); the CUDA
 * kernels mirror them in {@code indexing.cuh}.
 *
 * <pre>
 *   position(index) = offset + sum_i index[i] * strides[i]
 * </pre>
 */
public final class Indexer {
    private Indexer() {
    }

    /** Storage position of a multi-index. */
    public static int position(int[] index, int[] strides, int offset) {
        int position = offset;
        for (int i = 0; i < index.length; i++) position += index[i] * strides[i];
        return position;
    }

    /** The multi-index of the {@code ordinal}-th element in row-major order. */
    public static void unravel(int ordinal, int[] shape, int[] index) {
        for (int i = shape.length - 1; i >= 0; i--) {
            int size = shape[i];
            index[i] = ordinal % size;
            ordinal /= size;
        }
    }

    /**
     * Maps an index into a broadcast (big) shape to the index into a smaller shape it was broadcast
     * from: axes are aligned from the right and an axis of size 1 always reads index 0.
     */
    public static void broadcastIndex(int[] bigIndex, int[] bigShape, int[] shape, int[] index) {
        int shift = bigShape.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            index[i] = shape[i] == 1 ? 0 : bigIndex[i + shift];
        }
    }

    /**
     * Steps a multi-index to the next element in row-major order (an odometer). Returns false after
     * the last element.
     */
    public static boolean increment(int[] index, int[] shape) {
        for (int i = shape.length - 1; i >= 0; i--) {
            if (++index[i] < shape[i]) return true;
            index[i] = 0;
        }
        return false;
    }

    /**
     * The storage positions of every element of a strided view, in row-major order. Reference loops
     * use this to read any view, transposed, sliced or broadcast, with one line:
     * {@code data[positions[i]]}.
     */
    public static int[] positions(int[] shape, int[] strides, int offset) {
        int n = Shape.numel(shape);
        int[] positions = new int[n];
        if (n == 0) return positions;
        int[] index = new int[shape.length];
        int position = offset;
        for (int i = 0; i < n; i++) {
            positions[i] = position;
            // odometer step, updating the position incrementally instead of recomputing the dot product
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    position += strides[axis];
                    break;
                }
                position -= (shape[axis] - 1) * strides[axis];
                index[axis] = 0;
            }
        }
        return positions;
    }

    /** The storage positions of every element of {@code t}, in row-major order. */
    public static int[] positions(Tensor t) {
        return positions(t.dims(), t.strides(), t.offset());
    }
}
