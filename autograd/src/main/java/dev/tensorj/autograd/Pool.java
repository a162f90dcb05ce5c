package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Pooling and upsampling, composed from {@link Conv#unfold} and reductions, so their gradients come
 * from those: max pooling sends the gradient to the maximum of each window (shared equally on ties),
 * average pooling spreads it evenly, nearest upsampling sums it over each block.
 */
public final class Pool {
    private Pool() {
    }

    /**
     * Max over each window of x [N, C, H, W] (padding never wins), by a dedicated kernel that also
     * returns where each maximum was; the backward adds each gradient to that pixel (the first maximum
     * on ties, as PyTorch) — a scatter-add, whose own backward is a gather, so it is twice differentiable.
     */
    public static Variable maxPool2d(Variable x, ConvGeometry g) {
        int[] s = x.data().dims();
        if (s.length != 4) throw new IllegalArgumentException("maxPool2d: expects [N, C, H, W], got " + x.data().shape());
        Tensor[] pooled = x.data().maxPool2dWithIndices(g);
        Tensor flatIndices = pooled[1].reshape(s[0], s[1], -1);
        int[] flatShape = {s[0], s[1], s[2] * s[3]};
        return Node.record("maxPool2d", pooled[0], (ctx, grad) -> new Variable[] {
                Indexing.scatterAddIntoZeros(grad.reshape(s[0], s[1], -1), flatShape, 2, flatIndices).reshape(s)}, x);
    }

    /** Mean over each window (padding counts as zeros, PyTorch's count_include_pad default). */
    public static Variable avgPool2d(Variable x, ConvGeometry g) {
        return pool(x, g, false);
    }

    /**
     * Max pooling with PyTorch's options: as {@link #maxPool2d(Variable, ConvGeometry)}, and in ceil mode
     * the input is first extended at the bottom and right by -inf cells (which never win) so that the
     * last, partial windows fit; the extension's gradient is dropped by concat's backward.
     */
    public static Variable maxPool2d(Variable x, PoolOptions options) {
        requireRank(x, 4, "maxPool2d", "[N, C, H, W]");
        return maxPool(x, options.geometry(), options.ceilMode(), "maxPool2d");
    }

    /**
     * Average pooling with PyTorch's options. With count_include_pad and floor mode it is
     * {@link #avgPool2d(Variable, ConvGeometry)}; otherwise each window's sum (from zero-padded windows,
     * extended at the bottom and right in ceil mode) is divided by a constant count per output cell:
     * the window's cells inside the input, plus those in the padding when count_include_pad (never the
     * ceil-mode overhang), PyTorch's divisor.
     */
    public static Variable avgPool2d(Variable x, PoolOptions options) {
        requireRank(x, 4, "avgPool2d", "[N, C, H, W]");
        return avgPool(x, options.geometry(), options.ceilMode(), options.countIncludePad(), "avgPool2d");
    }

    /** 1-D max pooling over x [N, C, L] with the width fields of {@code options} (dilation and ceil mode included). */
    public static Variable maxPool1d(Variable x, PoolOptions options) {
        requireRank(x, 3, "maxPool1d", "[N, C, L]");
        return maxPool(x.unsqueeze(2), options.geometry1d("maxPool1d"), options.ceilMode(), "maxPool1d").squeeze(2);
    }

    /** 1-D average pooling over x [N, C, L] with the width fields of {@code options}. */
    public static Variable avgPool1d(Variable x, PoolOptions options) {
        requireRank(x, 3, "avgPool1d", "[N, C, L]");
        return avgPool(x.unsqueeze(2), options.geometry1d("avgPool1d"), options.ceilMode(), options.countIncludePad(), "avgPool1d").squeeze(2);
    }

    private static Variable maxPool(Variable x, ConvGeometry g, boolean ceil, String op) {
        int[] s = x.data().dims();
        int outH = outSize(op, "height", s[2], g.kernelH(), g.strideH(), g.padH(), g.dilationH(), ceil);
        int outW = outSize(op, "width", s[3], g.kernelW(), g.strideW(), g.padW(), g.dilationW(), ceil);
        Variable padded = padEnd(x, 2, overhang(s[2], outH, g.kernelH(), g.strideH(), g.padH(), g.dilationH()), Double.NEGATIVE_INFINITY);
        padded = padEnd(padded, 3, overhang(s[3], outW, g.kernelW(), g.strideW(), g.padW(), g.dilationW()), Double.NEGATIVE_INFINITY);
        return maxPool2d(padded, g);
    }

    private static Variable avgPool(Variable x, ConvGeometry g, boolean ceil, boolean countIncludePad, String op) {
        if (!x.data().dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expects a floating dtype, got " + x.data().dtype() + " (an average of integers would be truncated); call to(DType.FLOAT32) first");
        }
        int[] s = x.data().dims();
        int outH = outSize(op, "height", s[2], g.kernelH(), g.strideH(), g.padH(), g.dilationH(), ceil);
        int outW = outSize(op, "width", s[3], g.kernelW(), g.strideW(), g.padW(), g.dilationW(), ceil);
        if (!ceil && countIncludePad) return pool(x, g, false);
        Variable padded = padEnd(x, 2, overhang(s[2], outH, g.kernelH(), g.strideH(), g.padH(), g.dilationH()), 0);
        padded = padEnd(padded, 3, overhang(s[3], outW, g.kernelW(), g.strideW(), g.padW(), g.dilationW()), 0);
        int[] p = padded.data().dims();
        Variable sums = Conv.unfold(padded.reshape(p[0] * p[1], 1, p[2], p[3]), g, 0).sum(new int[] {1}, false).reshape(s[0], s[1], outH, outW);
        double[] rows = counts(s[2], outH, g.kernelH(), g.strideH(), g.padH(), g.dilationH(), countIncludePad);
        double[] columns = counts(s[3], outW, g.kernelW(), g.strideW(), g.padW(), g.dilationW(), countIncludePad);
        double[] cells = new double[outH * outW];
        for (int i = 0; i < outH; i++) for (int j = 0; j < outW; j++) cells[i * outW + j] = rows[i] * columns[j];
        Tensor divisor = Tensor.fromArray(cells, outH, outW).to(x.data().dtype()).to(x.data().device());
        return sums.div(new Variable(divisor, false));
    }

    /**
     * PyTorch's pooling output size along one axis: floor (or ceil) of (in + 2 pad - dilation (k - 1) - 1) / stride,
     * plus 1; in ceil mode a last window that would start in the right padding is dropped.
     */
    static int outSize(String op, String axis, int in, int kernel, int stride, int pad, int dilation, boolean ceil) {
        int span = in + 2 * pad - dilation * (kernel - 1) - 1;
        if (span < 0) {
            throw new IllegalArgumentException(op + ": input " + axis + " " + in + " (padded " + (in + 2 * pad) + ") is smaller than the kernel "
                    + kernel + (dilation > 1 ? " with dilation " + dilation : "") + " (expected at least " + (dilation * (kernel - 1) + 1) + ")");
        }
        int out = (ceil ? Math.ceilDiv(span, stride) : span / stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) out--;
        return out;
    }

    /** How far the last window reaches past the padded input (ceil mode only; 0 in floor mode). */
    private static int overhang(int in, int out, int kernel, int stride, int pad, int dilation) {
        return Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - (in + 2 * pad));
    }

    /** Per output position along one axis: the window's taps inside the input (and its padding, if counted). */
    private static double[] counts(int in, int out, int kernel, int stride, int pad, int dilation, boolean countPad) {
        double[] c = new double[out];
        for (int o = 0; o < out; o++) {
            for (int t = 0; t < kernel; t++) {
                int at = o * stride - pad + t * dilation;
                if ((at >= 0 && at < in) || (countPad && at >= -pad && at < in + pad)) c[o]++;
            }
        }
        return c;
    }

    /** x with {@code count} cells of {@code value} appended along {@code axis} (a constant: no gradient flows into it). */
    static Variable padEnd(Variable x, int axis, int count, double value) {
        if (count == 0) return x;
        int[] shape = x.data().dims().clone();
        shape[axis] = count;
        Tensor fill = Tensor.full(value, x.data().dtype(), shape).to(x.data().device());
        return Variable.concat(axis, x, new Variable(fill, false));
    }

    static void requireRank(Variable x, int rank, String op, String layout) {
        if (x.data().rank() != rank) throw new IllegalArgumentException(op + ": expects " + layout + ", got " + x.data().shape());
    }

    /** Max via unfold and a max reduction: the composite the dedicated kernel is checked against. */
    static Variable maxPool2dComposite(Variable x, ConvGeometry g) {
        return pool(x, g, true);
    }

    private static Variable pool(Variable x, ConvGeometry g, boolean max) {
        int[] s = x.data().dims();
        if (s.length != 4) throw new IllegalArgumentException((max ? "maxPool2d" : "avgPool2d") + ": expects [N, C, H, W], got " + x.data().shape());
        g.check(max ? "maxPool2d" : "avgPool2d", s[2], s[3]);
        int outH = g.outH(s[2]), outW = g.outW(s[3]), taps = g.kernelH() * g.kernelW();
        // each channel is its own image: [N C, 1, H, W] -> windows [N C, taps, L]
        Variable cols = Conv.unfold(x.reshape(s[0] * s[1], 1, s[2], s[3]), g, max ? Double.NEGATIVE_INFINITY : 0);
        Variable pooled = max ? cols.max(new int[] {1}, false) : cols.mean(new int[] {1}, false);
        return pooled.reshape(s[0], s[1], outH, outW);
    }

    /** 1-D max pooling over x [N, C, L]. */
    public static Variable maxPool1d(Variable x, int kernel, int stride, int padding) {
        if (x.data().rank() != 3) throw new IllegalArgumentException("maxPool1d: expects [N, C, L], got " + x.data().shape());
        return maxPool2d(x.unsqueeze(2), new ConvGeometry(1, kernel, 1, stride, 0, padding, 1, 1)).squeeze(2);
    }

    /** Mean over all positions: [N, C, H, W] to [N, C]. */
    public static Variable globalAvgPool2d(Variable x) {
        return globalAvgPool2d(x, false);
    }

    /** Mean over all positions: [N, C, H, W] to [N, C], or to [N, C, 1, 1] with keepDim (PyTorch's adaptive_avg_pool2d(x, 1)). */
    public static Variable globalAvgPool2d(Variable x, boolean keepDim) {
        if (x.data().rank() != 4) throw new IllegalArgumentException("globalAvgPool2d: expects [N, C, H, W], got " + x.data().shape());
        return x.mean(new int[] {2, 3}, keepDim);
    }

    /** Max over the sequence: [N, C, L] to [N, C]. */
    public static Variable globalMaxPool1d(Variable x) {
        if (x.data().rank() != 3) throw new IllegalArgumentException("globalMaxPool1d: expects [N, C, L], got " + x.data().shape());
        return x.max(new int[] {2}, false);
    }

    /** Nearest-neighbour upsampling by integer factors: each pixel becomes a sH x sW block. */
    public static Variable upsampleNearest2d(Variable x, int scaleH, int scaleW) {
        int[] s = x.data().dims();
        if (s.length != 4 || scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException("upsampleNearest2d: expects [N, C, H, W] and scales >= 1, got " + x.data().shape() + ", " + scaleH + "x" + scaleW);
        }
        return x.reshape(s[0], s[1], s[2], 1, s[3], 1)
                .expand(s[0], s[1], s[2], scaleH, s[3], scaleW)
                .reshape(s[0], s[1], s[2] * scaleH, s[3] * scaleW);
    }

    /**
     * Bilinear upsampling by integer factors (PyTorch's {@code interpolate(mode='bilinear')}; Keras'
     * {@code UpSampling2D(interpolation='bilinear')} is alignCorners = false). Interpolation is linear in
     * x and separable, so it is a fixed matrix on each side: out = A_H x A_W^T with A [out, in] holding
     * each output row's two weights; the backward is matmul's (A_H^T g A_W), and the op is twice differentiable.
     * Source coordinate of output pixel d: (d + 0.5) / scale - 0.5 clamped at 0 (half-pixel centres), or
     * d (in - 1) / (out - 1) with alignCorners.
     */
    public static Variable upsampleBilinear2d(Variable x, int scaleH, int scaleW, boolean alignCorners) {
        int[] s = x.data().dims();
        if (s.length != 4 || scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException("upsampleBilinear2d: expects [N, C, H, W] and scales >= 1, got " + x.data().shape() + ", " + scaleH + "x" + scaleW);
        }
        Tensor rows = interpolationMatrix(s[2], s[2] * scaleH, alignCorners, x.data());
        Tensor columns = interpolationMatrix(s[3], s[3] * scaleW, alignCorners, x.data());
        Variable wide = x.matmul(new Variable(columns.t(), false));     // [N, C, H, W·sW]
        return new Variable(rows, false).matmul(wide);                  // [N, C, H·sH, W·sW]
    }

    /** A [out, in]: row d has weight 1 - λ at floor(src) and λ at the next pixel (clamped to the edge). */
    static Tensor interpolationMatrix(int in, int out, boolean alignCorners, Tensor like) {
        return Resize.linearMatrix(in, out, 0, alignCorners, like);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("maxPool2d", "the gradient goes to the maximum of each window", inputs(g -> normal(g, 2, 2, 5, 5)),
                        v -> Pool.maxPool2d(v[0], ConvGeometry.of(2, 2, 0))),
                op("maxPool2d(padded)", "as maxPool2d; padding never wins", inputs(g -> normal(g, 1, 2, 5, 4)),
                        v -> Pool.maxPool2d(v[0], ConvGeometry.of(3, 2, 1))),
                op("avgPool2d", "1/(kH kW) to every pixel of each window", inputs(g -> normal(g, 2, 2, 4, 6)),
                        v -> Pool.avgPool2d(v[0], ConvGeometry.of(2, 2, 0))),
                op("maxPool2d(ceilMode)", "as maxPool2d on the input extended by -inf cells (which never win); a last window starting in the right padding is dropped",
                        inputs(g -> normal(g, 1, 2, 6, 5)), v -> Pool.maxPool2d(v[0], PoolOptions.kernel(3, 2).stride(2).padding(1).ceilMode(true))),
                op("avgPool2d(ceilMode)", "1/count to every pixel of each window; count = the window's cells in the input and padding, not the ceil-mode overhang",
                        inputs(g -> normal(g, 1, 2, 6, 5)), v -> Pool.avgPool2d(v[0], PoolOptions.kernel(3, 2).stride(2).padding(1).ceilMode(true))),
                op("avgPool2d(countIncludePad=false)", "1/count to every input pixel of each window; count = the window's cells inside the input",
                        inputs(g -> normal(g, 2, 2, 5, 6)), v -> Pool.avgPool2d(v[0], PoolOptions.kernel(3).stride(2).padding(1).countIncludePad(false))),
                op("maxPool1d", "as maxPool2d on a height-1 image", inputs(g -> normal(g, 2, 3, 9)), v -> Pool.maxPool1d(v[0], 2, 2, 0)),
                op("maxPool1d(dilated, ceilMode)", "as maxPool2d(ceilMode) on a height-1 image", inputs(g -> normal(g, 2, 3, 10)),
                        v -> Pool.maxPool1d(v[0], PoolOptions.kernel(3).stride(2).padding(1).dilation(2).ceilMode(true))),
                op("avgPool1d", "as avgPool2d on a height-1 image", inputs(g -> normal(g, 2, 2, 8)),
                        v -> Pool.avgPool1d(v[0], PoolOptions.kernel(3).stride(2).padding(1).ceilMode(true).countIncludePad(false))),
                op("globalAvgPool2d", "1/(H W) everywhere", inputs(g -> normal(g, 2, 3, 4, 4)), v -> Pool.globalAvgPool2d(v[0])),
                op("globalAvgPool2d(keepDim)", "1/(H W) everywhere", inputs(g -> normal(g, 2, 3, 3, 4)), v -> Pool.globalAvgPool2d(v[0], true)),
                op("globalMaxPool1d", "1 at each channel's maximum", inputs(g -> normal(g, 2, 3, 7)), v -> Pool.globalMaxPool1d(v[0])),
                op("upsampleBilinear2d", "A_H^T G A_W: the transposed interpolation matrices (bilinear upsampling is x -> A_H x A_W^T)",
                        inputs(g -> normal(g, 2, 2, 3, 2)), v -> Pool.upsampleBilinear2d(v[0], 2, 3, false)),
                op("upsampleBilinear2d(alignCorners)", "as upsampleBilinear2d", inputs(g -> normal(g, 1, 2, 3, 3)), v -> Pool.upsampleBilinear2d(v[0], 2, 2, true)),
                op("upsampleNearest2d", "the gradient summed over each block", inputs(g -> normal(g, 2, 2, 3, 2)), v -> Pool.upsampleNearest2d(v[0], 2, 3)));
    }
}
