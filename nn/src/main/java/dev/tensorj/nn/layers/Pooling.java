package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.InterpolateOptions;
import dev.tensorj.autograd.PoolOptions;

/** Parameter-free pooling and upsampling layers (Keras' MaxPooling2D, UpSampling2D, ...), each one call of {@link F}. */
public final class Pooling {
    private Pooling() {
    }

    /** MaxPooling2D(pool): window = stride = pool, no padding, floor mode (11 x 11 -> 5 x 5). */
    public static FunctionLayer maxPool2d(int pool) {
        return maxPool2d(PoolOptions.kernel(pool));
    }

    /** MaxPool2d with PyTorch's kernel, stride, padding and dilation, e.g. {@code PoolOptions.kernel(3).stride(2).padding(1)}. */
    public static FunctionLayer maxPool2d(PoolOptions options) {
        return new FunctionLayer("MaxPool2d", x -> F.maxPool2d(x, options));
    }

    /** AveragePooling2D(pool): the mean of each pool x pool window, window = stride, floor mode. */
    public static FunctionLayer avgPool2d(int pool) {
        return avgPool2d(PoolOptions.kernel(pool));
    }

    /** AvgPool2d with PyTorch's options, {@code ceilMode} and {@code countIncludePad} included. */
    public static FunctionLayer avgPool2d(PoolOptions options) {
        return new FunctionLayer("AvgPool2d", x -> F.avgPool2d(x, options));
    }

    /** MaxPooling1D(pool) over the last axis of [N, C, L]: window = stride = pool. */
    public static FunctionLayer maxPool1d(int pool) {
        return new FunctionLayer("MaxPool1d", x -> F.maxPool1d(x, pool, pool, 0));
    }

    /** MaxPool1d with PyTorch's options (the width fields of {@link PoolOptions}: kernel, stride, padding, dilation, ceil mode). */
    public static FunctionLayer maxPool1d(PoolOptions options) {
        return new FunctionLayer("MaxPool1d", x -> F.maxPool1d(x, options));
    }

    /** AvgPool1d with PyTorch's options (the width fields of {@link PoolOptions}). */
    public static FunctionLayer avgPool1d(PoolOptions options) {
        return new FunctionLayer("AvgPool1d", x -> F.avgPool1d(x, options));
    }

    /** AdaptiveMaxPool2d((outH, outW)): PyTorch's windows from floor(i In / Out) to ceil((i + 1) In / Out). */
    public static FunctionLayer adaptiveMaxPool2d(int outH, int outW) {
        return new FunctionLayer("AdaptiveMaxPool2d", x -> F.adaptiveMaxPool2d(x, outH, outW));
    }

    /** GlobalAveragePooling2D: [N, C, H, W] to [N, C] (the channel means). */
    public static FunctionLayer globalAvgPool2d() {
        return new FunctionLayer("GlobalAvgPool2d", F::globalAvgPool2d);
    }

    /** GlobalAveragePooling2D(keepdims=True): [N, C, H, W] to [N, C, 1, 1]. */
    public static FunctionLayer globalAvgPool2d(boolean keepDim) {
        return new FunctionLayer("GlobalAvgPool2d", x -> F.globalAvgPool2d(x, keepDim));
    }

    /** GlobalMaxPooling1D: [N, C, L] to [N, C] (the maximum over time). */
    public static FunctionLayer globalMaxPool1d() {
        return new FunctionLayer("GlobalMaxPool1d", F::globalMaxPool1d);
    }

    /** UpSampling2D(size): nearest neighbour, each pixel repeated size x size times. */
    public static FunctionLayer upSampling2d(int size) {
        return new FunctionLayer("UpSampling2d", x -> F.upsampleNearest2d(x, size, size));
    }

    /** UpSampling2D(size, interpolation='bilinear'): Keras' and PyTorch's half-pixel-centred bilinear interpolation. */
    public static FunctionLayer upSampling2dBilinear(int size) {
        return new FunctionLayer("UpSampling2d(bilinear)", x -> F.upsampleBilinear2d(x, size, size, false));
    }

    /**
     * PyTorch's {@code nn.Upsample}: nearest or bilinear, to a size or by a (non-integer) scale factor, e.g.
     * {@code Pooling.upsample(InterpolateOptions.size(32, 32).bilinear())}.
     */
    public static FunctionLayer upsample(InterpolateOptions options) {
        return new FunctionLayer("Upsample", x -> F.interpolate(x, options));
    }
}
