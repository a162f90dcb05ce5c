package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Pool;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.ConvGeometry;

/** Parameter-free pooling and upsampling layers (Keras' MaxPooling2D, UpSampling2D, ...). */
public final class Pooling {
    private Pooling() {
    }

    /** MaxPooling2D(pool): window = stride = pool, no padding, floor mode (11 x 11 -> 5 x 5). */
    public static FunctionLayer maxPool2d(int pool) {
        return maxPool2d(ConvGeometry.of(pool, pool, 0));
    }

    public static FunctionLayer maxPool2d(ConvGeometry geometry) {
        return new FunctionLayer("MaxPool2d", x -> Pool.maxPool2d(x, geometry));
    }

    public static FunctionLayer avgPool2d(int pool) {
        ConvGeometry g = ConvGeometry.of(pool, pool, 0);
        return new FunctionLayer("AvgPool2d", x -> Pool.avgPool2d(x, g));
    }

    public static FunctionLayer maxPool1d(int pool) {
        return new FunctionLayer("MaxPool1d", x -> Pool.maxPool1d(x, pool, pool, 0));
    }

    public static FunctionLayer globalAvgPool2d() {
        return new FunctionLayer("GlobalAvgPool2d", Pool::globalAvgPool2d);
    }

    public static FunctionLayer globalMaxPool1d() {
        return new FunctionLayer("GlobalMaxPool1d", Pool::globalMaxPool1d);
    }

    /** UpSampling2D(size): nearest neighbour, each pixel repeated size x size times. */
    public static FunctionLayer upSampling2d(int size) {
        return new FunctionLayer("UpSampling2d", x -> Pool.upsampleNearest2d(x, size, size));
    }

    /** UpSampling2D(size, interpolation='bilinear'): Keras' and PyTorch's half-pixel-centred bilinear interpolation. */
    public static FunctionLayer upSampling2dBilinear(int size) {
        return new FunctionLayer("UpSampling2d(bilinear)", x -> Pool.upsampleBilinear2d(x, size, size, false));
    }
}
