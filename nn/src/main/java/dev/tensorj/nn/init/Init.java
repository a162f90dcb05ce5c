package dev.tensorj.nn.init;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Weight initialisers, as in {@code torch.nn.init}. Each fills a tensor in place from a generator and
 * returns it. Fan-in and fan-out follow PyTorch: for a weight of shape [out, in, k1, k2, ...],
 * fanIn = in * k1 * k2 * ... and fanOut = out * k1 * k2 * ...
 *
 * <p>Which layer uses which (documented on each layer too): PyTorch's Linear and Conv layers use
 * {@link #kaimingUniform} with a = sqrt(5) for the weight, which works out to U(-1/sqrt(fanIn),
 * 1/sqrt(fanIn)), and the same bound for the bias; Keras' Dense and Conv default to
 * {@link #glorotUniform} with zero bias.
 */
public final class Init {
    private Init() {
    }

    /** U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Generator g) {
        return t.copyFrom(Tensor.uniform(low, high, t.dtype(), g, t.dims()));
    }

    /** N(mean, std^2). */
    public static Tensor normal(Tensor t, double mean, double std, Generator g) {
        return t.copyFrom(Tensor.normal(mean, std, t.dtype(), g, t.dims()));
    }

    /** Fills {@code t} with {@code value} in place. Returns t. */
    public static Tensor constant(Tensor t, double value) {
        return t.fill(value);
    }

    /** Fills {@code t} with zeros in place (biases, usually). Returns t. */
    public static Tensor zeros(Tensor t) {
        return t.fill(0);
    }

    /** Number of inputs feeding one output unit: shape[1] times the receptive field. */
    public static int fanIn(int... shape) {
        if (shape.length < 2) throw new IllegalArgumentException("Init.fanIn: needs a weight of rank >= 2, got " + java.util.Arrays.toString(shape));
        return shape[1] * receptiveField(shape);
    }

    /** Number of outputs one input unit feeds: shape[0] times the receptive field (Glorot's fan_out). */
    public static int fanOut(int... shape) {
        if (shape.length < 2) throw new IllegalArgumentException("Init.fanOut: needs a weight of rank >= 2, got " + java.util.Arrays.toString(shape));
        return shape[0] * receptiveField(shape);
    }

    private static int receptiveField(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    /**
     * Glorot/Xavier uniform (Keras' default): U(-b, b) with b = gain * sqrt(6 / (fanIn + fanOut)), which
     * keeps the variance of activations and of gradients about equal across layers.
     */
    public static Tensor glorotUniform(Tensor t, double gain, Generator g) {
        int[] s = t.dims();
        double bound = gain * Math.sqrt(6.0 / (fanIn(s) + fanOut(s)));
        return uniform(t, -bound, bound, g);
    }

    /** Glorot/Xavier normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
    public static Tensor glorotNormal(Tensor t, double gain, Generator g) {
        int[] s = t.dims();
        return normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(s) + fanOut(s))), g);
    }

    /** The gain of leaky ReLU with negative slope a: sqrt(2 / (1 + a^2)) (ReLU: a = 0, gain sqrt 2). */
    public static double leakyReluGain(double a) {
        return Math.sqrt(2.0 / (1 + a * a));
    }

    /**
     * He/Kaiming uniform in fan-in mode: U(-b, b) with b = gain * sqrt(3 / fanIn) and gain =
     * sqrt(2 / (1 + a^2)). PyTorch's Linear/Conv weights use a = sqrt(5): b = 1 / sqrt(fanIn).
     */
    public static Tensor kaimingUniform(Tensor t, double a, Generator g) {
        double bound = leakyReluGain(a) * Math.sqrt(3.0 / fanIn(t.dims()));
        return uniform(t, -bound, bound, g);
    }

    /** He/Kaiming normal in fan-in mode: N(0, std^2), std = gain / sqrt(fanIn). */
    public static Tensor kaimingNormal(Tensor t, double a, Generator g) {
        return normal(t, 0, leakyReluGain(a) / Math.sqrt(fanIn(t.dims())), g);
    }
}
