package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Convolutions, built on one pair of primitives: {@code unfold} (im2col) copies every window of the
 * input into a column, so that a convolution is a single matrix product with the weight, and its
 * adjoint {@code fold} (col2im) adds columns back into an image. Each is the other's backward, so
 * conv2d, its transpose and pooling get their gradients (of any order) from these two and matmul.
 *
 * <p>Where to find the backward of conv2d: y = W . unfold(x) + b, hence
 * dL/dW = sum_n dL/dy[n] . unfold(x)[n]^T, dL/dx = fold(W^T . dL/dy), dL/db = sum of dL/dy
 * — the first two come from {@link MatMul}'s rule, the last from the broadcast of b. The fused
 * kernels of conv2d and convTranspose2d compute the same thing one image at a time; their composite
 * twins ({@code conv2dComposite}, {@code convTranspose2dComposite}) are what they are checked against.
 */
public final class Conv {
    private Conv() {
    }

    /** x [N, C, H, W] to windows as columns [N, C kH kW, L]; backward: fold of the gradient. */
    public static Variable unfold(Variable x, ConvGeometry g, double padValue) {
        int height = x.data().size(2), width = x.data().size(3);
        return record("unfold", x.data().unfold(g, padValue), (ctx, grad) -> new Variable[] {fold(grad, g, height, width)}, x);
    }

    /** Columns [N, C kH kW, L] summed into an image [N, C, height, width]; backward: unfold of the gradient. */
    public static Variable fold(Variable cols, ConvGeometry g, int height, int width) {
        return record("fold", cols.data().fold(g, height, width), (ctx, grad) -> new Variable[] {unfold(grad, g, 0)}, cols);
    }

    /**
     * 2-D convolution (cross-correlation, as in PyTorch): x [N, Cin, H, W], weight [Cout, Cin/groups, kH, kW],
     * optional bias [Cout]; output [N, Cout, outH, outW].
     */
    public static Variable conv2d(Variable x, Variable weight, Variable bias, ConvGeometry g, int groups) {
        int[] xs = x.data().dims(), ws = weight.data().dims();
        if (xs.length != 4 || ws.length != 4) {
            throw new IllegalArgumentException("conv2d: expects input [N, C, H, W] and weight [Cout, Cin, kH, kW], got " + x.data().shape() + " and " + weight.data().shape());
        }
        if (groups < 1 || xs[1] % groups != 0 || ws[0] % groups != 0 || ws[1] * groups != xs[1]) {
            throw new IllegalArgumentException("conv2d: input " + x.data().shape() + " with " + xs[1] + " channels does not fit weight "
                    + weight.data().shape() + " with groups=" + groups + " (expected weight [Cout, " + (xs[1] / Math.max(1, groups)) + ", kH, kW])");
        }
        if (ws[2] != g.kernelH() || ws[3] != g.kernelW()) {
            throw new IllegalArgumentException("conv2d: weight " + weight.data().shape() + " does not match the " + g.kernelH() + "x" + g.kernelW() + " kernel");
        }
        g.check("conv2d", xs[2], xs[3]);
        int outH = g.outH(xs[2]), outW = g.outW(xs[3]);
        Variable out;
        if (groups == 1) {
            return fused(x, weight, bias, g);
        } else {
            List<Variable> parts = new ArrayList<>();
            int inPer = xs[1] / groups, outPer = ws[0] / groups;
            for (int gi = 0; gi < groups; gi++) {
                Variable cols = unfold(x.narrow(1, gi * inPer, inPer).contiguous(), g, 0);
                parts.add(weight.narrow(0, gi * outPer, outPer).reshape(outPer, -1).matmul(cols));
            }
            out = Variable.concat(1, parts.toArray(new Variable[0]));
        }
        out = out.reshape(xs[0], ws[0], outH, outW);
        return bias == null ? out : out.add(bias.reshape(1, ws[0], 1, 1));
    }

