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
        if (x.data().rank() != 4) throw new IllegalArgumentException("globalAvgPool2d: expects [N, C, H, W], got " + x.data().shape());
        return x.mean(new int[] {2, 3}, false);
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
        double[] a = new double[out * in];
        for (int d = 0; d < out; d++) {
            double src = alignCorners ? (out > 1 ? d * (in - 1.0) / (out - 1) : 0) : Math.max(0, (d + 0.5) * in / out - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1), i1 = Math.min(i0 + 1, in - 1);
            double lambda = src - i0;
            a[d * in + i0] += 1 - lambda;
            a[d * in + i1] += lambda;
        }
        return Tensor.fromArray(a, out, in).to(like.dtype()).to(like.device());
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
                op("maxPool1d", "as maxPool2d on a height-1 image", inputs(g -> normal(g, 2, 3, 9)), v -> Pool.maxPool1d(v[0], 2, 2, 0)),
                op("globalAvgPool2d", "1/(H W) everywhere", inputs(g -> normal(g, 2, 3, 4, 4)), v -> Pool.globalAvgPool2d(v[0])),
                op("globalMaxPool1d", "1 at each channel's maximum", inputs(g -> normal(g, 2, 3, 7)), v -> Pool.globalMaxPool1d(v[0])),
                op("upsampleBilinear2d", "A_H^T G A_W: the transposed interpolation matrices (bilinear upsampling is x -> A_H x A_W^T)",
                        inputs(g -> normal(g, 2, 2, 3, 2)), v -> Pool.upsampleBilinear2d(v[0], 2, 3, false)),
                op("upsampleBilinear2d(alignCorners)", "as upsampleBilinear2d", inputs(g -> normal(g, 1, 2, 3, 3)), v -> Pool.upsampleBilinear2d(v[0], 2, 2, true)),
                op("upsampleNearest2d", "the gradient summed over each block", inputs(g -> normal(g, 2, 2, 3, 2)), v -> Pool.upsampleNearest2d(v[0], 2, 3)));
    }
}
