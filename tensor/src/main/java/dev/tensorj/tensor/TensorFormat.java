package dev.tensorj.tensor;

import java.util.Locale;

/** PyTorch-like printing: nested brackets, values summarised with "..." beyond 1000 elements. */
final class TensorFormat {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] values = t.dtype() == DType.INT64 ? null : t.toDoubleArray();
        long[] longs = t.dtype() == DType.INT64 ? t.toLongArray() : null;
        boolean summarise = t.numel() > SUMMARY_THRESHOLD;
        String numberFormat = values == null ? null : chooseFormat(values);
        StringBuilder sb = new StringBuilder("tensor(");
        int[] shape = t.dims();
        int[] strides = Shape.contiguousStrides(shape);
        appendAxis(sb, 0, 0, shape, strides, values, longs, numberFormat, summarise, "tensor(".length());
        sb.append(", shape=").append(t.shape()).append(", dtype=").append(t.dtype()).append(", device=").append(t.device()).append(')');
        return sb.toString();
    }

    private static void appendAxis(StringBuilder sb, int axis, int base, int[] shape, int[] strides, double[] values, long[] longs,
                                   String numberFormat, boolean summarise, int indent) {
        if (axis == shape.length) {
            sb.append(values != null ? formatValue(values[base], numberFormat) : Long.toString(longs[base]));
            return;
        }
        sb.append('[');
        int size = shape[axis];
        for (int i = 0; i < size; i++) {
            if (summarise && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(axis == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = size - EDGE_ITEMS;
            }
            appendAxis(sb, axis + 1, base + i * strides[axis], shape, strides, values, longs, numberFormat, summarise, indent);
            if (i < size - 1) {
                sb.append(axis == shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - axis - 1) + " ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    private static String chooseFormat(double[] values) {
        double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
        boolean allWhole = true;
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            double a = Math.abs(v);
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) minAbs = Math.min(minAbs, a);
            if (v != Math.rint(v)) allWhole = false;
        }
        if (allWhole && maxAbs < 1e8) return "whole";
        if (maxAbs >= 1e8 || minAbs < 1e-4) return "%.4e";
        return "%.4f";
    }

    private static String formatValue(double v, String format) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (format.equals("whole")) return (long) v + ".";
        return String.format(Locale.ROOT, format, v);
    }
}