    /**
     * The fused kernel (one image's im2col at a time, see the backend's conv2d): the same values and
     * gradients as {@link #conv2dComposite} with a fraction of the memory, but its backward is computed
     * with tensors, so it is first-order only.
     * <pre>
     *   dL/dx = conv2dBackwardInput(G, W)   (= fold(W^T . G))
     *   dL/dW = conv2dBackwardWeight(x, G)  (= sum_n G_n . unfold(x)_n^T)
     *   dL/db = sum of G over N, H and W    (b is added to every pixel of its channel)
     * </pre>
     * The bias is added in place to the fresh output ({@link #recordWithChannelBias}): as a separate
     * broadcast add it cost a second output-sized tensor (for C2's conv 64→128 at batch 64, 26 MB
     * allocated, zeroed and written again).
     */
    private static Variable fused(Variable x, Variable weight, Variable bias, ConvGeometry g) {
        Tensor out = dev.tensorj.tensor.Convolution.forward(x.data().contiguous(), weight.data().contiguous(), g);
        int[] inputShape = x.data().dims(), weightShape = weight.data().dims();
        return recordWithChannelBias("conv2d", out, (ctx, grad) -> {
            Tensor gOut = grad.data().contiguous();
            Tensor w = ctx.input(1).data().contiguous();
            Variable dx = ctx.needsGrad(0) ? new Variable(dev.tensorj.tensor.Convolution.backwardInput(gOut, w, g, inputShape), false) : null;
            Variable dw = ctx.needsGrad(1)
                    ? new Variable(dev.tensorj.tensor.Convolution.backwardWeight(ctx.input(0).data().contiguous(), gOut, g, weightShape), false) : null;
            return new Variable[] {dx, dw};
        }, x, weight, bias);
    }

    /**
     * Records a fused convolution whose rule gives dx and dW. With a bias [C] it is first added in place
     * to every pixel of its channel of the fresh output [N, C, H, W], and the rule is extended by
     * dL/db = the sum of G over N, H and W.
     */
    private static Variable recordWithChannelBias(String op, Tensor out, Node.BackwardRule rule, Variable x, Variable weight, Variable bias) {
        if (bias == null) return record(op, out, rule, x, weight);
        out.addInPlace(bias.data().reshape(1, out.size(1), 1, 1));
        return record(op, out, (ctx, grad) -> {
            Variable[] dxdw = rule.apply(ctx, grad);
            Variable db = ctx.needsGrad(2) ? new Variable(grad.data().sum(new int[] {0, 2, 3}, false), false) : null;
            return new Variable[] {dxdw[0], dxdw[1], db};
        }, x, weight, bias);
    }

    /**
     * conv2d as a composition, y = W . unfold(x): twice differentiable, memory-hungry (all windows of the
     * batch at once); the fused kernel is checked against it.
     */
    static Variable conv2dComposite(Variable x, Variable weight, Variable bias, ConvGeometry g) {
        int[] xs = x.data().dims(), ws = weight.data().dims();
        Variable cols = unfold(x, g, 0);                                // [N, Cin kH kW, L]
        Variable out = weight.reshape(ws[0], -1).matmul(cols)          // [Cout, Cin kH kW] . [N, Cin kH kW, L]
                .reshape(xs[0], ws[0], g.outH(xs[2]), g.outW(xs[3]));
        return bias == null ? out : out.add(bias.reshape(1, ws[0], 1, 1));
    }

