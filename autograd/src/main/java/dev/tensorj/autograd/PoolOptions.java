package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;

/**
 * PyTorch's pooling arguments by name: the kernel size, and a stride that defaults to the kernel size,
 * padding 0, dilation 1, {@code ceil_mode=False} and {@code count_include_pad=True}:
 * <pre>  F.maxPool2d(x, PoolOptions.kernel(3).stride(2).padding(1).ceilMode(true))</pre>
 * The 1-D pools ({@link F#maxPool1d(Variable, PoolOptions)}, {@link F#avgPool1d}) read the width
 * fields; build their options with the one-number forms ({@code kernel(3).stride(2)}).
 *
 * @param ceilMode        output size rounded up, so a last partial window is pooled too (it must start
 *                        inside the input or the left padding, as in PyTorch)
 * @param countIncludePad average pooling divides by the whole window, padding included (PyTorch's
 *                        default); false divides by the number of input elements in the window
 */
public record PoolOptions(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilation,
                          boolean ceilMode, boolean countIncludePad) {

    /** Rejects a kernel, stride or dilation below 1, a negative padding, or padding over half the kernel (as PyTorch does). */
    public PoolOptions {
        if (kernelH < 1 || kernelW < 1) throw new IllegalArgumentException("PoolOptions: kernel must be >= 1, got " + kernelH + "x" + kernelW);
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("PoolOptions: stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("PoolOptions: padding must be >= 0, got " + padH + "x" + padW);
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("PoolOptions: padding " + padH + "x" + padW + " must be at most half the " + kernelH + "x" + kernelW + " kernel");
        }
        if (dilation < 1) throw new IllegalArgumentException("PoolOptions: dilation must be >= 1, got " + dilation);
    }

    /** Floor mode, padding counted in averages (PyTorch's defaults). */
    public PoolOptions(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilation) {
        this(kernelH, kernelW, strideH, strideW, padH, padW, dilation, false, true);
    }

    /** A square kernel, stride = kernel size, no padding. */
    public static PoolOptions kernel(int size) {
        return kernel(size, size);
    }

    /** A kH x kW kernel, stride = kernel size, no padding. */
    public static PoolOptions kernel(int h, int w) {
        return new PoolOptions(h, w, h, w, 0, 0, 1);
    }

    /** The same stride along height and width, in place of the kernel-size default. */
    public PoolOptions stride(int stride) {
        return stride(stride, stride);
    }

    /** Stride {@code h} along the height and {@code w} along the width. */
    public PoolOptions stride(int h, int w) {
        return new PoolOptions(kernelH, kernelW, h, w, padH, padW, dilation, ceilMode, countIncludePad);
    }

    /**
     * {@code padding} rows above and below the input and as many columns left and right, at most half the kernel:
     * padded cells never win a max pool and count as zeros in an average pool.
     */
    public PoolOptions padding(int padding) {
        return padding(padding, padding);
    }

    /** {@code h} padded rows above and below and {@code w} padded columns left and right. */
    public PoolOptions padding(int h, int w) {
        return new PoolOptions(kernelH, kernelW, strideH, strideW, h, w, dilation, ceilMode, countIncludePad);
    }

    /** The spacing between window taps along both axes (1: adjacent cells; PyTorch's {@code dilation}). */
    public PoolOptions dilation(int dilation) {
        return new PoolOptions(kernelH, kernelW, strideH, strideW, padH, padW, dilation, ceilMode, countIncludePad);
    }

    /** PyTorch's {@code ceil_mode}: round the output size up (default false). */
    public PoolOptions ceilMode(boolean on) {
        return new PoolOptions(kernelH, kernelW, strideH, strideW, padH, padW, dilation, on, countIncludePad);
    }

    /** PyTorch's {@code count_include_pad} for average pooling (default true). */
    public PoolOptions countIncludePad(boolean on) {
        return new PoolOptions(kernelH, kernelW, strideH, strideW, padH, padW, dilation, ceilMode, on);
    }

    /** The kernel-level window (floor mode; {@link Pool} adds the ceil-mode overhang itself). */
    public ConvGeometry geometry() {
        return new ConvGeometry(kernelH, kernelW, strideH, strideW, padH, padW, dilation, dilation);
    }

    /** The window of a 1-D pool along the last axis, on a height-1 image: the width fields, named {@code op} in errors. */
    ConvGeometry geometry1d(String op) {
        boolean sameAsWidth = kernelH == kernelW && strideH == strideW && padH == padW;
        boolean flat = kernelH == 1 && strideH == 1 && padH == 0;
        if (!sameAsWidth && !flat) {
            throw new IllegalArgumentException(op + ": 1-D pooling reads the width fields; got a " + kernelH + "x" + kernelW
                    + " kernel, stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW + " (build it with PoolOptions.kernel(k).stride(s).padding(p))");
        }
        return new ConvGeometry(1, kernelW, 1, strideW, 0, padW, 1, dilation);
    }
}
