package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Tensor;

import java.util.List;

import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Ops that bring an image [N, C, H, W] to a chosen output size: PyTorch's {@code F.interpolate}
 * (nearest and bilinear, to a size or by any scale factor) and adaptive pooling. All are compositions:
 * nearest is an index-select per axis (backward: index-add), bilinear and adaptive averaging are a fixed
 * matrix on each side, out = A_H x A_W^T (backward: A_H^T G A_W, from matmul), adaptive max is an index-select of
 * each axis' windows and a max over them, one axis after the other; so every one is twice differentiable.
 */
final class Resize {
    private Resize() {
    }

    /**
     * PyTorch's {@code F.interpolate} for images. Source pixel of output pixel d along an axis, with
     * r = 1 / scaleFactor when a scale factor is given (and not recomputed), else in / out:
     * nearest: min(floor(d r), in - 1), computed in float as PyTorch does (identity when out = in, d / 2
     * when out = 2 in); bilinear: (d + 0.5) r - 0.5 clamped at 0, or d (in - 1) / (out - 1) with
     * alignCorners, blending its two neighbours.
     */
    static Variable interpolate(Variable x, InterpolateOptions options) {
        Pool.requireRank(x, 4, "interpolate", "[N, C, H, W]");
        boolean bilinear = options.mode() == InterpolateOptions.Mode.BILINEAR;
        if (!bilinear && options.alignCorners()) {
            throw new IllegalArgumentException("interpolate: alignCorners is only for bilinear interpolation (mode " + options.mode() + ")");
        }
        int[] s = x.data().dims();
        int outH = options.outputSize(0, s[2]), outW = options.outputSize(1, s[3]);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("interpolate: scale factors " + options.scaleH() + "x" + options.scaleW() + " make an empty "
                    + outH + "x" + outW + " output from " + x.data().shape() + " (expected an output of at least 1x1)");
        }
        if (!bilinear) {
            Variable rows = outH == s[2] ? x : x.indexSelect(2, nearestIndex(s[2], outH, options.kernelScale(0), x.data()));
            return outW == s[3] ? rows : rows.indexSelect(3, nearestIndex(s[3], outW, options.kernelScale(1), x.data()));
        }
        Tensor rows = linearMatrix(s[2], outH, options.kernelScale(0), options.alignCorners(), x.data());
        Tensor columns = linearMatrix(s[3], outW, options.kernelScale(1), options.alignCorners(), x.data());
        return twoSided(x, rows, columns);
    }

    /** A x B^T for x [N, C, H, W], A [outH, H], B [outW, W]. */
    private static Variable twoSided(Variable x, Tensor rows, Tensor columns) {
        Variable wide = x.matmul(new Variable(columns.t(), false));   // [N, C, H, outW]
        return new Variable(rows, false).matmul(wide);                // [N, C, outH, outW]
    }

    /** PyTorch's nearest source index of each output position (its float arithmetic, so the floors agree). */
    static Tensor nearestIndex(int in, int out, double scale, Tensor like) {
        float ratio = scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        long[] index = new long[out];
        for (int d = 0; d < out; d++) {
            index[d] = out == in ? d : out == 2 * in ? d >> 1 : Math.min((long) Math.floor(d * ratio), in - 1);
        }
        return Tensor.fromArray(index, out).to(like.device());
    }

    /**
     * The linear-interpolation matrix A [out, in]: row d has weight 1 - λ at floor(src) and λ at the next
     * pixel (clamped to the edge), src as in {@link #interpolate}; {@code scale} 0 means r = in / out.
     */
    static Tensor linearMatrix(int in, int out, double scale, boolean alignCorners, Tensor like) {
        double ratio = alignCorners ? (out > 1 ? (in - 1.0) / (out - 1) : 0) : scale > 0 ? 1 / scale : (double) in / out;
        double[] a = new double[out * in];
        for (int d = 0; d < out; d++) {
            double src = alignCorners ? d * ratio : Math.max(0, (d + 0.5) * ratio - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1), i1 = Math.min(i0 + 1, in - 1);
            double lambda = Math.min(Math.max(src - i0, 0), 1);
            a[d * in + i0] += 1 - lambda;
            a[d * in + i1] += lambda;
        }
        return Tensor.fromArray(a, out, in).to(like.dtype()).to(like.device());
    }

    /**
     * PyTorch's {@code adaptive_avg_pool2d}: output cell (i, j) is the mean of input rows
     * floor(i H / outH) .. ceil((i + 1) H / outH) - 1 and the matching columns. Equal sizes are the
     * identity, evenly dividing ones an ordinary average pooling; otherwise the windows overlap or differ
     * in size and the mean over each rectangle is separable: A_H x A_W^T with A holding 1 / (window length).
     */
    static Variable adaptiveAvgPool2d(Variable x, int outH, int outW) {
        int[] s = checkAdaptive(x, outH, outW, "adaptiveAvgPool2d");
        if (s[2] == outH && s[3] == outW) return x;
        if (s[2] % outH == 0 && s[3] % outW == 0) return Pool.avgPool2d(x, evenWindows(s, outH, outW));
        return twoSided(x, averagingMatrix(s[2], outH, x.data()), averagingMatrix(s[3], outW, x.data()));
    }

    /**
     * PyTorch's {@code adaptive_max_pool2d} (values only), windows as in {@link #adaptiveAvgPool2d}. Evenly
     * dividing sizes use max pooling's kernel (the gradient goes to the first maximum on ties, as PyTorch);
     * otherwise a max over each window of columns, then of rows (ties between distinct elements share the gradient).
     */
    static Variable adaptiveMaxPool2d(Variable x, int outH, int outW) {
        int[] s = checkAdaptive(x, outH, outW, "adaptiveMaxPool2d");
        if (s[2] % outH == 0 && s[3] % outW == 0) return Pool.maxPool2d(x, evenWindows(s, outH, outW));
        return maxWindows(maxWindows(x, 3, outW), 2, outH);
    }

    private static int[] checkAdaptive(Variable x, int outH, int outW, String op) {
        Pool.requireRank(x, 4, op, "[N, C, H, W]");
        if (outH < 1 || outW < 1) throw new IllegalArgumentException(op + ": output size must be >= 1, got " + outH + "x" + outW);
        return x.data().dims();
    }

    private static ConvGeometry evenWindows(int[] s, int outH, int outW) {
        int kh = s[2] / outH, kw = s[3] / outW;
        return new ConvGeometry(kh, kw, kh, kw, 0, 0, 1, 1);
    }

    private static int windowStart(int o, int in, int out) {
        return (int) ((long) o * in / out);
    }

    private static int windowEnd(int o, int in, int out) {
        return (int) (((long) (o + 1) * in + out - 1) / out);
    }

    /** A [out, in] with 1 / (end - start) on each adaptive window [start, end). */
    private static Tensor averagingMatrix(int in, int out, Tensor like) {
        double[] a = new double[out * in];
        for (int o = 0; o < out; o++) {
            int start = windowStart(o, in, out), end = windowEnd(o, in, out);
            for (int i = start; i < end; i++) a[o * in + i] = 1.0 / (end - start);
        }
        return Tensor.fromArray(a, out, in).to(like.dtype()).to(like.device());
    }

    /**
     * The max over each adaptive window along one axis: the windows' elements picked by one index-select
     * (shorter windows repeat their last element, which leaves their max alone), as [.., out, longest, ..],
     * then a max over the window axis.
     */
    private static Variable maxWindows(Variable x, int axis, int out) {
        int in = x.data().size(axis), longest = 0;
        if (in == out) return x;
        for (int o = 0; o < out; o++) longest = Math.max(longest, windowEnd(o, in, out) - windowStart(o, in, out));
        long[] index = new long[out * longest];
        for (int o = 0; o < out; o++) {
            int start = windowStart(o, in, out), end = windowEnd(o, in, out);
            for (int t = 0; t < longest; t++) index[o * longest + t] = Math.min(start + t, end - 1);
        }
        int[] dims = x.data().dims(), split = new int[dims.length + 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i == axis) {
                split[j++] = out;
                split[j++] = longest;
            } else {
                split[j++] = dims[i];
            }
        }
        return x.indexSelect(axis, Tensor.fromArray(index, index.length).to(x.data().device())).reshape(split).max(new int[] {axis + 1}, false);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("interpolate(nearest, size)", "index-add of the gradient into each output's source pixel", inputs(g -> normal(g, 2, 2, 3, 4)),
                        v -> interpolate(v[0], InterpolateOptions.size(5, 7))),
                op("interpolate(nearest, scaleFactor)", "as interpolate(nearest, size), sources from 1 / scale", inputs(g -> normal(g, 1, 2, 4, 5)),
                        v -> interpolate(v[0], InterpolateOptions.scaleFactor(1.5, 0.7))),
                op("interpolate(bilinear, size)", "A_H^T G A_W: the transposed interpolation matrices", inputs(g -> normal(g, 2, 2, 3, 5)),
                        v -> interpolate(v[0], InterpolateOptions.size(5, 3).bilinear())),
                op("interpolate(bilinear, scaleFactor)", "as interpolate(bilinear, size)", inputs(g -> normal(g, 1, 2, 3, 4)),
                        v -> interpolate(v[0], InterpolateOptions.scaleFactor(1.5, 2.3).bilinear())),
                op("interpolate(bilinear, alignCorners)", "as interpolate(bilinear, size)", inputs(g -> normal(g, 1, 2, 3, 4)),
                        v -> interpolate(v[0], InterpolateOptions.scaleFactor(1.7, 0.8).bilinear().alignCorners(true))),
                op("adaptiveAvgPool2d", "A_H^T G A_W with 1 / (window length) in each window", inputs(g -> normal(g, 2, 2, 5, 7)),
                        v -> adaptiveAvgPool2d(v[0], 3, 4)),
                op("adaptiveAvgPool2d(divisible)", "as avgPool2d", inputs(g -> normal(g, 2, 2, 4, 6)), v -> adaptiveAvgPool2d(v[0], 2, 3)),
                op("adaptiveMaxPool2d", "1 at each window's maximum (adding up where windows overlap)", inputs(g -> normal(g, 2, 2, 5, 7)),
                        v -> adaptiveMaxPool2d(v[0], 3, 4)),
                op("adaptiveMaxPool2d(divisible)", "as maxPool2d", inputs(g -> normal(g, 1, 2, 4, 6)), v -> adaptiveMaxPool2d(v[0], 2, 3)));
    }
}