    /**
     * 1-D convolution over x [N, C, L] with weight [Cout, Cin, k]: conv2d on a height-1 image.
     */
    public static Variable conv1d(Variable x, Variable weight, Variable bias, int stride, int padding, int dilation, int groups) {
        if (x.data().rank() != 3 || weight.data().rank() != 3) {
            throw new IllegalArgumentException("conv1d: expects input [N, C, L] and weight [Cout, Cin, k], got " + x.data().shape() + " and " + weight.data().shape());
        }
        int k = weight.data().size(2);
        ConvGeometry g = new ConvGeometry(1, k, 1, stride, 0, padding, 1, dilation);
        Variable y = conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, g, groups);
        return y.squeeze(2);
    }

    /**
     * Transposed convolution (the gradient of conv2d with respect to its input, used to upsample):
     * x [N, Cin, H, W], weight [Cin, Cout, kH, kW] (PyTorch's layout); output size
     * (H - 1) sH - 2 pH + dH (kH - 1) + outputPadding + 1.
     *
     * <p>Read the weight as a conv2d weight [O = Cin, C = Cout, kH, kW] that maps the (larger) output
     * back to x: then convTranspose2d(x) is conv2d's backward-input applied to x, and the three passes
     * of the fused kernel serve it with the roles exchanged (see {@link #fusedTranspose}).
     */
    public static Variable convTranspose2d(Variable x, Variable weight, Variable bias, ConvGeometry g, int outputPaddingH, int outputPaddingW) {
        int[] xs = x.data().dims(), ws = weight.data().dims();
        if (xs.length != 4 || ws.length != 4 || ws[0] != xs[1]) {
            throw new IllegalArgumentException("convTranspose2d: expects input [N, Cin, H, W] and weight [Cin, Cout, kH, kW] with matching Cin, got "
                    + x.data().shape() + " and " + weight.data().shape());
        }
        if (ws[2] != g.kernelH() || ws[3] != g.kernelW()) {
            throw new IllegalArgumentException("convTranspose2d: weight " + weight.data().shape() + " does not match the " + g.kernelH() + "x" + g.kernelW() + " kernel");
        }
        if (outputPaddingH >= Math.max(g.strideH(), g.dilationH()) || outputPaddingW >= Math.max(g.strideW(), g.dilationW())) {
            throw new IllegalArgumentException("convTranspose2d: output padding must be smaller than stride or dilation");
        }
        int height = (xs[2] - 1) * g.strideH() - 2 * g.padH() + g.dilationH() * (g.kernelH() - 1) + outputPaddingH + 1;
        int width = (xs[3] - 1) * g.strideW() - 2 * g.padW() + g.dilationW() * (g.kernelW() - 1) + outputPaddingW + 1;
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("convTranspose2d: input " + x.data().shape() + " gives an empty " + height + "x" + width + " output with " + g);
        }
        if (g.outH(height) != xs[2] || g.outW(width) != xs[3]) {
            // an output padding of at least the stride (possible when the dilation is larger) adds a window x has no entry for
            throw new IllegalArgumentException("convTranspose2d: output padding " + outputPaddingH + "x" + outputPaddingW + " with " + g
                    + " makes a " + height + "x" + width + " output whose convolution is not the " + xs[2] + "x" + xs[3] + " input; use an output padding below the stride");
        }
        return fusedTranspose(x, weight, bias, g, height, width);
    }

    /**
     * Grouped transposed convolution (PyTorch's {@code groups}): x [N, Cin, H, W], weight
     * [Cin, Cout / groups, kH, kW], bias [Cout] or null; input channels {@code i Cin/groups ..} feed only
     * output channels {@code i Cout/groups ..}. Computed as one transposed convolution per group on
     * narrowed views, concatenated along the channels, so its gradients come from narrow and concat.
     */
    public static Variable convTranspose2d(Variable x, Variable weight, Variable bias, ConvGeometry g, int outputPaddingH, int outputPaddingW, int groups) {
        if (groups == 1) return convTranspose2d(x, weight, bias, g, outputPaddingH, outputPaddingW);
        int[] xs = x.data().dims(), ws = weight.data().dims();
        if (groups < 1 || xs.length != 4 || ws.length != 4 || xs[1] % groups != 0 || ws[0] != xs[1]) {
            throw new IllegalArgumentException("convTranspose2d: input " + x.data().shape() + " does not fit weight " + weight.data().shape() + " with groups=" + groups
                    + " (expected input [N, Cin, H, W] with Cin divisible by groups and weight [Cin, Cout / groups, kH, kW])");
        }
        int inPer = xs[1] / groups, outPer = ws[1];
        if (bias != null && (bias.data().rank() != 1 || bias.data().size(0) != outPer * groups)) {
            throw new IllegalArgumentException("convTranspose2d: bias " + bias.data().shape() + " does not fit " + outPer * groups + " output channels (weight "
                    + weight.data().shape() + ", groups=" + groups + ")");
        }
        Variable[] parts = new Variable[groups];
        for (int gi = 0; gi < groups; gi++) {
            parts[gi] = convTranspose2d(x.narrow(1, gi * inPer, inPer), weight.narrow(0, gi * inPer, inPer),
                    bias == null ? null : bias.narrow(0, gi * outPer, outPer), g, outputPaddingH, outputPaddingW);
        }
        return Variable.concat(1, parts);
    }

    /**
     * The fused transposed convolution: the kernels of conv2d with input and output exchanged.
     * With T(x) = conv2dBackwardInput(x, W) and &lt;T(x), G&gt; = &lt;x, conv2d(G, W)&gt;:
     * <pre>
     *   y     = conv2dBackwardInput(x, W)       (one image's col2im at a time)
     *   dL/dx = conv2d(G, W)                    (the adjoint of the adjoint)
     *   dL/dW = conv2dBackwardWeight(G, x)      (G plays conv2d's input, x its output gradient)
     * </pre>
     * The bias, as in {@link #fused}, is added in place ({@link #recordWithChannelBias}). Like
     * {@link #fused}, first-order only; it is checked against {@link #convTranspose2dComposite}.
     */
    private static Variable fusedTranspose(Variable x, Variable weight, Variable bias, ConvGeometry g, int height, int width) {
        int[] xs = x.data().dims(), ws = weight.data().dims();
        int[] outputShape = {xs[0], ws[1], height, width};
        Tensor out = dev.tensorj.tensor.Convolution.backwardInput(x.data().contiguous(), weight.data().contiguous(), g, outputShape);
        return recordWithChannelBias("convTranspose2d", out, (ctx, grad) -> {
            Tensor gOut = grad.data().contiguous();
            Variable dx = ctx.needsGrad(0)
                    ? new Variable(dev.tensorj.tensor.Convolution.forward(gOut, ctx.input(1).data().contiguous(), g), false) : null;
            Variable dw = ctx.needsGrad(1)
                    ? new Variable(dev.tensorj.tensor.Convolution.backwardWeight(gOut, ctx.input(0).data().contiguous(), g, ws), false) : null;
            return new Variable[] {dx, dw};
        }, x, weight, bias);
    }

    /**
     * The transposed convolution as a composition, columns = W^T . x folded into the image: twice
     * differentiable, but it holds the columns of the whole batch at once.
     */
    static Variable convTranspose2dComposite(Variable x, Variable weight, Variable bias, ConvGeometry g, int height, int width) {
        int[] xs = x.data().dims(), ws = weight.data().dims();
        // columns = W^T . x: [Cout kH kW, Cin] . [N, Cin, H W] = [N, Cout kH kW, H W], then folded
        Variable cols = weight.reshape(xs[1], -1).t().matmul(x.reshape(xs[0], xs[1], xs[2] * xs[3]));
        Variable out = fold(cols, g, height, width);
        return bias == null ? out : out.add(bias.reshape(1, ws[1], 1, 1));
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        ConvGeometry g3 = new ConvGeometry(3, 3, 1, 1, 1, 1, 1, 1);
        ConvGeometry strided = new ConvGeometry(3, 2, 2, 1, 1, 0, 1, 2);
        return List.of(
                op("unfold", "fold of the gradient (col2im)", inputs(g -> normal(g, 2, 2, 5, 4)), v -> v[0].unfold(strided, 0)),
                op("fold", "unfold of the gradient (im2col)", inputs(g -> normal(g, 2, 2 * 6, 6)), v -> v[0].fold(strided, 5, 4)),
                firstOrderOnly("conv2d", "fused kernel: dW = sum_n G_n unfold(x_n)^T, dx = fold(W^T G), db = sum G", inputs(g -> normal(g, 2, 3, 5, 5), g -> normal(g, 4, 3, 3, 3), g -> normal(g, 4)),
                        v -> Conv.conv2d(v[0], v[1], v[2], g3, 1)),
                firstOrderOnly("conv2d(strided, dilated)", "as conv2d", inputs(g -> normal(g, 1, 2, 7, 6), g -> normal(g, 3, 2, 3, 2)),
                        v -> Conv.conv2d(v[0], v[1], null, strided, 1)),
                op("conv2d(composite)", "unfold + matmul: the twice-differentiable form the fused kernel is checked against",
                        inputs(g -> normal(g, 2, 3, 5, 5), g -> normal(g, 4, 3, 3, 3), g -> normal(g, 4)), v -> Conv.conv2dComposite(v[0], v[1], v[2], g3)),
                op("conv2d(groups)", "as conv2d, per group", inputs(g -> normal(g, 2, 4, 4, 4), g -> normal(g, 6, 2, 3, 3)),
                        v -> Conv.conv2d(v[0], v[1], null, g3, 2)),
                firstOrderOnly("conv1d", "conv2d on a height-1 image", inputs(g -> normal(g, 2, 3, 9), g -> normal(g, 4, 3, 3), g -> normal(g, 4)),
                        v -> Conv.conv1d(v[0], v[1], v[2], 2, 1, 1, 1)),
                firstOrderOnly("convTranspose2d", "fused kernel: y = conv2dBackwardInput(x, W), dx = conv2d(G, W), dW = conv2dBackwardWeight(G, x), db = sum G",
                        inputs(g -> normal(g, 2, 3, 3, 3), g -> normal(g, 3, 2, 3, 3), g -> normal(g, 2)),
                        v -> Conv.convTranspose2d(v[0], v[1], v[2], new ConvGeometry(3, 3, 2, 2, 1, 1, 1, 1), 1, 1)),
                firstOrderOnly("convTranspose2d(groups)", "as convTranspose2d, per group (narrow and concat)",
                        inputs(g -> normal(g, 2, 4, 3, 3), g -> normal(g, 4, 3, 3, 2), g -> normal(g, 6)),
                        v -> Conv.convTranspose2d(v[0], v[1], v[2], new ConvGeometry(3, 2, 2, 1, 1, 0, 1, 1), 1, 0, 2)),
                op("convTranspose2d(composite)", "fold(W^T x): dx = W . unfold(G), dW from matmul; the form the fused kernel is checked against",
                        inputs(g -> normal(g, 2, 3, 3, 3), g -> normal(g, 3, 2, 3, 3), g -> normal(g, 2)),
                        v -> Conv.convTranspose2dComposite(v[0], v[1], v[2], new ConvGeometry(3, 3, 2, 2, 1, 1, 1, 1), 6, 6)));
    }
}
