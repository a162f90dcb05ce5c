package dev.tensorj.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape, and the shape arithmetic every op shares: element counts, contiguous
 * strides, broadcasting and axis normalisation. All errors name the op that asked.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape of the given sizes (copied); throws on a negative size or more than 2^31 - 1 elements. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("Shape: negative dimension in " + Arrays.toString(dims));
        }
        numel(dims);
        return new Shape(dims.clone());
    }

    /** The number of axes (0 for a scalar). */
    public int rank() {
        return dims.length;
    }

    /** The size of an axis; negative axes count from the end. */
    public int dim(int axis) {
        return dims[normalizeAxis("Shape.dim", axis, dims.length)];
    }

    /** The number of elements, the product of the sizes (1 for a scalar). */
    public int numel() {
        return numel(dims);
    }

    /** The sizes as a fresh array. */
    public int[] toArray() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }

    // ---- shape arithmetic shared by all ops ----

    /** Number of elements of a shape; tensors are limited to 2^31 - 1 elements (Java arrays). */
    public static int numel(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Shape: " + Arrays.toString(dims) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides (in elements) of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] dims) {
        int[] strides = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /**
     * The NumPy/PyTorch broadcast of two shapes: align from the right; each pair of sizes must be equal
     * or one of them 1.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast: axis " + i + " has sizes " + da + " and " + db + " (expected equal, or one of them 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Turns a possibly negative axis into 0..rank-1, or throws naming the op. */
    public static int normalizeAxis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
                    + " (expected " + (-rank) + " to " + (rank - 1) + ")");
        }
        return a;
    }

    /** Normalises a set of axes; an empty array means all axes. Rejects duplicates. */
    public static boolean[] axisMask(String op, int[] axes, int rank) {
        boolean[] mask = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int axis : axes) {
            int a = normalizeAxis(op, axis, rank);
            if (mask[a]) throw new IllegalArgumentException(op + ": axis " + axis + " given twice in " + Arrays.toString(axes));
            mask[a] = true;
        }
        return mask;
    }
}
