package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
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

    public static FunctionLayer avgPool2d(int pool) {
        PoolOptions options = PoolOptions.kernel(pool);
        return new FunctionLayer("AvgPool2d", x -> F.avgPool2d(x, options));
    }

    public static FunctionLayer maxPool1d(int pool) {
        return new FunctionLayer("MaxPool1d", x -> F.maxPool1d(x, pool, pool, 0));
    }

    public static FunctionLayer globalAvgPool2d() {
        return new FunctionLayer("GlobalAvgPool2d", F::globalAvgPool2d);
    }

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
}
