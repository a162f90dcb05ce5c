package dev.tensorj.cpu;

import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Indexer;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;

/** Random FLOAT32 operands in the memory layouts the fast kernels must handle, and a tolerant comparison. */
final class Operands {
    private Operands() {
    }

    /** How an operand's elements sit in its storage. */
    enum Layout {
        CONTIGUOUS,
        /** All axes reversed: strides increase from left to right. */
        TRANSPOSED,
        /** Every other element of a larger tensor along the last axis (inner stride 2). */
        STEPPED,
        /** Size 1 along axis 0, expanded to the full size (stride 0). */
        BROADCAST,
        /** Every axis reversed by {@code flip}: negative strides, the offset at the storage's end. */
        FLIPPED
    }

    /** A standard-normal tensor of this shape and layout. */
    static Tensor random(Layout layout, int[] shape, Generator g) {
        int rank = shape.length;
        if (rank == 0) return Tensor.randn(g, shape);
        switch (layout) {
            case TRANSPOSED -> {
                int[] reversed = new int[rank], order = new int[rank];
                for (int i = 0; i < rank; i++) {
                    reversed[i] = shape[rank - 1 - i];
                    order[i] = rank - 1 - i;
                }
                return Tensor.randn(g, reversed).permute(order);
            }
            case STEPPED -> {
                int[] wide = shape.clone();
                wide[rank - 1] = 2 * shape[rank - 1] + 1;
                return Tensor.randn(g, wide).slice(rank - 1, 1, wide[rank - 1], 2);
            }
            case BROADCAST -> {
                int[] one = shape.clone();
                one[0] = 1;
                return Tensor.randn(g, one).expand(shape);
            }
            case FLIPPED -> {
                int[] all = new int[rank];
                for (int i = 0; i < rank; i++) all[i] = i;
                return Tensor.randn(g, shape).flip(all);
            }
            default -> {
                return Tensor.randn(g, shape);
            }
        }
    }

    /** Small whole numbers (-3..3) as FLOAT32, so comparisons and arg-reductions see ties. */
    static Tensor wholeNumbers(Layout layout, int[] shape, Generator g) {
        Tensor t = random(layout, shape, g);
        CpuStorage s = (CpuStorage) t.storage();
        for (int p = 0; p < s.size(); p++) s.setDouble(p, Math.round(s.getDouble(p) * 1.5));
        return t;
    }

    /** Writes NaN, +inf and -inf at a few random storage positions (a no-op on empty storage). */
    static Tensor withSpecials(Tensor t, Generator g) {
        CpuStorage s = (CpuStorage) t.storage();
        if (s.size() == 0) return t;
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        for (double v : specials) s.setDouble((int) g.nextLong(s.size()), v);
        return t;
    }

    /** The elements of a view in row-major order, read straight from storage (no backend involved). */
    static double[] values(Tensor t) {
        CpuStorage s = (CpuStorage) t.storage();
        int[] positions = Indexer.positions(t);
        double[] v = new double[positions.length];
        for (int i = 0; i < v.length; i++) v[i] = s.getDouble(positions[i]);
        return v;
    }

    /** Every element of a storage, in storage order. */
    static double[] storageValues(Tensor t) {
        CpuStorage s = (CpuStorage) t.storage();
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = s.getDouble(i);
        return v;
    }

    static Tensor zeros(int... shape) {
        return Tensor.zeros(DType.FLOAT32, shape);
    }

    /**
     * Fails unless |actual - expected| &lt;= atol + rtol * |expected| everywhere (NaN only where the
     * expected value is NaN; equal infinities pass). {@code what} names the op, seed, shape and layout.
     */
    static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) fail(what + ": " + actual.length + " elements, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a) : (e == a || Math.abs(a - e) <= atol + rtol * Math.abs(e));
            if (!ok) {
                fail(what + ": element " + i + " is " + a + ", reference " + e + " (|diff| " + Math.abs(a - e) + ", rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

    static String describe(Tensor t) {
        return "shape " + Arrays.toString(t.dims()) + " strides " + Arrays.toString(t.strides());
    }
}
