package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;

/**
 * PyTorch's convolution arguments with their defaults (stride 1, padding 0, dilation 1, groups 1, output
 * padding 0), set by name instead of by position:
 * <pre>  F.conv2d(x, w, b, ConvOptions.defaults().stride(2).padding(1))</pre>
 * Each setter returns a new record; the one-argument forms set height and width alike.
 */
public record ConvOptions(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
                          int outputPadH, int outputPadW) {
    private static final ConvOptions DEFAULTS = new ConvOptions(1, 1, 0, 0, 1, 1, 1, 0, 0);

    /** Rejects a stride or dilation below 1, groups below 1, or a negative padding or output padding. */
    public ConvOptions {
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("ConvOptions: stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("ConvOptions: padding must be >= 0, got " + padH + "x" + padW);
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("ConvOptions: dilation must be >= 1, got " + dilationH + "x" + dilationW);
        if (groups < 1) throw new IllegalArgumentException("ConvOptions: groups must be >= 1, got " + groups);
        if (outputPadH < 0 || outputPadW < 0) throw new IllegalArgumentException("ConvOptions: outputPadding must be >= 0, got " + outputPadH + "x" + outputPadW);
    }

    /** stride 1, padding 0, dilation 1, groups 1, output padding 0. */
    public static ConvOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The same stride along height and width: the kernel moves {@code stride} pixels per output pixel (a transposed
     * convolution's upsampling factor).
     */
    public ConvOptions stride(int stride) {
        return stride(stride, stride);
    }

    /** Stride {@code h} along the height and {@code w} along the width. */
    public ConvOptions stride(int h, int w) {
        return new ConvOptions(h, w, padH, padW, dilationH, dilationW, groups, outputPadH, outputPadW);
    }

    /**
     * {@code padding} zero rows above and below the input and as many zero columns left and right (for a transposed
     * convolution, as in PyTorch, the rows and columns cropped from each side of its output).
     */
    public ConvOptions padding(int padding) {
        return padding(padding, padding);
    }

    /** {@code h} zero rows above and below the input, {@code w} zero columns left and right (cropped if transposed). */
    public ConvOptions padding(int h, int w) {
        return new ConvOptions(strideH, strideW, h, w, dilationH, dilationW, groups, outputPadH, outputPadW);
    }

    /** The same spacing between kernel taps along height and width (1: adjacent taps; PyTorch's {@code dilation}). */
    public ConvOptions dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    /** Spacing {@code h} between kernel taps along the height and {@code w} along the width. */
    public ConvOptions dilation(int h, int w) {
        return new ConvOptions(strideH, strideW, padH, padW, h, w, groups, outputPadH, outputPadW);
    }

    /**
     * Splits the channels into {@code groups} independent convolutions (PyTorch's {@code groups}); input and output
     * channels must both divide by it, and groups = in channels is a depthwise convolution.
     */
    public ConvOptions groups(int groups) {
        return new ConvOptions(strideH, strideW, padH, padW, dilationH, dilationW, groups, outputPadH, outputPadW);
    }

    /** Extra rows and columns at the bottom and right of a transposed convolution's output. */
    public ConvOptions outputPadding(int padding) {
        return outputPadding(padding, padding);
    }

    /** {@code h} extra rows at the bottom and {@code w} extra columns at the right of a transposed convolution's output. */
    public ConvOptions outputPadding(int h, int w) {
        return new ConvOptions(strideH, strideW, padH, padW, dilationH, dilationW, groups, h, w);
    }

    /** The kernel-level window of a kH x kW kernel with these options. */
    public ConvGeometry geometry(int kernelH, int kernelW) {
        return new ConvGeometry(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW);
    }
}
