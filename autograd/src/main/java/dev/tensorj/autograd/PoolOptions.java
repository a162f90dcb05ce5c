package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;

/**
 * PyTorch's pooling arguments by name: the kernel size, and a stride that defaults to the kernel size,
 * padding 0 and dilation 1:
 * <pre>  F.maxPool2d(x, PoolOptions.kernel(3).stride(2).padding(1))</pre>
 */
public record PoolOptions(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilation) {

    public PoolOptions {
        if (kernelH < 1 || kernelW < 1) throw new IllegalArgumentException("PoolOptions: kernel must be >= 1, got " + kernelH + "x" + kernelW);
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("PoolOptions: stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("PoolOptions: padding must be >= 0, got " + padH + "x" + padW);
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("PoolOptions: padding " + padH + "x" + padW + " must be at most half the " + kernelH + "x" + kernelW + " kernel");
        }
        if (dilation < 1) throw new IllegalArgumentException("PoolOptions: dilation must be >= 1, got " + dilation);
    }

    /** A square kernel, stride = kernel size, no padding. */
    public static PoolOptions kernel(int size) {
        return kernel(size, size);
    }

    /** A kH x kW kernel, stride = kernel size, no padding. */
    public static PoolOptions kernel(int h, int w) {
        return new PoolOptions(h, w, h, w, 0, 0, 1);
    }

    public PoolOptions stride(int stride) {
        return stride(stride, stride);
    }

    public PoolOptions stride(int h, int w) {
        return new PoolOptions(kernelH, kernelW, h, w, padH, padW, dilation);
    }

    public PoolOptions padding(int padding) {
        return padding(padding, padding);
    }

    public PoolOptions padding(int h, int w) {
        return new PoolOptions(kernelH, kernelW, strideH, strideW, h, w, dilation);
    }

    public PoolOptions dilation(int dilation) {
        return new PoolOptions(kernelH, kernelW, strideH, strideW, padH, padW, dilation);
    }

    /** The kernel-level window. */
    public ConvGeometry geometry() {
        return new ConvGeometry(kernelH, kernelW, strideH, strideW, padH, padW, dilation, dilation);
    }
}
