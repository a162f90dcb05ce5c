package dev.tensorj.tensor;

import java.util.Arrays;

/**
 * Shape checks and output allocation for the fused convolution kernels of the {@link Backend}: the
 * forward pass and its two backward passes. (Autograd's {@code Conv.conv2d} puts them together.)
 */
public final class Convolution {
    private Convolution() {
    }

    /** x [N, C, H, W] * w [O, C, kH, kW] into [N, O, outH, outW] (no bias, one group). */
    public static Tensor forward(Tensor x, Tensor weight, ConvGeometry g) {
        check("conv2d", x.dims(), weight, g);
        Tensor.checkSameDevice("conv2d", x, weight);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.size(0), weight.size(0), g.outH(x.size(2)), g.outW(x.size(3)));
        if (out.numel() > 0) x.backend().conv2d(x, weight.to(x.dtype()), g, out);
        return out;
    }

    /** dL/dx for an input of shape {@code inputShape}. */
    public static Tensor backwardInput(Tensor gradOut, Tensor weight, ConvGeometry g, int[] inputShape) {
        check("conv2dBackwardInput", inputShape, weight, g);
        Tensor gradInput = Tensor.zeros(gradOut.dtype(), gradOut.device(), inputShape);
        if (gradInput.numel() > 0) gradOut.backend().conv2dBackwardInput(gradOut, weight.to(gradOut.dtype()), g, gradInput);
        return gradInput;
    }

    /** dL/dw for a weight of shape {@code weightShape}. */
    public static Tensor backwardWeight(Tensor x, Tensor gradOut, ConvGeometry g, int[] weightShape) {
        Tensor gradWeight = Tensor.zeros(gradOut.dtype(), gradOut.device(), weightShape);
        if (gradWeight.numel() > 0) x.backend().conv2dBackwardWeight(x.to(gradOut.dtype()), gradOut, g, gradWeight);
        return gradWeight;
    }

    private static void check(String op, int[] xShape, Tensor weight, ConvGeometry g) {
        int[] w = weight.dims();
        if (xShape.length != 4 || w.length != 4 || w[1] != xShape[1] || w[2] != g.kernelH() || w[3] != g.kernelW()) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(xShape) + " and weight " + Arrays.toString(w)
                    + " do not fit a " + g.kernelH() + "x" + g.kernelW() + " convolution (expected [N, C, H, W] and [O, C, kH, kW])");
        }
        g.check(op, xShape[2], xShape[3]);
    }
}
