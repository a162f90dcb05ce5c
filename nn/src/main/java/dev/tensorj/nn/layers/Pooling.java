package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Pool;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Module;
import dev.tensorj.tensor.ConvGeometry;

import java.util.function.UnaryOperator;

/** Parameter-free pooling and upsampling layers (Keras' MaxPooling2D, UpSampling2D, ...). */
public final class Pooling extends Module {
    private final String name;
    private final UnaryOperator<Variable> function;

    private Pooling(String name, UnaryOperator<Variable> function) {
        this.name = name;
        this.function = function;
    }

    @Override
    public Variable forward(Variable x) {
        return function.apply(x);
    }

    @Override
    public String name() {
        return name;
    }

    /** MaxPooling2D(pool): window = stride = pool, no padding, floor mode (11 x 11 -> 5 x 5). */
    public static Pooling maxPool2d(int pool) {
        return maxPool2d(ConvGeometry.of(pool, pool, 0));
    }

    public static Pooling maxPool2d(ConvGeometry geometry) {
        return new Pooling("MaxPool2d", x -> Pool.maxPool2d(x, geometry));
    }

    public static Pooling avgPool2d(int pool) {
        ConvGeometry g = ConvGeometry.of(pool, pool, 0);
        return new Pooling("AvgPool2d", x -> Pool.avgPool2d(x, g));
    }

    public static Pooling maxPool1d(int pool) {
        return new Pooling("MaxPool1d", x -> Pool.maxPool1d(x, pool, pool, 0));
    }

    public static Pooling globalAvgPool2d() {
        return new Pooling("GlobalAvgPool2d", Pool::globalAvgPool2d);
    }

    public static Pooling globalMaxPool1d() {
        return new Pooling("GlobalMaxPool1d", Pool::globalMaxPool1d);
    }

    /** UpSampling2D(size): nearest neighbour, each pixel repeated size x size times. */
    public static Pooling upSampling2d(int size) {
        return new Pooling("UpSampling2d", x -> Pool.upsampleNearest2d(x, size, size));
    }
}
