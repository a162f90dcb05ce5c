package dev.tensorj.tensor;

/**
 * The sliding window of a 2-D convolution or pooling: kernel size, stride, zero padding and dilation
 * along height and width. For an input of size {@code in} along an axis, the window fits
 * <pre>  out = floor((in + 2 pad - dilation (kernel - 1) - 1) / stride) + 1</pre>
 * times (PyTorch's formula; Keras' "valid" is pad 0, "same" with stride 1 is pad (kernel - 1) / 2).
 */
public record ConvGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {

    /** Checks that kernel, stride and dilation are at least 1 and padding at least 0. */
    public ConvGeometry {
        if (kernelH < 1 || kernelW < 1) throw new IllegalArgumentException("ConvGeometry: kernel must be >= 1, got " + kernelH + "x" + kernelW);
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("ConvGeometry: stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("ConvGeometry: padding must be >= 0, got " + padH + "x" + padW);
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("ConvGeometry: dilation must be >= 1, got " + dilationH + "x" + dilationW);
    }

    /** Square kernel, equal stride and padding, no dilation. */
    public static ConvGeometry of(int kernel, int stride, int padding) {
        return new ConvGeometry(kernel, kernel, stride, stride, padding, padding, 1, 1);
    }

    /** The output height for an input height {@code inH} (the formula above). */
    public int outH(int inH) {
        return (inH + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    /** The output width for an input width {@code inW} (the formula above). */
    public int outW(int inW) {
        return (inW + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Checks that the window fits an input of this size at least once, naming the op. */
    public void check(String op, int inH, int inW) {
        if (inH + 2 * padH < dilationH * (kernelH - 1) + 1 || inW + 2 * padW < dilationW * (kernelW - 1) + 1) {
            throw new IllegalArgumentException(op + ": input of " + inH + "x" + inW + " (padded " + (inH + 2 * padH) + "x" + (inW + 2 * padW)
                    + ") is smaller than the " + kernelH + "x" + kernelW + " kernel (dilation " + dilationH + "x" + dilationW + ")");
        }
    }
}
