package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.function.Function;

/**
 * Sample inputs for gradient checks, all FLOAT64: each op family declares its ops with these (see
 * {@link OpSpec}), and a user checking an op of their own can use them too.
 */
public final class Samples {
    /** A 3 x 4 standard-normal matrix. */
    public static final Function<Generator, Tensor> M34 = g -> normal(g, 3, 4);
    /** A standard-normal row of 4, which broadcasts against {@link #M34}. */
    public static final Function<Generator, Tensor> ROW4 = g -> normal(g, 4);
    /** A 3 x 4 matrix with values in [0.5, 2]: the domain of log, sqrt, pow. */
    public static final Function<Generator, Tensor> POSITIVE34 = g -> uniform(g, 0.5, 2.0, 3, 4);
    /** A 3 x 4 matrix away from zero (see {@link #awayFromZero}): for kinks and poles at 0. */
    public static final Function<Generator, Tensor> AWAY34 = g -> awayFromZero(g, 3, 4);

    private Samples() {
    }

    /** Standard-normal values of the given shape. */
    public static Tensor normal(Generator g, int... shape) {
        return Tensor.normal(0, 1, DType.FLOAT64, g, shape);
    }

    /** Values in [lo, hi]. */
    public static Tensor uniform(Generator g, double lo, double hi, int... shape) {
        return Tensor.uniform(lo, hi, DType.FLOAT64, g, shape);
    }

    /** Values with |x| in [0.2, 1.5] and random sign: away from kinks at 0 (relu, abs) and poles (1/x). */
    public static Tensor awayFromZero(Generator g, int... shape) {
        Tensor magnitude = uniform(g, 0.2, 1.5, shape);
        Tensor sign = Tensor.bernoulli(0.5, g, shape).to(DType.FLOAT64).mul(2).sub(1);
        return magnitude.mul(sign);
    }

    /** The inputs of one op, each drawn from its maker in turn with the same generator. */
    @SafeVarargs
    public static Function<Generator, Tensor[]> inputs(Function<Generator, Tensor>... makers) {
        return g -> {
            Tensor[] t = new Tensor[makers.length];
            for (int i = 0; i < makers.length; i++) t[i] = makers[i].apply(g);
            return t;
        };
    }
}
